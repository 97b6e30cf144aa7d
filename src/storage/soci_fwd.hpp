#pragma once

// SOCI's types by name only, for headers that pass them by reference: the services' and the
// database's headers name a session without making every handler compile SOCI. Stores and the
// files that run SQL include storage/soci.hpp.
namespace soci {
class session;
class row;
class statement;
class connection_pool;
class soci_error;
}  // namespace soci
