#include "crm/field_definition.hpp"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/enum_names.hpp"
#include "common/error.hpp"

namespace vern::crm {
namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 10> kTypeNames = {{
    {FieldType::kText, "text"},
    {FieldType::kLongText, "long_text"},
    {FieldType::kNumber, "number"},
    {FieldType::kDate, "date"},
    {FieldType::kBoolean, "boolean"},
    {FieldType::kOption, "option"},
    {FieldType::kMultiOption, "multi_option"},
    {FieldType::kEmail, "email"},
    {FieldType::kPhone, "phone"},
    {FieldType::kUrl, "url"},
}};

constexpr std::array<std::pair<PortalAccess, std::string_view>, 3> kPortalNames = {{
    {PortalAccess::kHidden, "hidden"},
    {PortalAccess::kRead, "read"},
    {PortalAccess::kEdit, "edit"},
}};

}  // namespace

std::string_view to_string(FieldType type) {
  return name_of(kTypeNames, type);
}
std::optional<FieldType> parse_field_type(std::string_view text) {
  return value_of(kTypeNames, text);
}

std::string_view to_string(PortalAccess access) {
  return name_of(kPortalNames, access);
}
std::optional<PortalAccess> parse_portal_access(std::string_view text) {
  return value_of(kPortalNames, text);
}

const std::string& Labels::in(std::string_view locale) const {
  if (locale == "nb" && !nb.empty()) {
    return nb;
  }
  if (locale == "sv" && !sv.empty()) {
    return sv;
  }
  return en;
}

bool FieldDefinition::has_option(std::string_view value) const {
  for (const FieldOption& option : options) {
    if (option.value == value) {
      return true;
    }
  }
  return false;
}

CustomTypes custom_types_of(const std::vector<FieldDefinition>& fields) {
  CustomTypes types;
  for (const FieldDefinition& field : fields) {
    if (!field.builtin) {
      types.emplace(field.key, field.type);
    }
  }
  return types;
}

std::string FieldDefinition::option_label(std::string_view value, std::string_view locale) const {
  for (const FieldOption& option : options) {
    if (option.value == value) {
      return option.labels.in(locale);
    }
  }
  return std::string(value);
}

Labels labels_from_json(const nlohmann::json& json, const std::string& field) {
  if (!json.is_object()) {
    throw Error::invalid_field(field, "Labels must be an object with en, nb and sv texts.");
  }
  Labels labels;
  for (auto [locale, target] :
       {std::pair{"en", &labels.en}, std::pair{"nb", &labels.nb}, std::pair{"sv", &labels.sv}}) {
    const auto it = json.find(locale);
    if (it == json.end() || it->is_null()) {
      continue;
    }
    if (!it->is_string()) {
      throw Error::invalid_field(field, std::string("The ") + locale + " label must be a string.");
    }
    *target = it->get<std::string>();
  }
  return labels;
}

nlohmann::json labels_to_json(const Labels& labels) {
  return {{"en", labels.en}, {"nb", labels.nb}, {"sv", labels.sv}};
}

nlohmann::json options_to_json(const std::vector<FieldOption>& options) {
  nlohmann::json list = nlohmann::json::array();
  for (const FieldOption& option : options) {
    list.push_back({{"value", option.value}, {"labels", labels_to_json(option.labels)}});
  }
  return list;
}

std::vector<FieldOption> options_from_json(const nlohmann::json& json, const std::string& field) {
  if (!json.is_array()) {
    throw Error::invalid_field(field, "Options must be a list.");
  }
  std::vector<FieldOption> options;
  for (const auto& item : json) {
    const auto value = item.find("value");
    if (!item.is_object() || value == item.end() || !value->is_string()) {
      throw Error::invalid_field(field, "Each option needs a \"value\" string.");
    }
    FieldOption option;
    option.value = value->get<std::string>();
    if (const auto labels = item.find("labels"); labels != item.end() && labels->is_object()) {
      option.labels = labels_from_json(*labels, field);
    }
    if (option.labels.en.empty()) {
      option.labels.en = option.value;
    }
    options.push_back(std::move(option));
  }
  return options;
}

}  // namespace vern::crm
