#include "web/dashboard_page.hpp"

#include "common/i18n.hpp"
#include "web/page_helpers.hpp"
#include "web/svg_chart.hpp"

namespace vern::web {
namespace {

// The weeks the requests chart shows after the overdue bar, before "later".
constexpr int kRequestWeeks = 6;

/// The open requests by due week: the chart and its numbers as a table.
void add_requests_chart(nlohmann::json& model, const http::Request& request,
                        privacy::RequestService& requests) {
  std::vector<BarRow> rows;
  nlohmann::json table = nlohmann::json::array();
  for (const auto& week : requests.open_by_due_week(*request.context.actor, kRequestWeeks)) {
    std::string name;
    std::string css_class = "bar-due";
    switch (week.kind) {
      case privacy::DueWeek::Kind::kOverdue:
        name = text(request, "request_overdue");
        css_class = "bar-overdue";
        break;
      case privacy::DueWeek::Kind::kWeek:
        name = text(request, "dashboard_week_of");
        name.append(" ").append(privacy::format_date(week.start));
        break;
      case privacy::DueWeek::Kind::kLater:
        name = text(request, "dashboard_later");
        break;
    }
    rows.push_back({name, {{name, week.count, css_class}}});
    table.push_back({{"name", name}, {"count", week.count}});
  }
  model["requests_chart"] = stacked_bar_chart(text(request, "dashboard_requests"),
                                              text(request, "dashboard_requests_desc"), rows);
  model["requests_by_week"] = std::move(table);
}

}  // namespace

void register_dashboard_page(http::Pipeline& pipeline, const Views& views,
                             consent::ConsentService& consents, privacy::RequestService& requests) {
  pipeline.add(http::Method::kGet, "/", http::Access::kStaff,
               [&views, &consents, &requests](http::Request& request) {
                 const std::string& locale = request.context.locale;
                 nlohmann::json model;
                 model["role_label"] = i18n::text(
                     locale, "role_" + std::string(to_string(request.context.actor->role)));
                 const auto [states, processing] = consents.dashboard(*request.context.actor);

                 const std::string granted = text(request, "state_granted");
                 const std::string withdrawn = text(request, "state_withdrawn");
                 const std::string none = text(request, "state_none");
                 std::vector<BarRow> rows;
                 nlohmann::json table = nlohmann::json::array();
                 for (const auto& each : states) {
                   const std::string name = each.names.in(locale);
                   rows.push_back({name,
                                   {{granted, each.granted, "bar-granted"},
                                    {withdrawn, each.withdrawn, "bar-withdrawn"},
                                    {none, each.none, "bar-none"}}});
                   table.push_back({{"name", name},
                                    {"granted", each.granted},
                                    {"withdrawn", each.withdrawn},
                                    {"none", each.none}});
                 }
                 model["has_consents"] = !rows.empty();
                 model["consents_chart"] =
                     stacked_bar_chart(text(request, "dashboard_consents"),
                                       text(request, "dashboard_consents_desc"), rows);
                 model["consents"] = std::move(table);

                 const std::string all = text(request, "dashboard_persons");
                 const std::vector<BarRow> flags = {
                     {all, {{all, processing.persons, "bar-none"}}},
                     {text(request, "restricted"),
                      {{text(request, "restricted"), processing.restricted, "bar-restricted"}}},
                     {text(request, "objects"),
                      {{text(request, "objects"), processing.objecting, "bar-objects"}}},
                     {text(request, "legal_hold"),
                      {{text(request, "legal_hold"), processing.held, "bar-held"}}}};
                 model["processing_chart"] =
                     stacked_bar_chart(text(request, "dashboard_processing"),
                                       text(request, "dashboard_processing_desc"), flags);
                 model["processing"] = {{"persons", processing.persons},
                                        {"restricted", processing.restricted},
                                        {"objecting", processing.objecting},
                                        {"held", processing.held}};
                 add_requests_chart(model, request, requests);
                 return views.page(request, "home", i18n::text(locale, "home_heading"), model);
               });
}

}  // namespace vern::web
