#pragma once

#include <optional>
#include <string>

#include "storage/soci.hpp"

namespace vern::storage {

// Typed reads from a soci::row that work the same on both databases: SQLite reports a column's
// type from its declaration (INTEGER reads as 32-bit int), PostgreSQL from the value's type.

long long get_int64(const soci::row& row, std::size_t column);
std::optional<long long> get_optional_int64(const soci::row& row, std::size_t column);
std::string get_text(const soci::row& row, std::size_t column);
std::optional<std::string> get_optional_text(const soci::row& row, std::size_t column);
bool get_bool(const soci::row& row, std::size_t column);

}  // namespace vern::storage
