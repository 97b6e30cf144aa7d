#include "api/audit_api.hpp"

#include <charconv>

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

std::optional<UnixTime> time_param(const http::Request& request, const std::string& name) {
  const std::string text = request.query_param(name);
  if (text.empty()) {
    return std::nullopt;
  }
  // A bare date means the start of that day (UTC).
  auto time = parse_rfc3339(text.size() == 10 ? text + "T00:00:00Z" : text);
  if (!time) {
    throw Error::invalid_field(name, "Use a date (2026-11-29) or an RFC 3339 time.");
  }
  return time;
}

std::optional<std::string> text_param(const http::Request& request, const std::string& name) {
  std::string text = request.query_param(name);
  return text.empty() ? std::nullopt : std::optional(text);
}

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

audit::AuditQuery audit_query_from(const http::Request& request) {
  audit::AuditQuery query;
  query.person_id = integer_param(request, "person_id");
  query.actor = text_param(request, "actor");
  query.action = text_param(request, "action");
  query.from = time_param(request, "from");
  query.to = time_param(request, "to");
  query.before_id = integer_param(request, "after");
  query.limit = list_limit(request);
  return query;
}

void register_audit_api(http::Pipeline& pipeline, audit::AuditLog& audit) {
  pipeline.add(http::Method::kGet, "/api/v1/audit", http::Access::kStaff,
               [&audit](http::Request& request) {
                 auto page = audit.list(*request.context.actor, audit_query_from(request));
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
