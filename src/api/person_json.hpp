#pragma once

#include <nlohmann/json.hpp>

#include "crm/field_definition.hpp"
#include "crm/person.hpp"

namespace vern::api {

/// A person as the API shows it: every key of API.md, empty text as null, times in RFC 3339.
nlohmann::ordered_json person_json(const crm::Person& person);

/// A field definition as the API shows it.
nlohmann::ordered_json field_json(const crm::FieldDefinition& field);

}  // namespace vern::api
