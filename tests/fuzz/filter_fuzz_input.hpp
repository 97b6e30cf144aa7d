#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "query/filter.hpp"
#include "query/filter_compiler.hpp"
#include "query/test_fields.hpp"
#include "storage/dialect.hpp"
#include "storage/dynamic_query.hpp"

namespace vern::fuzz {

/// Throws when a filter error could not be answered: not kInvalid, no field errors, or text that
/// could not be sent back as JSON.
inline void check_answerable(const Error& error) {
  if (error.kind() != ErrorKind::kInvalid || error.field_errors().empty()) {
    throw std::logic_error("a filter error must be kInvalid with field errors");
  }
  for (const FieldError& field_error : error.field_errors()) {
    // The API answers with these as JSON: dump() throws on text that is not UTF-8.
    (void)nlohmann::json{{"field", field_error.field}, {"message", field_error.message}}.dump();
    if (field_error.field.empty() || field_error.message.empty()) {
      throw std::logic_error("a filter error must name a field and say why");
    }
  }
}

/// What the filter fuzz target does with one input, shared with the regression test that replays
/// saved inputs: read it as JSON, parse and validate it as a filter against a fixed set of field
/// definitions, and compile a valid filter to SQL. Returns whether it was a valid filter.
/// Anything but a vern::Error escaping, or an error that could not be answered, is a bug; the
/// fuzzer reports it as a crash.
inline bool check_filter_input(const std::uint8_t* data, std::size_t size) {
  static const auto kFields = vern::testing::filter_test_fields();
  const auto json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return false;
  }
  std::optional<query::Filter> filter;
  try {
    filter = query::parse_filter(json, kFields);
  } catch (const Error& error) {
    check_answerable(error);
    return false;
  }
  storage::DynamicQuery query;
  try {
    query::compile_filter(*filter, storage::Dialect(storage::Backend::kSqlite), query);
  } catch (const Error& error) {
    check_answerable(error);  // consent filters, until consents exist
  }
  return true;
}

}  // namespace vern::fuzz
