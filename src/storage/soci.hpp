#pragma once

// SOCI through one door. Debian's SOCI is built with Boost support, which only adds header-only
// conversions for Boost types that Vern does not use; switching it off spares every translation
// unit the Boost headers (and the build the libboost-dev dependency).
#include <soci/soci-config.h>
#undef SOCI_HAVE_BOOST
#undef SOCI_HAVE_BOOST_DATE_TIME
#include <soci/soci.h>
