#pragma once

#include <optional>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "mail/delivery.hpp"
#include "mail/outbox.hpp"
#include "storage/database.hpp"

namespace vern::mail {

/// The outbox for staff: what is queued, being sent, sent and failed, and a retry for failed
/// messages. Listing shows recipients' addresses: it is an audited read.
class OutboxService {
 public:
  OutboxService(storage::Database& database, audit::AuditLog& audit, const Clock& clock,
                Doorbell& doorbell)
      : database_(database), audit_(audit), clock_(clock), doorbell_(doorbell) {}

  std::vector<OutboxMessage> list(const Actor& actor, const OutboxQuery& query);
  OutboxCounts counts(const Actor& actor);
  /// Puts a failed message back in the queue. kNotFound; kConflict unless it failed and still
  /// has its content.
  OutboxMessage retry(const Actor& actor, long long id);
  /// Messages queued or being sent, for /metrics.
  long long depth();
  /// Empties the content of messages sent more than `days` days ago; returns how many.
  long long purge(int days);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  Doorbell& doorbell_;
};

}  // namespace vern::mail
