#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "crm/field_definition.hpp"

namespace vern::crm {

/// Checks a JSON value against a field's type, options and length limits. Returns a message for
/// people, or nothing when the value is valid. Null and "" (no value) are always valid.
std::optional<std::string> check_field_value(const FieldDefinition& field,
                                             const nlohmann::json& value);

/// The value as it is stored: text trimmed, multi-option lists sorted and without repeats.
nlohmann::json normalise_field_value(const FieldDefinition& field, const nlohmann::json& value);

}  // namespace vern::crm
