#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/clock.hpp"

namespace vern::privacy {

/// Who holds the data, as the portal and the exports name them.
struct Organisation {
  std::string name;
  std::string contact_email;
  std::string dpo_email;
};

inline constexpr int kMinLinkLifetimeHours = 1;
inline constexpr int kMaxLinkLifetimeHours = 30 * 24;

/// What the GDPR portal shows and allows, set by admins (API.md `/portal/settings`). Which fields
/// it shows is each field's own portal setting. The defaults show nothing that an admin did not
/// choose: no history types until some are picked.
struct PortalSettings {
  int link_lifetime_hours = 48;
  std::vector<std::string> show_history_types;
  bool show_activities = true;
  bool show_consents = true;
  bool allow_export = true;
  bool allow_erasure_request = true;
  Organisation organisation;
  UnixTime updated_at = 0;
};

/// A change to the settings; unset members stay as they are.
struct PortalSettingsChanges {
  std::optional<int> link_lifetime_hours;
  std::optional<std::vector<std::string>> show_history_types;
  std::optional<bool> show_activities;
  std::optional<bool> show_consents;
  std::optional<bool> allow_export;
  std::optional<bool> allow_erasure_request;
  std::optional<std::string> organisation_name;
  std::optional<std::string> contact_email;
  std::optional<std::string> dpo_email;
};

/// The settings as API.md writes them (the members in its order; `updated_at` added by the
/// API), which is also how they are stored.
nlohmann::ordered_json to_json(const PortalSettings& settings);
/// The stored document: the API's members without `updated_at`. A member missing from it (an
/// older row, or the empty document migration 9 writes) keeps its default.
PortalSettings from_stored(const nlohmann::json& stored);

}  // namespace vern::privacy
