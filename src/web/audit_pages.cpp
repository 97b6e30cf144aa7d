#include "web/audit_pages.hpp"

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "http/params.hpp"

namespace vern::web {

void register_audit_pages(http::Pipeline& pipeline, const Views& views, audit::AuditLog& audit) {
  pipeline.add(
      http::Method::kGet, "/audit", http::Access::kStaff, [&views, &audit](http::Request& request) {
        nlohmann::json model;
        model["filter"] = nlohmann::json::object();
        std::string next_query;
        for (const std::string name : {"actor", "action", "person_id", "from", "to"}) {
          const std::string value = request.query_param(name);
          model["filter"][name] = value;
          if (!value.empty()) {
            next_query += name + "=" + http::url_encode(value) + "&";
          }
        }
        int status = 200;
        nlohmann::json events = nlohmann::json::array();
        try {
          audit::AuditQuery query = audit::parse_audit_query(
              [&request](const std::string& name) { return request.query_param(name); });
          query.limit = http::list_limit(request);
          auto page = audit.list(*request.context.actor, query);
          for (const auto& event : page.items) {
            events.push_back(
                {{"id", event.id},
                 {"time", format_rfc3339(event.occurred_at)},
                 {"actor", event.actor},
                 {"action", event.action},
                 {"entity", event.entity},
                 {"entity_id", event.entity_id.value_or("")},
                 {"person_id", event.person_id ? std::to_string(*event.person_id) : ""},
                 {"details", event.details == "{}" ? "" : event.details}});
          }
          if (page.next_before_id) {
            model["next"] =
                "/audit?" + next_query + "after=" + std::to_string(*page.next_before_id);
          }
        } catch (const Error& error) {
          if (error.kind() != ErrorKind::kInvalid) {
            throw;
          }
          model["error"] =
              error.field_errors().front().field + ": " + error.field_errors().front().message;
          status = 422;
        }
        model["events"] = events;
        return views.page(request, "audit", i18n::text(request.context.locale, "nav_audit"), model,
                          status);
      });
}

}  // namespace vern::web
