#include "api/history_api.hpp"

#include <algorithm>
#include <initializer_list>

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"
#include "crm/field_definition.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json entry_json(const crm::HistoryEntry& entry) {
  return {{"id", entry.id},
          {"person_id", entry.person_id},
          {"type", entry.type},
          {"date", entry.date},
          {"text", entry.text},
          {"author", entry.author},
          {"created_at", format_rfc3339(entry.created_at)},
          {"updated_at", format_rfc3339(entry.updated_at)}};
}

nlohmann::ordered_json type_json(const crm::HistoryType& type) {
  return {
      {"key", type.key}, {"labels", crm::labels_to_json(type.labels)}, {"builtin", type.builtin}};
}

crm::HistoryChanges history_changes(const nlohmann::json& body) {
  FieldErrors errors;
  add_unknown_members(body, {"type", "date", "text"}, errors);
  crm::HistoryChanges changes{changed_text(body, "type", errors),
                              changed_text(body, "date", errors),
                              changed_text(body, "text", errors)};
  errors.throw_if_any();
  return changes;
}

}  // namespace

void register_history_api(http::Pipeline& pipeline, crm::HistoryService& history,
                          crm::HistoryTypeService& history_types) {
  pipeline.add(http::Method::kGet, "/api/v1/persons/{id}/history", http::Access::kStaff,
               [&history](http::Request& request) {
                 const crm::HistoryQuery query{request.query_param("after"), list_limit(request)};
                 const auto page = history.list(*request.context.actor, path_id(request), query);
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& entry : page.items) {
                   items.push_back(entry_json(entry));
                 }
                 return json_response(200, {{"items", items},
                                            {"next", page.next ? nlohmann::ordered_json(*page.next)
                                                               : nlohmann::ordered_json()}});
               });
  pipeline.add(http::Method::kPost, "/api/v1/persons/{id}/history", http::Access::kStaff,
               [&history](http::Request& request) {
                 const long long person_id = path_id(request);
                 const auto changes = history_changes(parse_object(request));
                 const crm::NewHistoryEntry entry{changes.type.value_or(""),
                                                  changes.date.value_or(""),
                                                  changes.text.value_or("")};
                 return json_response(
                     201, entry_json(history.create(*request.context.actor, person_id, entry)));
               });
  pipeline.add(http::Method::kPatch, "/api/v1/history/{id}", http::Access::kStaff,
               [&history](http::Request& request) {
                 const long long id = path_id(request);
                 const auto changes = history_changes(parse_object(request));
                 return json_response(
                     200, entry_json(history.update(*request.context.actor, id, changes)));
               });
  pipeline.add(http::Method::kDelete, "/api/v1/history/{id}", http::Access::kStaff,
               [&history](http::Request& request) {
                 history.remove(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });

  pipeline.add(http::Method::kGet, "/api/v1/history-types", http::Access::kStaff,
               [&history_types](http::Request& request) {
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& type : history_types.list(*request.context.actor)) {
                   items.push_back(type_json(type));
                 }
                 return json_response(200, {{"items", items}, {"next", nullptr}});
               });
  pipeline.add(http::Method::kPost, "/api/v1/history-types", http::Access::kStaff,
               [&history_types](http::Request& request) {
                 const auto body = parse_object(request);
                 FieldErrors errors;
                 add_unknown_members(body, {"key", "labels"}, errors);
                 errors.throw_if_any();
                 crm::HistoryType type;
                 type.key = string_field(body, "key");
                 if (const auto labels = body.find("labels"); labels != body.end()) {
                   type.labels = crm::labels_from_json(*labels, "labels");
                 }
                 return json_response(
                     201, type_json(history_types.create(*request.context.actor, type)));
               });
  pipeline.add(http::Method::kDelete, "/api/v1/history-types/{key}", http::Access::kStaff,
               [&history_types](http::Request& request) {
                 history_types.remove(*request.context.actor, request.path_param("key"));
                 return http::Response::no_content();
               });
}

}  // namespace vern::api
