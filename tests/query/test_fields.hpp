#pragma once

#include <string>
#include <vector>

#include "crm/field_definition.hpp"

namespace vern::testing {

/// The built-in field definitions of migration 2 and one custom field of each kind, as the
/// filter tests and the fuzz target check filters against.
inline std::vector<crm::FieldDefinition> filter_test_fields() {
  using crm::FieldType;
  const auto field = [](std::string key, FieldType type, bool builtin,
                        std::vector<std::string> options = {}) {
    crm::FieldDefinition definition;
    definition.key = std::move(key);
    definition.type = type;
    definition.builtin = builtin;
    definition.labels = {definition.key, definition.key, definition.key};
    for (std::string& value : options) {
      definition.options.push_back({std::move(value), {}});
    }
    return definition;
  };
  return {
      field("first_name", FieldType::kText, true),
      field("last_name", FieldType::kText, true),
      field("email", FieldType::kEmail, true),
      field("phone", FieldType::kPhone, true),
      field("mobile", FieldType::kPhone, true),
      field("street", FieldType::kText, true),
      field("postal_code", FieldType::kText, true),
      field("city", FieldType::kText, true),
      field("country", FieldType::kText, true),
      field("birth_date", FieldType::kDate, true),
      field("title", FieldType::kText, true),
      field("company_id", FieldType::kNumber, true),
      field("language", FieldType::kOption, true, {"nb", "sv", "da", "fi", "en"}),
      field("shoe_size", FieldType::kNumber, false),
      field("member_since", FieldType::kDate, false),
      field("vip", FieldType::kBoolean, false),
      field("segment", FieldType::kOption, false, {"a", "b", "c"}),
      field("interests", FieldType::kMultiOption, false, {"golf", "ski", "sail"}),
      field("notes", FieldType::kLongText, false),
      field("website", FieldType::kUrl, false),
  };
}

}  // namespace vern::testing
