#pragma once

#include <optional>
#include <string>

#include "audit/audit_event.hpp"
#include "auth/actor.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"

namespace vern::audit {

/// The append-only, hash-chained audit log. Appends are serialised on both databases (the
/// transaction's write lock on SQLite, an advisory lock on PostgreSQL) so the chain never forks.
class AuditLog {
 public:
  AuditLog(storage::Database& database, const Clock& clock) : database_(database), clock_(clock) {}

  /// Appends inside the caller's write transaction, so the entry commits with the change it
  /// records.
  void append(soci::session& session, const auth::Actor& actor, const std::string& action,
              const std::string& entity, std::optional<std::string> entity_id = std::nullopt,
              std::optional<long long> person_id = std::nullopt, const std::string& details = "{}");

  /// Appends in a transaction of its own.
  void append(const auth::Actor& actor, const std::string& action, const std::string& entity,
              std::optional<std::string> entity_id = std::nullopt,
              std::optional<long long> person_id = std::nullopt, const std::string& details = "{}");

  /// Walks the whole chain, oldest first, in pages.
  VerifyResult verify();

  /// Lists events for privacy officers and admins (checked here).
  AuditPage list(const auth::Actor& actor, const AuditQuery& query);

 private:
  storage::Database& database_;
  const Clock& clock_;
};

}  // namespace vern::audit
