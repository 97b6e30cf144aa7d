#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "crm/history.hpp"
#include "storage/database.hpp"

namespace vern::crm {

/// The kinds of history notes: every staff user lists them; admins add kinds and delete those
/// they added while no note uses them.
class HistoryTypeService {
 public:
  HistoryTypeService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  std::vector<HistoryType> list(const Actor& actor);
  /// Takes the key ([a-z][a-z0-9_]{1,31}) and the labels (English required; Norwegian and
  /// Swedish fall back to it). A key in use is kConflict.
  HistoryType create(const Actor& actor, const HistoryType& type);
  /// kNotFound for an unknown key; kConflict for a built-in kind or one that notes use.
  void remove(const Actor& actor, const std::string& key);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::crm
