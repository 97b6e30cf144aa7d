#pragma once

#include <vector>

#include "audit/audit_event.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::audit {

/// The chain's head row: the newest event's id and hash.
struct AuditHead {
  long long last_event_id = 0;
  std::string last_hash;
  long long event_count = 0;
};

/// SQL for the audit tables.
class AuditStore {
 public:
  explicit AuditStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  /// Reads the head and locks it until the transaction ends.
  AuditHead lock_head(soci::session& session) const;
  /// Appends events, in order, with one prepared statement.
  void insert_all(soci::session& session, const std::vector<AuditEvent>& events) const;
  void update_head(soci::session& session, const AuditHead& head) const;
  AuditHead read_head(soci::session& session) const;

  /// Up to `limit` events with id > after_id, oldest first.
  std::vector<AuditEvent> page_after(soci::session& session, long long after_id, int limit) const;
  std::vector<AuditEvent> query(soci::session& session, const AuditQuery& query) const;

 private:
  const storage::Dialect& dialect_;
};

}  // namespace vern::audit
