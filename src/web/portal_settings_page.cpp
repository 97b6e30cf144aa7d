#include "web/portal_settings_page.hpp"

#include <charconv>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

struct Deps {
  const Views& views;
  privacy::PortalSettingsService& settings;
  crm::HistoryTypeService& history_types;
};

/// The form's values: the stored settings, or what was typed when saving failed.
nlohmann::json form_values(const privacy::PortalSettings& settings) {
  return {{"organisation_name", settings.organisation.name},
          {"contact_email", settings.organisation.contact_email},
          {"dpo_email", settings.organisation.dpo_email},
          {"link_lifetime_hours", std::to_string(settings.link_lifetime_hours)},
          {"show_activities", settings.show_activities},
          {"show_consents", settings.show_consents},
          {"allow_export", settings.allow_export},
          {"allow_erasure_request", settings.allow_erasure_request}};
}

http::Response settings_page(const Deps& deps, const http::Request& request,
                             const privacy::PortalSettings& shown, nlohmann::json model,
                             int status) {
  const std::string& locale = request.context.locale;
  nlohmann::json values = form_values(shown);
  if (status != 200) {
    values["link_lifetime_hours"] = request.form_field("link_lifetime_hours");
  }
  model["values"] = std::move(values);
  nlohmann::json types = nlohmann::json::array();
  for (const auto& type : deps.history_types.list(*request.context.actor)) {
    const bool checked = std::find(shown.show_history_types.begin(), shown.show_history_types.end(),
                                   type.key) != shown.show_history_types.end();
    types.push_back({{"key", type.key}, {"label", type.labels.in(locale)}, {"checked", checked}});
  }
  model["history_types"] = std::move(types);
  return deps.views.page(request, "portal_settings", i18n::text(locale, "nav_portal_settings"),
                         std::move(model), status);
}

/// The form as changes. A lifetime that is not a whole number becomes -1, which the service
/// refuses with its own message.
privacy::PortalSettingsChanges changes_from_form(const http::Request& request,
                                                 const std::vector<crm::HistoryType>& types) {
  privacy::PortalSettingsChanges changes;
  changes.organisation_name = request.form_field("organisation_name");
  changes.contact_email = request.form_field("contact_email");
  changes.dpo_email = request.form_field("dpo_email");
  const std::string lifetime = request.form_field("link_lifetime_hours");
  int hours = -1;
  if (auto [end, error] =
          std::from_chars(lifetime.data(), lifetime.data() + lifetime.size(), hours);
      error != std::errc() || end != lifetime.data() + lifetime.size()) {
    hours = -1;
  }
  changes.link_lifetime_hours = hours;
  std::vector<std::string> shown;
  for (const auto& type : types) {
    if (request.form_field("ht_" + type.key) == "1") {
      shown.push_back(type.key);
    }
  }
  changes.show_history_types = std::move(shown);
  changes.show_activities = request.form_field("show_activities") == "1";
  changes.show_consents = request.form_field("show_consents") == "1";
  changes.allow_export = request.form_field("allow_export") == "1";
  changes.allow_erasure_request = request.form_field("allow_erasure_request") == "1";
  return changes;
}

/// What the form showed when saving failed: the typed values over the stored ones.
privacy::PortalSettings typed(privacy::PortalSettings settings,
                              const privacy::PortalSettingsChanges& changes) {
  settings.organisation.name = changes.organisation_name.value_or("");
  settings.organisation.contact_email = changes.contact_email.value_or("");
  settings.organisation.dpo_email = changes.dpo_email.value_or("");
  settings.show_history_types = changes.show_history_types.value_or(std::vector<std::string>{});
  settings.show_activities = changes.show_activities.value_or(false);
  settings.show_consents = changes.show_consents.value_or(false);
  settings.allow_export = changes.allow_export.value_or(false);
  settings.allow_erasure_request = changes.allow_erasure_request.value_or(false);
  return settings;
}

}  // namespace

void register_portal_settings_page(http::Pipeline& pipeline, const Views& views,
                                   privacy::PortalSettingsService& settings,
                                   crm::HistoryTypeService& history_types) {
  const Deps deps{views, settings, history_types};
  pipeline.add(http::Method::kGet, "/admin/portal", http::Access::kStaff,
               [deps](http::Request& request) {
                 require_role(*request.context.actor, Role::kAdmin);
                 nlohmann::json model = saved_notice(request);
                 return settings_page(deps, request, deps.settings.get(), std::move(model), 200);
               });
  pipeline.add(http::Method::kPost, "/admin/portal", http::Access::kStaff,
               [deps](http::Request& request) {
                 require_role(*request.context.actor, Role::kAdmin);
                 const auto types = deps.history_types.list(*request.context.actor);
                 const privacy::PortalSettingsChanges changes = changes_from_form(request, types);
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       deps.settings.update(*request.context.actor, changes);
                       return http::Response::redirect("/admin/portal?done=1");
                     },
                     [&](const Error& error) {
                       nlohmann::json model = error_model(error);
                       const nlohmann::json messages = field_messages(error);
                       for (const auto& [field, key] :
                            {std::pair{"organisation.name", "name_error"},
                             std::pair{"organisation.contact_email", "contact_email_error"},
                             std::pair{"organisation.dpo_email", "dpo_email_error"},
                             std::pair{"link_lifetime_hours", "lifetime_error"},
                             std::pair{"show_history_types", "history_error"}}) {
                         if (messages.contains(field)) {
                           model[key] = messages[field];
                         }
                       }
                       return settings_page(deps, request, typed(deps.settings.get(), changes),
                                            std::move(model), 422);
                     });
               });
}

}  // namespace vern::web
