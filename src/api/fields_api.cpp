#include "api/fields_api.hpp"

#include "api/json_io.hpp"
#include "api/person_json.hpp"
#include "common/error.hpp"

namespace vern::api {
namespace {

crm::FieldChanges changes_from(const nlohmann::json& body) {
  crm::FieldChanges changes;
  FieldErrors errors;
  for (const auto& [key, value] : body.items()) {
    if (key == "portal") {
      auto access =
          value.is_string() ? crm::parse_portal_access(value.get<std::string>()) : std::nullopt;
      if (!access) {
        errors.add("portal", "Choose hidden, read or edit.");
      }
      changes.portal = access;
    } else if (key == "portal_order") {
      if (!value.is_number_integer() || value.get<long long>() < 0 ||
          value.get<long long>() > 100'000) {
        errors.add("portal_order", "Must be a whole number from 0 to 100000.");
      } else {
        changes.portal_order = value.get<int>();
      }
    } else if (key == "labels") {
      changes.labels = crm::labels_from_json(value, "labels");
    } else if (key == "options") {
      changes.options = crm::options_from_json(value, "options");
    } else {
      errors.add(key.substr(0, 100),
                 "This cannot be changed; change portal, portal_order, labels "
                 "or options.");
    }
  }
  errors.throw_if_any();
  return changes;
}

crm::NewField new_field_from(const nlohmann::json& body) {
  crm::NewField field;
  field.key = string_field(body, "key");
  const auto type = crm::parse_field_type(string_field(body, "type"));
  if (!type) {
    throw Error::invalid_field("type",
                               "Choose text, long_text, number, date, boolean, option, "
                               "multi_option, email, phone or url.");
  }
  field.type = *type;
  if (const auto labels = body.find("labels"); labels != body.end()) {
    field.labels = crm::labels_from_json(*labels, "labels");
  }
  if (const auto options = body.find("options"); options != body.end() && !options->is_null()) {
    field.options = crm::options_from_json(*options, "options");
  }
  return field;
}

}  // namespace

void register_fields_api(http::Pipeline& pipeline, crm::FieldService& fields) {
  pipeline.add(http::Method::kGet, "/api/v1/fields", http::Access::kStaff,
               [&fields](http::Request& request) {
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& field : fields.list(*request.context.actor)) {
                   items.push_back(field_json(field));
                 }
                 return json_response(200, {{"items", items}, {"next", nullptr}});
               });
  pipeline.add(http::Method::kGet, "/api/v1/fields/{key}", http::Access::kStaff,
               [&fields](http::Request& request) {
                 return json_response(200, field_json(fields.get(*request.context.actor,
                                                                 request.path_param("key"))));
               });
  pipeline.add(http::Method::kPost, "/api/v1/fields", http::Access::kStaff,
               [&fields](http::Request& request) {
                 const auto field =
                     fields.create(*request.context.actor, new_field_from(parse_object(request)));
                 return json_response(201, field_json(field));
               });
  pipeline.add(http::Method::kPatch, "/api/v1/fields/{key}", http::Access::kStaff,
               [&fields](http::Request& request) {
                 const auto field = fields.change(*request.context.actor, request.path_param("key"),
                                                  changes_from(parse_object(request)));
                 return json_response(200, field_json(field));
               });
  pipeline.add(http::Method::kDelete, "/api/v1/fields/{key}", http::Access::kStaff,
               [&fields](http::Request& request) {
                 const auto confirm = request.query_param("confirm") == "true"
                                          ? crm::DeleteValues::kConfirmed
                                          : crm::DeleteValues::kRefuse;
                 fields.remove(*request.context.actor, request.path_param("key"), confirm);
                 return http::Response::no_content();
               });
}

}  // namespace vern::api
