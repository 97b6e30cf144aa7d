#include "web/dashboard_page.hpp"

#include "common/i18n.hpp"
#include "web/page_helpers.hpp"
#include "web/svg_chart.hpp"

namespace vern::web {

void register_dashboard_page(http::Pipeline& pipeline, const Views& views,
                             consent::ConsentService& consents) {
  pipeline.add(
      http::Method::kGet, "/", http::Access::kStaff, [&views, &consents](http::Request& request) {
        const std::string& locale = request.context.locale;
        nlohmann::json model;
        model["role_label"] =
            i18n::text(locale, "role_" + std::string(auth::to_string(request.context.actor->role)));
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
        model["consents_chart"] = stacked_bar_chart(text(request, "dashboard_consents"),
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
        return views.page(request, "home", i18n::text(locale, "home_heading"), model);
      });
}

}  // namespace vern::web
