#include "web/person_form.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "common/validation.hpp"

namespace vern::web {
namespace {

constexpr std::string_view kBuiltinPrefix = "f.";
constexpr std::string_view kCustomPrefix = "c.";
constexpr std::string_view kCompanyKey = "company_id";

std::string input_name(const crm::FieldDefinition& field) {
  return std::string(field.builtin ? kBuiltinPrefix : kCustomPrefix) + field.key;
}

std::string error_key(const crm::FieldDefinition& field) {
  return field.builtin ? field.key : "custom." + field.key;
}

nlohmann::json value_of(const crm::FieldDefinition& field, const nlohmann::json& values) {
  const auto source = field.builtin ? values.find(field.key) : values.find("custom");
  if (source == values.end()) {
    return nullptr;
  }
  if (field.builtin) {
    return *source;
  }
  const auto custom = source->find(field.key);
  return source->is_object() && custom != source->end() ? *custom : nlohmann::json(nullptr);
}

std::string as_text(const nlohmann::json& value) {
  if (value.is_null()) {
    return "";
  }
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string_view input_type(crm::FieldType type) {
  switch (type) {
    case crm::FieldType::kEmail:
      return "email";
    case crm::FieldType::kPhone:
      return "tel";
    case crm::FieldType::kUrl:
      return "url";
    case crm::FieldType::kDate:
      return "date";
    default:
      return "text";
  }
}

bool contains(const nlohmann::json& list, const std::string& value) {
  return list.is_array() && std::find(list.begin(), list.end(), value) != list.end();
}

nlohmann::json parsed_number(const std::string& text) {
  std::string normalised = text;
  std::replace(normalised.begin(), normalised.end(), ',', '.');
  const auto number = nlohmann::json::parse(normalised, nullptr, false);
  return number.is_number() ? number : nlohmann::json(text);
}

std::string option_label(const crm::FieldDefinition& field, const std::string& value,
                         const std::string& locale) {
  for (const auto& option : field.options) {
    if (option.value == value) {
      return option.labels.in(locale);
    }
  }
  return value;
}

}  // namespace

nlohmann::json form_values(const crm::Person& person) {
  return nlohmann::json(crm::person_values(person));  // converted, not printed and parsed again
}

nlohmann::json person_form_inputs(const std::vector<crm::FieldDefinition>& fields,
                                  const nlohmann::json& values, const FormErrors& errors,
                                  const std::string& locale, const CompanyChoice& company) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const crm::FieldDefinition& field : fields) {
    const nlohmann::json value = value_of(field, values);
    nlohmann::json input;
    input["id"] = "field-" + field.key;
    input["name"] = input_name(field);
    input["label"] = field.labels.in(locale);
    input["value"] = as_text(value);
    if (auto error = errors.find(error_key(field)); error != errors.end()) {
      input["error"] = error->second;
    }
    if (field.builtin && field.key == kCompanyKey) {
      // Picked by name: ids mean nothing to the user, and thousands of companies do not fit a
      // select.
      input["is_company"] = true;
      input["name"] = "company";
      input["value"] = company.text;
      if (company.current_id) {
        input["current_id"] = std::to_string(*company.current_id);
      }
      inputs.push_back(std::move(input));
      continue;
    }
    switch (field.type) {
      case crm::FieldType::kLongText:
        input["is_long_text"] = true;
        break;
      case crm::FieldType::kNumber:
        input["is_number"] = true;
        break;
      case crm::FieldType::kBoolean:
        input["is_boolean"] = true;
        input["checked"] = value.is_boolean() && value.get<bool>();
        break;
      case crm::FieldType::kOption:
      case crm::FieldType::kMultiOption: {
        const bool multi = field.type == crm::FieldType::kMultiOption;
        input[multi ? "is_multi" : "is_option"] = true;
        nlohmann::json options = nlohmann::json::array();
        for (const auto& option : field.options) {
          const bool selected =
              multi ? contains(value, option.value) : as_text(value) == option.value;
          options.push_back({{"value", option.value},
                             {"label", option.labels.in(locale)},
                             {"selected", selected},
                             {"name", input_name(field) + "." + option.value},
                             {"id", "field-" + field.key + "-" + option.value}});
        }
        input["options"] = options;
        break;
      }
      default:
        input["is_input"] = true;
        input["type"] = input_type(field.type);
    }
    inputs.push_back(std::move(input));
  }
  return inputs;
}

nlohmann::json person_values_from_form(const std::vector<crm::FieldDefinition>& fields,
                                       const http::Request& request) {
  nlohmann::json values = nlohmann::json::object();
  nlohmann::json custom = nlohmann::json::object();
  for (const crm::FieldDefinition& field : fields) {
    if (field.builtin && field.key == kCompanyKey) {
      continue;
    }
    const std::string name = input_name(field);
    nlohmann::json& target = field.builtin ? values[field.key] : custom[field.key];
    const std::string text = request.form_field(name);
    switch (field.type) {
      case crm::FieldType::kBoolean:
        target = !text.empty();
        break;
      case crm::FieldType::kMultiOption: {
        nlohmann::json chosen = nlohmann::json::array();
        for (const auto& option : field.options) {
          if (!request.form_field(name + "." + option.value).empty()) {
            chosen.push_back(option.value);
          }
        }
        target = chosen.empty() ? nlohmann::json(nullptr) : chosen;
        break;
      }
      case crm::FieldType::kNumber:
        target = text.empty() ? nlohmann::json(nullptr) : parsed_number(text);
        break;
      default:
        target = text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
    }
  }
  if (!custom.empty()) {
    values["custom"] = custom;
  }
  return values;
}

CompanyChoice company_choice_from_form(const http::Request& request) {
  return {std::string(text::trim(request.form_field("company"))),
          validation::parse_id(request.form_field("company_current"))};
}

nlohmann::json person_details(const std::vector<crm::FieldDefinition>& fields,
                              const crm::Person& person, const std::string& locale,
                              const std::string& company_name) {
  const nlohmann::json values = form_values(person);
  nlohmann::json details = nlohmann::json::array();
  for (const crm::FieldDefinition& field : fields) {
    const nlohmann::json value = value_of(field, values);
    std::string shown;
    if (value.is_array()) {
      for (const auto& item : value) {
        shown += (shown.empty() ? "" : ", ") + option_label(field, as_text(item), locale);
      }
    } else if (value.is_boolean()) {
      shown = value.get<bool>() ? "✓" : "–";
    } else if (field.type == crm::FieldType::kOption) {
      shown = value.is_null() ? "" : option_label(field, as_text(value), locale);
    } else {
      shown = as_text(value);
    }
    nlohmann::json detail = {{"label", field.labels.in(locale)}, {"value", shown}};
    if (field.key == kCompanyKey && person.company_id) {
      detail["value"] = company_name.empty() ? shown : company_name;
      detail["href"] = "/companies/" + std::to_string(*person.company_id);
    }
    details.push_back(std::move(detail));
  }
  return details;
}

}  // namespace vern::web
