#include "privacy/portal_settings.hpp"

#include <nlohmann/json.hpp>

namespace vern::privacy {

nlohmann::ordered_json to_json(const PortalSettings& settings) {
  return {{"link_lifetime_hours", settings.link_lifetime_hours},
          {"show_history_types", settings.show_history_types},
          {"show_activities", settings.show_activities},
          {"show_consents", settings.show_consents},
          {"allow_export", settings.allow_export},
          {"allow_erasure_request", settings.allow_erasure_request},
          {"organisation",
           {{"name", settings.organisation.name},
            {"contact_email", settings.organisation.contact_email},
            {"dpo_email", settings.organisation.dpo_email}}}};
}

PortalSettings from_stored(const nlohmann::json& stored) {
  PortalSettings settings;
  if (!stored.is_object()) {
    return settings;
  }
  settings.link_lifetime_hours = stored.value("link_lifetime_hours", settings.link_lifetime_hours);
  if (auto types = stored.find("show_history_types"); types != stored.end() && types->is_array()) {
    for (const auto& type : *types) {
      if (type.is_string()) {
        settings.show_history_types.push_back(type.get<std::string>());
      }
    }
  }
  settings.show_activities = stored.value("show_activities", settings.show_activities);
  settings.show_consents = stored.value("show_consents", settings.show_consents);
  settings.allow_export = stored.value("allow_export", settings.allow_export);
  settings.allow_erasure_request =
      stored.value("allow_erasure_request", settings.allow_erasure_request);
  if (auto organisation = stored.find("organisation");
      organisation != stored.end() && organisation->is_object()) {
    settings.organisation.name = organisation->value("name", std::string());
    settings.organisation.contact_email = organisation->value("contact_email", std::string());
    settings.organisation.dpo_email = organisation->value("dpo_email", std::string());
  }
  return settings;
}

}  // namespace vern::privacy
