#include "privacy/portal_settings_service.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/history_type_store.hpp"
#include "privacy/portal_settings_store.hpp"

namespace vern::privacy {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxEmail = 254;

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

PortalSettings PortalSettingsService::get() {
  return database_.read([](soci::session& session) { return PortalSettingsStore().get(session); });
}

PortalSettings PortalSettingsService::update(const Actor& actor,
                                             const PortalSettingsChanges& changes) {
  require_role(actor, Role::kAdmin);
  FieldErrors errors;
  if (changes.link_lifetime_hours && (*changes.link_lifetime_hours < kMinLinkLifetimeHours ||
                                      *changes.link_lifetime_hours > kMaxLinkLifetimeHours)) {
    errors.add("link_lifetime_hours", "A link lasts from 1 hour to 30 days (720 hours).");
  }
  if (changes.organisation_name && (!validation::is_single_line(*changes.organisation_name) ||
                                    text::utf8_length(*changes.organisation_name) > kMaxName)) {
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
    const PortalSettingsStore store;
    PortalSettings settings = store.get(session);
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
    store.save(session, settings);
    audit_.append(session, actor, "portal_settings.update", "portal_settings", std::nullopt,
                  std::nullopt, nlohmann::json{{"settings", changed}}.dump());
    return settings;
  });
}

}  // namespace vern::privacy
