#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "query/saved_filter.hpp"
#include "storage/database.hpp"

namespace vern::query {

/// Saved filters: anyone saves their own; they see their own and the shared ones; only the
/// owner (or an admin) changes or deletes one. The filter is validated when saved.
class SavedFilterService {
 public:
  SavedFilterService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  SavedFilter create(const Actor& actor, const std::string& name, const nlohmann::json& filter,
                     bool shared);
  std::vector<SavedFilter> list(const Actor& actor);
  SavedFilter get(const Actor& actor, long long id);
  SavedFilter change(const Actor& actor, long long id, std::optional<std::string> name,
                     std::optional<nlohmann::json> filter, std::optional<bool> shared);
  void remove(const Actor& actor, long long id);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::query
