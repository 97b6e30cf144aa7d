#pragma once

// SOCI's SQLite and PostgreSQL backends, after storage/soci.hpp has turned Boost off (the order
// matters, so clang-format must not sort it).
// clang-format off
#include "storage/soci.hpp"
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
// clang-format on
