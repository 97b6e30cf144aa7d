#pragma once

#include "privacy/portal_settings.hpp"
#include "storage/soci.hpp"

namespace vern::privacy {

/// SQL for the one row of portal settings.
class PortalSettingsStore {
 public:
  PortalSettings get(soci::session& session) const;
  /// Writes the settings and their updated_at.
  void save(soci::session& session, const PortalSettings& settings) const;
};

}  // namespace vern::privacy
