#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "audit/audit_log.hpp"
#include "auth/actor.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"

namespace vern::portal {

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

/// The settings as API.md writes them (the members in its order; `updated_at` added).
nlohmann::ordered_json to_json(const PortalSettings& settings);
/// A PATCH body's members; a member of the wrong type or an unknown one is a kInvalid naming it.
PortalSettingsChanges changes_from_json(const nlohmann::json& body);

/// Reads and changes the one row of portal settings. Reading is open to every caller that needs
/// it (the portal, exports, staff pages); changing is for admins, validated and audited.
class PortalSettingsService {
 public:
  PortalSettingsService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  PortalSettings get();
  /// Inside a caller's transaction (the data package reads them with everything else).
  static PortalSettings get(soci::session& session);

  /// Applies `changes`: the lifetime is 1 hour to 30 days, history types must exist, e-mails
  /// must be addresses, the name one line of at most 200 characters. Audited with the names of
  /// the settings changed.
  PortalSettings update(const auth::Actor& actor, const PortalSettingsChanges& changes);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::portal
