#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_log.hpp"
#include "auth/actor.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"

namespace vern::crm {

/// A person filter kept under a name, private to its owner or shared with every staff user.
struct SavedFilter {
  long long id = 0;
  std::string name;
  long long owner_user_id = 0;
  std::string owner;
  bool shared = false;
  nlohmann::json filter;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

/// Saved filters: anyone saves their own; they see their own and the shared ones; only the
/// owner (or an admin) changes or deletes one. The filter is validated when saved.
class SavedFilterService {
 public:
  SavedFilterService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  SavedFilter create(const auth::Actor& actor, const std::string& name,
                     const nlohmann::json& filter, bool shared);
  std::vector<SavedFilter> list(const auth::Actor& actor);
  SavedFilter get(const auth::Actor& actor, long long id);
  SavedFilter change(const auth::Actor& actor, long long id, std::optional<std::string> name,
                     std::optional<nlohmann::json> filter, std::optional<bool> shared);
  void remove(const auth::Actor& actor, long long id);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::crm
