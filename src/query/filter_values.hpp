#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "query/filter.hpp"

namespace vern::query {

// The pieces of the filter parser that read single values, kept apart from the tree walk.

/// "filter.and" from "filter" and "and"; "filter.and[2]" from "filter.and" and 2.
std::string path_of(const std::string& path, std::string_view key);
std::string path_of(const std::string& path, std::size_t index);

/// `text` in single quotes for a message, shortened when long; input that is not one line of
/// text is not repeated at all.
std::string quote_input(std::string_view text);

/// A JSON integer (or integral number) from 1 to the largest long long.
std::optional<long long> positive_id(const nlohmann::json& value);

/// The Unix time of 00:00 UTC on a valid "YYYY-MM-DD" date.
long long day_start(std::string_view date);

/// Reads the "value" of one field condition: checks its shape for the operator (one value, a
/// list for `in`, two for `between`, none for `is_empty`) and each value for the field's kind.
class ValueReader {
 public:
  ValueReader(const FilterField& field, Op op, const FilterLimits& limits)
      : field_(field), op_(op), limits_(limits) {}

  /// The checked values, or nothing with error() telling why. `value` is null when absent.
  std::optional<std::vector<FilterValue>> read(const nlohmann::json* value,
                                               const std::string& path);
  const FieldError& error() const { return error_; }

 private:
  std::optional<std::vector<FilterValue>> read_list(const nlohmann::json& value,
                                                    const std::string& path);
  std::optional<std::vector<FilterValue>> read_pair(const nlohmann::json& value,
                                                    const std::string& path);
  std::optional<std::vector<FilterValue>> read_option_set(const nlohmann::json& value,
                                                          const std::string& path);
  std::optional<FilterValue> read_one(const nlohmann::json& value, const std::string& path);
  std::optional<FilterValue> read_text(const nlohmann::json& value, const std::string& path);
  std::optional<FilterValue> read_option(const nlohmann::json& value, const std::string& path);
  std::optional<FilterValue> read_time(const nlohmann::json& value, const std::string& path);

  template <typename T>
  std::optional<T> fail(std::string path, std::string message) {
    error_ = {std::move(path), std::move(message)};
    return std::nullopt;
  }

  const FilterField& field_;
  Op op_;
  const FilterLimits& limits_;
  FieldError error_;
};

}  // namespace vern::query
