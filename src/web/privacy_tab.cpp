#include "common/time_format.hpp"
#include "web/page_helpers.hpp"
#include "web/request_pages.hpp"

// The person's Privacy tab; declared with the other request pages in request_pages.hpp.
namespace vern::web {

void register_privacy_tab(http::Pipeline& pipeline, const RequestPages& pages) {
  pipeline.add(http::Method::kGet, "/persons/{id}/privacy", http::Access::kStaff,
               [pages](http::Request& request) {
                 const auto& actor = *request.context.actor;
                 const long long person_id = path_id(request, "person");
                 const auto person = pages.persons.get(actor, person_id);
                 const auto privacy = pages.requests.person_privacy(actor, person_id);
                 const privacy::Date today = pages.requests.today();
                 nlohmann::json model;
                 model["person"] = {{"id", person.id}, {"name", person.display_name()}};
                 model["on_privacy"] = true;
                 nlohmann::json requests = nlohmann::json::array();
                 for (const auto& data_request : privacy.requests) {
                   requests.push_back(request_row(request, data_request, today));
                 }
                 model["has_requests"] = !requests.empty();
                 model["requests"] = std::move(requests);
                 model["audit_visible"] = privacy.audit_visible;
                 nlohmann::json exports = nlohmann::json::array();
                 for (const auto& each : privacy.exports) {
                   exports.push_back({{"when", format_rfc3339(each.exported_at)},
                                      {"actor", each.actor},
                                      {"format", each.format}});
                 }
                 model["has_exports"] = !exports.empty();
                 model["exports"] = std::move(exports);
                 nlohmann::json events = nlohmann::json::array();
                 for (const auto& event : privacy.events) {
                   events.push_back({{"when", format_rfc3339(event.occurred_at)},
                                     {"actor", event.actor},
                                     {"action", event.action},
                                     {"details", event.details == "{}" ? "" : event.details}});
                 }
                 model["has_events"] = !events.empty();
                 model["events"] = std::move(events);
                 model["more_events"] = privacy.more_events;
                 std::string title = person.display_name();
                 title.append(" · ").append(text(request, "tab_privacy"));
                 return pages.views.page(request, "person_privacy", title, std::move(model));
               });
}

}  // namespace vern::web
