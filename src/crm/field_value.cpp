#include "crm/field_value.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "common/text.hpp"
#include "common/validation.hpp"

namespace vern::crm {
namespace {

constexpr std::size_t kMaxText = 500;
constexpr std::size_t kMaxLongText = 20'000;

std::optional<std::string> check_text(const FieldDefinition& field, const std::string& text) {
  const bool long_text = field.type == FieldType::kLongText;
  if (!validation::is_clean_text(text)) {
    return "Use plain text without control characters.";
  }
  if (!long_text && text.find('\n') != std::string::npos) {
    return "Use a single line.";
  }
  if (text::utf8_length(text) > (long_text ? kMaxLongText : kMaxText)) {
    return "At most " + std::to_string(long_text ? kMaxLongText : kMaxText) + " characters.";
  }
  switch (field.type) {
    case FieldType::kEmail:
      return validation::is_email(text) ? std::nullopt
                                        : std::optional<std::string>("Not a valid e-mail address.");
    case FieldType::kPhone:
      return validation::is_phone(text) ? std::nullopt
                                        : std::optional<std::string>("Not a valid phone number.");
    case FieldType::kUrl:
      return validation::is_url(text)
                 ? std::nullopt
                 : std::optional<std::string>("Use an address starting with http:// or https://.");
    case FieldType::kDate:
      return validation::is_date(text) ? std::nullopt
                                       : std::optional<std::string>("Use a date as YYYY-MM-DD.");
    case FieldType::kOption:
      return field.has_option(text) ? std::nullopt
                                    : std::optional<std::string>("Not one of the options.");
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> check_field_value(const FieldDefinition& field,
                                             const nlohmann::json& value) {
  if (value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty())) {
    return std::nullopt;
  }
  switch (field.type) {
    case FieldType::kNumber:
      if (!value.is_number() || !std::isfinite(value.get<double>())) {
        return "Must be a number.";
      }
      return std::nullopt;
    case FieldType::kBoolean:
      return value.is_boolean() ? std::nullopt
                                : std::optional<std::string>("Must be true or false.");
    case FieldType::kMultiOption:
      if (!value.is_array()) {
        return "Must be a list of options.";
      }
      for (const auto& item : value) {
        if (!item.is_string() || !field.has_option(item.get<std::string>())) {
          return "Not one of the options.";
        }
      }
      return std::nullopt;
    default:
      if (!value.is_string()) {
        return "Must be text.";
      }
      return check_text(field, std::string(text::trim(value.get<std::string>())));
  }
}

nlohmann::json normalise_field_value(const FieldDefinition& field, const nlohmann::json& value) {
  if (value.is_string()) {
    std::string text = std::string(text::trim(value.get<std::string>()));
    if (text.empty()) {
      return nullptr;
    }
    if (field.type == FieldType::kEmail) {
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    return text;
  }
  if (value.is_array()) {
    std::set<std::string> unique;
    for (const auto& item : value) {
      unique.insert(item.get<std::string>());
    }
    return unique.empty() ? nlohmann::json(nullptr) : nlohmann::json(unique);
  }
  return value;
}

}  // namespace vern::crm
