#include "api/portal_settings_api.hpp"

#include <algorithm>

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json settings_json(const privacy::PortalSettings& settings) {
  nlohmann::ordered_json json = privacy::to_json(settings);
  json["updated_at"] = settings.updated_at == 0
                           ? nlohmann::ordered_json(nullptr)
                           : nlohmann::ordered_json(format_rfc3339(settings.updated_at));
  return json;
}

/// A PATCH body's members; a member of the wrong type or an unknown one is a kInvalid naming it.
privacy::PortalSettingsChanges changes_from_json(const nlohmann::json& body) {
  privacy::PortalSettingsChanges changes;
  FieldErrors errors;
  auto flag = [&](const char* key, std::optional<bool>& into) {
    if (auto member = body.find(key); member != body.end()) {
      if (member->is_boolean()) {
        into = member->get<bool>();
      } else {
        errors.add(key, "Give true or false.");
      }
    }
  };
  auto text = [&errors](const nlohmann::json& object, const char* key, const std::string& field,
                        std::optional<std::string>& into) {
    if (auto member = object.find(key); member != object.end()) {
      if (member->is_string()) {
        into = std::string(text::trim(member->get<std::string>()));
      } else if (member->is_null()) {
        into = std::string();
      } else {
        errors.add(field, "Give a text.");
      }
    }
  };
  for (const auto& [key, value] : body.items()) {
    static const std::vector<std::string_view> kKnown = {
        "link_lifetime_hours", "show_history_types",    "show_activities", "show_consents",
        "allow_export",        "allow_erasure_request", "organisation",    "updated_at"};
    if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end()) {
      errors.add(key, "No such setting.");
    }
  }
  if (auto lifetime = body.find("link_lifetime_hours"); lifetime != body.end()) {
    if (lifetime->is_number_integer()) {
      changes.link_lifetime_hours = static_cast<int>(std::clamp<long long>(
          lifetime->get<long long>(), -1, privacy::kMaxLinkLifetimeHours + 1));
    } else {
      errors.add("link_lifetime_hours", "Give a whole number of hours.");
    }
  }
  if (auto types = body.find("show_history_types"); types != body.end()) {
    std::vector<std::string> keys;
    bool valid = types->is_array();
    if (valid) {
      for (const auto& type : *types) {
        valid = valid && type.is_string();
        if (type.is_string()) {
          keys.push_back(type.get<std::string>());
        }
      }
    }
    if (valid) {
      changes.show_history_types = std::move(keys);
    } else {
      errors.add("show_history_types", "Give a list of history type keys.");
    }
  }
  flag("show_activities", changes.show_activities);
  flag("show_consents", changes.show_consents);
  flag("allow_export", changes.allow_export);
  flag("allow_erasure_request", changes.allow_erasure_request);
  if (auto organisation = body.find("organisation"); organisation != body.end()) {
    if (organisation->is_object()) {
      for (const auto& [key, value] : organisation->items()) {
        if (key != "name" && key != "contact_email" && key != "dpo_email") {
          errors.add("organisation." + key, "No such setting.");
        }
      }
      text(*organisation, "name", "organisation.name", changes.organisation_name);
      text(*organisation, "contact_email", "organisation.contact_email", changes.contact_email);
      text(*organisation, "dpo_email", "organisation.dpo_email", changes.dpo_email);
    } else {
      errors.add("organisation", "Give an object with name, contact_email and dpo_email.");
    }
  }
  errors.throw_if_any();
  return changes;
}

}  // namespace

void register_portal_settings_api(http::Pipeline& pipeline,
                                  privacy::PortalSettingsService& settings) {
  pipeline.add(http::Method::kGet, "/api/v1/portal/settings", http::Access::kStaff,
               [&settings](http::Request& request) {
                 require_role(*request.context.actor, Role::kUser);
                 return json_response(200, settings_json(settings.get()));
               });
  pipeline.add(http::Method::kPatch, "/api/v1/portal/settings", http::Access::kStaff,
               [&settings](http::Request& request) {
                 const auto changes = changes_from_json(parse_object(request));
                 return json_response(
                     200, settings_json(settings.update(*request.context.actor, changes)));
               });
}

}  // namespace vern::api
