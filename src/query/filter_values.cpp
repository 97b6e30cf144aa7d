#include "query/filter_values.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>

#include "common/text.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"

namespace vern::query {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextValue = 1000;  // characters in one text value
constexpr std::size_t kMaxQuoted = 40;       // bytes of user input repeated in a message
constexpr long long kSecondsPerDay = 86'400;
// Doubles at or beyond 2^63 do not fit a long long.
constexpr double kLongLongBound = 9'223'372'036'854'775'808.0;

std::optional<long long> integer_of(const json& value) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(std::numeric_limits<long long>::max())) {
      return std::nullopt;
    }
    return static_cast<long long>(number);
  }
  if (value.is_number_integer()) {
    return value.get<std::int64_t>();
  }
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (!std::isfinite(number) || std::floor(number) != number || number >= kLongLongBound ||
        number < -kLongLongBound) {
      return std::nullopt;
    }
    return static_cast<long long>(number);
  }
  return std::nullopt;
}

/// True when `a` comes after `b` (two values of one kind).
bool after(const FilterValue& a, const FilterValue& b) {
  if (const auto* span = std::get_if<TimeSpan>(&a)) {
    return span->first > std::get<TimeSpan>(b).last;
  }
  return b < a;
}

}  // namespace

std::string path_of(const std::string& path, std::string_view key) {
  std::string out = path;
  out += '.';
  // Keys come from the input: a key that is not plain text is not repeated.
  out += validation::is_single_line(key) && key.size() <= kMaxQuoted ? std::string(key) : "?";
  return out;
}

std::string path_of(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string quote_input(std::string_view text) {
  if (!validation::is_single_line(text)) {
    return "(not shown: not one line of text)";
  }
  if (text.size() <= kMaxQuoted) {
    return text::concat("'", text, "'");
  }
  return text::concat("'", text.substr(0, text::character_start(text, kMaxQuoted)), "…'");
}

std::optional<long long> positive_id(const json& value) {
  const auto id = integer_of(value);
  return id && *id > 0 ? id : std::nullopt;
}

long long day_start(std::string_view date) {
  using namespace std::chrono;
  const auto number = [date](std::size_t pos, std::size_t count) {
    int result = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
      result = result * 10 + (date[i] - '0');
    }
    return result;
  };
  const year_month_day day{year{number(0, 4)}, month{static_cast<unsigned>(number(5, 2))},
                           std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  return duration_cast<seconds>(sys_days{day}.time_since_epoch()).count();
}

std::optional<std::vector<FilterValue>> ValueReader::read(const json* value,
                                                          const std::string& path) {
  const Arity arity = arity_of(op_);
  if (arity == Arity::kNone) {
    if (value != nullptr && !value->is_null()) {
      return fail<std::vector<FilterValue>>(path, "takes no value with this operator");
    }
    return std::vector<FilterValue>{};
  }
  if (value == nullptr || value->is_null()) {
    return fail<std::vector<FilterValue>>(path, "is required");
  }
  if (arity == Arity::kList) {
    return read_list(*value, path);
  }
  if (arity == Arity::kTwo) {
    return read_pair(*value, path);
  }
  if (field_.kind == ValueKind::kMultiOption) {
    return read_option_set(*value, path);
  }
  if (value->is_array()) {
    return fail<std::vector<FilterValue>>(path, "must be a single value; lists are for 'in'");
  }
  auto one = read_one(*value, path);
  if (!one) {
    return std::nullopt;
  }
  return std::vector<FilterValue>{std::move(*one)};
}

std::optional<std::vector<FilterValue>> ValueReader::read_list(const json& value,
                                                               const std::string& path) {
  if (!value.is_array() || value.empty() || value.size() > limits_.max_list_values) {
    return fail<std::vector<FilterValue>>(
        path, "must be a list of 1 to " + std::to_string(limits_.max_list_values) + " values");
  }
  std::vector<FilterValue> values;
  values.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto one = read_one(value[i], path_of(path, i));
    if (!one) {
      return std::nullopt;
    }
    values.push_back(std::move(*one));
  }
  return values;
}

