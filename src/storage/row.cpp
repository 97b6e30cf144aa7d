#include "storage/row.hpp"

#include <stdexcept>

#include "storage/soci.hpp"

namespace vern::storage {

std::optional<long long> get_optional_int64(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) {
    return std::nullopt;
  }
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(column);
    case soci::dt_long_long:
      return row.get<long long>(column);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(row.get<unsigned long long>(column));
    case soci::dt_double:
      return static_cast<long long>(row.get<double>(column));
    case soci::dt_string:
      return std::stoll(row.get<std::string>(column));
    default:
      throw std::logic_error("column " + row.get_properties(column).get_name() +
                             " is not an integer");
  }
}

long long get_int64(const soci::row& row, std::size_t column) {
  return get_optional_int64(row, column).value_or(0);
}

std::optional<std::string> get_optional_text(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) {
    return std::nullopt;
  }
  if (row.get_properties(column).get_data_type() != soci::dt_string) {
    return std::to_string(get_int64(row, column));
  }
  return row.get<std::string>(column);
}

std::string get_text(const soci::row& row, std::size_t column) {
  return get_optional_text(row, column).value_or("");
}

bool get_bool(const soci::row& row, std::size_t column) {
  return get_int64(row, column) != 0;
}

}  // namespace vern::storage
