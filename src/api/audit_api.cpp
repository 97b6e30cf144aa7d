#include "api/audit_api.hpp"

#include "api/json_io.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json event_json(const audit::AuditEvent& event) {
  return {{"id", event.id},
          {"occurred_at", format_rfc3339(event.occurred_at)},
          {"actor", event.actor},
          {"action", event.action},
          {"entity", event.entity},
          {"entity_id", event.entity_id ? nlohmann::ordered_json(*event.entity_id) : nullptr},
          {"person_id", event.person_id ? nlohmann::ordered_json(*event.person_id) : nullptr},
          {"details", nlohmann::ordered_json::parse(event.details, nullptr, false)},
          {"hash", event.hash}};
}

}  // namespace

void register_audit_api(http::Pipeline& pipeline, audit::AuditLog& audit) {
  pipeline.add(http::Method::kGet, "/api/v1/audit", http::Access::kStaff,
               [&audit](http::Request& request) {
                 audit::AuditQuery query = audit::parse_audit_query(
                     [&request](const std::string& name) { return request.query_param(name); });
                 query.limit = http::list_limit(request);
                 auto page = audit.list(*request.context.actor, query);
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& event : page.items) {
                   items.push_back(event_json(event));
                 }
                 nlohmann::ordered_json next = nullptr;
                 if (page.next_before_id) {
                   next = std::to_string(*page.next_before_id);
                 }
                 return json_response(200, {{"items", items}, {"next", next}});
               });
}

}  // namespace vern::api
