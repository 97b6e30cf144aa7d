#include "portal/portal_settings.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/validation.hpp"
#include "crm/history_type_store.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::portal {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxEmail = 254;

constexpr std::string_view kSelectSettings =
    "SELECT settings, updated_at FROM portal_settings WHERE id = 1";
constexpr std::string_view kUpdateSettings =
    "UPDATE portal_settings SET settings = :settings, updated_at = :updated_at WHERE id = 1";

/// The stored document: the API's members without `updated_at`. A member missing from it (an
/// older row, or the empty document migration 9 writes) keeps its default.
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

void validate_email(const std::string& value, const std::string& field, FieldErrors& errors) {
  if (!value.empty() && (value.size() > kMaxEmail || !validation::is_email(value))) {
    errors.add(field, "Give an e-mail address such as privacy@example.com, or leave it empty.");
  }
}

template <typename T>
void apply(const std::optional<T>& change, T& member, const char* name,
           std::vector<std::string>& changed) {
  if (change && *change != member) {
    member = *change;
    changed.emplace_back(name);
  }
}

}  // namespace

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

PortalSettingsChanges changes_from_json(const nlohmann::json& body) {
  PortalSettingsChanges changes;
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
        into = std::string(validation::trim(member->get<std::string>()));
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
      changes.link_lifetime_hours = static_cast<int>(
          std::clamp<long long>(lifetime->get<long long>(), -1, kMaxLinkLifetimeHours + 1));
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

PortalSettings PortalSettingsService::get() {
  return database_.read([](soci::session& session) { return get(session); });
}

PortalSettings PortalSettingsService::get(soci::session& session) {
  std::string stored;
  long long updated_at = 0;
  storage::DynamicQuery(kSelectSettings).for_each_row(session, [&](const soci::row& row) {
    stored = storage::get_text(row, 0);
    updated_at = storage::get_int64(row, 1);
  });
  PortalSettings settings = from_stored(nlohmann::json::parse(stored, nullptr, false));
  settings.updated_at = updated_at;
  return settings;
}

PortalSettings PortalSettingsService::update(const auth::Actor& actor,
                                             const PortalSettingsChanges& changes) {
  auth::require_role(actor, auth::Role::kAdmin);
  FieldErrors errors;
  if (changes.link_lifetime_hours && (*changes.link_lifetime_hours < kMinLinkLifetimeHours ||
                                      *changes.link_lifetime_hours > kMaxLinkLifetimeHours)) {
    errors.add("link_lifetime_hours", "A link lasts from 1 hour to 30 days (720 hours).");
  }
  if (changes.organisation_name &&
      (!validation::is_single_line(*changes.organisation_name) ||
       validation::utf8_length(*changes.organisation_name) > kMaxName)) {
    errors.add("organisation.name", "The name is one line of at most 200 characters.");
  }
  if (changes.contact_email) {
    validate_email(*changes.contact_email, "organisation.contact_email", errors);
  }
  if (changes.dpo_email) {
    validate_email(*changes.dpo_email, "organisation.dpo_email", errors);
  }
  return database_.write([&](soci::session& session) {
    if (changes.show_history_types) {
      std::vector<std::string> known;
      for (const auto& type : crm::HistoryTypeStore().list(session)) {
        known.push_back(type.key);
      }
      for (const auto& key : *changes.show_history_types) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
          errors.add("show_history_types", "No history type " + key + ".");
        }
      }
    }
    errors.throw_if_any();
    PortalSettings settings = get(session);
    std::vector<std::string> changed;
    apply(changes.link_lifetime_hours, settings.link_lifetime_hours, "link_lifetime_hours",
          changed);
    if (changes.show_history_types) {
      // A set: order and repeats do not matter, but the stored list keeps the given order.
      std::vector<std::string> unique;
      for (const auto& key : *changes.show_history_types) {
        if (std::find(unique.begin(), unique.end(), key) == unique.end()) {
          unique.push_back(key);
        }
      }
      apply(std::optional(unique), settings.show_history_types, "show_history_types", changed);
    }
    apply(changes.show_activities, settings.show_activities, "show_activities", changed);
    apply(changes.show_consents, settings.show_consents, "show_consents", changed);
    apply(changes.allow_export, settings.allow_export, "allow_export", changed);
    apply(changes.allow_erasure_request, settings.allow_erasure_request, "allow_erasure_request",
          changed);
    apply(changes.organisation_name, settings.organisation.name, "organisation.name", changed);
    apply(changes.contact_email, settings.organisation.contact_email, "organisation.contact_email",
          changed);
    apply(changes.dpo_email, settings.organisation.dpo_email, "organisation.dpo_email", changed);
    if (changed.empty()) {
      return settings;
    }
    settings.updated_at = clock_.now();
    const std::string stored = to_json(settings).dump();
    session << kUpdateSettings, soci::use(stored), soci::use(settings.updated_at);
    audit_.append(session, actor, "portal_settings.update", "portal_settings", std::nullopt,
                  std::nullopt, nlohmann::json{{"settings", changed}}.dump());
    return settings;
  });
}

}  // namespace vern::portal
