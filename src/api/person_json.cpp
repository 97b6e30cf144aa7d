#include "api/person_json.hpp"

#include "api/json_io.hpp"
#include "common/time_format.hpp"

namespace vern::api {
nlohmann::ordered_json person_json(const crm::Person& person) {
  nlohmann::ordered_json json;
  json["id"] = person.id;
  json["version"] = person.version;
  json.update(crm::person_values(person));
  json["processing_restricted"] = person.processing_restricted;
  json["restriction_reason"] = text_or_null(person.restriction_reason);
  json["restricted_at"] = time_or_null(person.restricted_at);
  json["objects_to_direct_marketing"] = person.objects_to_direct_marketing;
  json["objection_at"] = time_or_null(person.objection_at);
  json["legal_hold"] = person.legal_hold;
  json["legal_hold_reason"] = text_or_null(person.legal_hold_reason);
  json["legal_hold_at"] = time_or_null(person.legal_hold_at);
  json["created_at"] = format_rfc3339(person.created_at);
  json["updated_at"] = format_rfc3339(person.updated_at);
  return json;
}

nlohmann::ordered_json field_json(const crm::FieldDefinition& field) {
  nlohmann::ordered_json json;
  json["key"] = field.key;
  json["type"] = crm::to_string(field.type);
  json["builtin"] = field.builtin;
  json["labels"] = crm::labels_to_json(field.labels);
  json["options"] = crm::options_to_json(field.options);
  json["portal"] = crm::to_string(field.portal);
  json["portal_order"] = field.portal_order;
  return json;
}

}  // namespace vern::api