std::optional<std::vector<FilterValue>> ValueReader::read_pair(const json& value,
                                                               const std::string& path) {
  if (!value.is_array() || value.size() != 2) {
    return fail<std::vector<FilterValue>>(path, "must be a list of two values [from, to]");
  }
  auto values = read_list(value, path);
  if (values && after((*values)[0], (*values)[1])) {
    return fail<std::vector<FilterValue>>(path, "the first value must not be after the second");
  }
  return values;
}

std::optional<std::vector<FilterValue>> ValueReader::read_option_set(const json& value,
                                                                     const std::string& path) {
  if (value.is_string()) {
    auto one = read_option(value, path);
    if (!one) {
      return std::nullopt;
    }
    return std::vector<FilterValue>{std::move(*one)};
  }
  auto values = read_list(value, path);
  if (values) {
    std::sort(values->begin(), values->end());
    values->erase(std::unique(values->begin(), values->end()), values->end());
  }
  return values;
}

std::optional<FilterValue> ValueReader::read_one(const json& value, const std::string& path) {
  switch (field_.kind) {
    case ValueKind::kText:
      return read_text(value, path);
    case ValueKind::kNumber:
      if (!value.is_number() || !std::isfinite(value.get<double>())) {
        return fail<FilterValue>(path, "must be a number");
      }
      return value.get<double>();
    case ValueKind::kInteger:
      if (const auto integer = integer_of(value)) {
        return *integer;
      }
      return fail<FilterValue>(path, "must be a whole number");
    case ValueKind::kDate:
      if (!value.is_string() || !validation::is_date(value.get_ref<const std::string&>())) {
        return fail<FilterValue>(path, "must be a date (YYYY-MM-DD)");
      }
      return value.get<std::string>();
    case ValueKind::kTimestamp:
      return read_time(value, path);
    case ValueKind::kBoolean:
      if (!value.is_boolean()) {
        return fail<FilterValue>(path, "must be true or false");
      }
      return value.get<bool>();
    case ValueKind::kOption:
    case ValueKind::kMultiOption:
      return read_option(value, path);
  }
  return fail<FilterValue>(path, "cannot be compared");
}

std::optional<FilterValue> ValueReader::read_text(const json& value, const std::string& path) {
  if (!value.is_string()) {
    return fail<FilterValue>(path, "must be text");
  }
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty()) {
    return fail<FilterValue>(path, "must not be empty; use is_empty to find empty fields");
  }
  if (!validation::is_clean_text(text)) {
    return fail<FilterValue>(path, "must be plain text without control characters");
  }
  if (text::utf8_length(text) > kMaxTextValue) {
    return fail<FilterValue>(path,
                             "must be at most " + std::to_string(kMaxTextValue) + " characters");
  }
  return text;
}

std::optional<FilterValue> ValueReader::read_option(const json& value, const std::string& path) {
  if (!value.is_string()) {
    return fail<FilterValue>(path, "must be one of the field's options");
  }
  const auto& text = value.get_ref<const std::string&>();
  if (std::find(field_.options.begin(), field_.options.end(), text) == field_.options.end()) {
    return fail<FilterValue>(
        path, "unknown option " + quote_input(text) + " for field '" + field_.key + "'");
  }
  return text;
}

std::optional<FilterValue> ValueReader::read_time(const json& value, const std::string& path) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (validation::is_date(text)) {
      const long long start = day_start(text);
      return TimeSpan{start, start + kSecondsPerDay - 1};
    }
    if (const auto instant = parse_rfc3339(text)) {
      return TimeSpan{*instant, *instant};
    }
  }
  return fail<FilterValue>(
      path, "must be a date (YYYY-MM-DD) or a time (RFC 3339, such as 2026-11-29T09:46:56Z)");
}

}  // namespace vern::query
