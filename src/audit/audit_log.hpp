#pragma once

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_event.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"

namespace vern::audit {

/// What an audit event says, before the log gives it its place in the chain.
struct AuditRecord {
  Actor actor;
  std::string action;
  std::string entity;
  std::optional<std::string> entity_id;
  std::optional<long long> person_id;
  std::string details = "{}";
};

/// How the group commit of appends in their own transaction has gone so far.
struct GroupCommitStats {
  std::size_t events = 0;    // appended by group commits
  std::size_t commits = 0;   // transactions they took, failed ones included
  std::size_t gathered = 0;  // commits whose leader waited a moment for others to join
  std::size_t waiting = 0;   // events queued for the next commit right now
  bool committing = false;   // a commit is under way right now
};

/// The append-only, hash-chained audit log. Appends are serialised on both databases (the
/// transaction's write lock on SQLite, an advisory lock on PostgreSQL) so the chain never forks.
class AuditLog {
 public:
  AuditLog(storage::Database& database, const Clock& clock) : database_(database), clock_(clock) {}

  /// Appends inside the caller's write transaction, so the entry commits with the change it
  /// records.
  void append(soci::session& session, const Actor& actor, const std::string& action,
              const std::string& entity, std::optional<std::string> entity_id = std::nullopt,
              std::optional<long long> person_id = std::nullopt, const std::string& details = "{}");

  /// Appends in a transaction of its own and returns once the event is durable: for reads,
  /// which change nothing else. Callers that arrive while a commit is under way wait for the
  /// next one and share it (group commit), so concurrent reads cost one commit together rather
  /// than one each. Throws when the commit fails; the caller must then not answer.
  void append(const Actor& actor, const std::string& action, const std::string& entity,
              std::optional<std::string> entity_id = std::nullopt,
              std::optional<long long> person_id = std::nullopt, const std::string& details = "{}");

  GroupCommitStats group_commit_stats();

  /// Appends several events, in order, inside the caller's write transaction.
  void append_all(soci::session& session, const std::vector<const AuditRecord*>& records);

  /// Walks the whole chain, oldest first, in pages.
  VerifyResult verify();

  /// Lists events for privacy officers and admins (checked here).
  AuditPage list(const Actor& actor, const AuditQuery& query);

 private:
  struct Waiting {
    const AuditRecord* record;
    bool done = false;
    std::exception_ptr error;
  };

  storage::Database& database_;
  const Clock& clock_;
  std::mutex group_mutex_;
  std::condition_variable group_committed_;
  std::condition_variable group_arrived_;  // an event was queued while a leader gathers its group
  std::vector<Waiting*> group_queue_;
  bool group_committing_ = false;
  GroupCommitStats group_stats_;
};

}  // namespace vern::audit
