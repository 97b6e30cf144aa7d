#pragma once

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "privacy/portal_settings.hpp"
#include "storage/database.hpp"

namespace vern::privacy {

/// Reads and changes the portal settings. Reading is open to every caller that needs it (the
/// portal, exports, staff pages; inside a transaction, read PortalSettingsStore); changing is for
/// admins, validated and audited.
class PortalSettingsService {
 public:
  PortalSettingsService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  PortalSettings get();

  /// Applies `changes`: the lifetime is 1 hour to 30 days, history types must exist, e-mails
  /// must be addresses, the name one line of at most 200 characters. Audited with the names of
  /// the settings changed.
  PortalSettings update(const Actor& actor, const PortalSettingsChanges& changes);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::privacy
