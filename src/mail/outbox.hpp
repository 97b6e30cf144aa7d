#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::mail {

/// Where a message is on its way: waiting (for its first try or a retry), claimed by a delivery
/// worker, delivered, or given up.
enum class OutboxStatus { kQueued, kSending, kSent, kFailed };

std::string_view to_string(OutboxStatus status);
std::optional<OutboxStatus> parse_outbox_status(std::string_view text);

/// The kind of the e-mails that carry a portal link. Their content is emptied as soon as they are
/// sent, not after the mail retention: it holds a secret (the link's token) nobody needs again.
inline constexpr std::string_view kPortalLinkKind = "portal_link";

/// A message for the outbox: composed already (mail::compose), with its envelope and what it
/// belongs to.
struct NewOutboxMessage {
  std::optional<long long> mailing_id;
  std::optional<long long> person_id;
  std::string kind;  // "mailing", "portal_link", ...
  std::string sender;
  std::string recipient;
  std::string subject;
  std::string message_id;
  std::string data;  // RFC 5322
  // Set when the message could not even be composed (an address that cannot be used): it goes
  // in as failed, with this reason, so that it is seen rather than lost.
  std::optional<std::string> failed;
};

/// A message in the outbox. `data` is unset once purged (sent messages after the retention) or
/// when a listing did not ask for it.
struct OutboxMessage {
  long long id = 0;
  std::optional<long long> mailing_id;
  std::optional<long long> person_id;
  std::string kind;
  std::string sender;
  std::string recipient;
  std::string subject;
  std::string message_id;
  std::optional<std::string> data;
  OutboxStatus status = OutboxStatus::kQueued;
  int attempts = 0;
  UnixTime due_at = 0;
  std::string last_error;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::optional<UnixTime> sent_at;
};

/// How a claimed message's attempt ended, for OutboxStore::complete.
struct DeliveryResult {
  long long id = 0;
  enum class Outcome { kSent, kRetry, kFailed } outcome = Outcome::kSent;
  UnixTime retry_at = 0;  // for kRetry
  std::string error;      // for kRetry and kFailed: the server's answer
};

/// How many messages are in each status.
using OutboxCounts = std::map<OutboxStatus, long long>;

/// A page of the staff list, newest first.
struct OutboxQuery {
  std::optional<OutboxStatus> status;
  std::optional<long long> mailing_id;
  std::optional<long long> before_id;  // the page after the one that ended with this id
  int limit = 50;
};

/// SQL for the outbox. Claims are made in the caller's write transaction: on PostgreSQL the
/// rows are locked with FOR UPDATE SKIP LOCKED so that workers of several servers never take
/// the same message; on SQLite the transaction's write lock does the same.
class OutboxStore {
 public:
  explicit OutboxStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  /// Queues messages, due at once. Many rows go in one statement.
  void enqueue(soci::session& session, const std::vector<NewOutboxMessage>& messages,
               UnixTime now) const;
  /// Claims up to `limit` messages that are due: queued ones whose time has come, and ones
  /// being sent whose worker's lease ran out (that worker died). Each gets `worker` as its
  /// claimant, one more attempt, and a lease until `lease_until`. Returned with their data,
  /// oldest due first.
  std::vector<OutboxMessage> claim(soci::session& session, const std::string& worker, UnixTime now,
                                   UnixTime lease_until, int limit) const;
  /// Records how attempts ended; only rows still claimed by `worker` change (a message whose
  /// lease ran out and that another worker took over is theirs now). A sent message of
  /// kPortalLinkKind loses its data at once.
  void complete(soci::session& session, const std::string& worker,
                const std::vector<DeliveryResult>& results, UnixTime now) const;
  /// Extends the lease of the messages `worker` still holds.
  void renew(soci::session& session, const std::string& worker, UnixTime lease_until) const;
  /// Gives the messages `worker` holds back to the queue, due at once, without counting the
  /// attempt (for a clean shutdown). Returns how many.
  long long release(soci::session& session, const std::string& worker, UnixTime now) const;
  /// Puts a failed message back in the queue, due at once, with its attempts reset. False when
  /// there is no such failed message.
  bool retry(soci::session& session, long long id, UnixTime now) const;
  /// Empties the data of messages sent before `sent_before`. Returns how many.
  long long purge_sent(soci::session& session, UnixTime sent_before) const;

  std::optional<OutboxMessage> find(soci::session& session, long long id) const;
  std::vector<OutboxMessage> list(soci::session& session, const OutboxQuery& query) const;
  OutboxCounts counts(soci::session& session,
                      std::optional<long long> mailing_id = std::nullopt) const;
  /// Messages queued or being sent (the outbox depth, for /metrics).
  long long depth(soci::session& session) const;

 private:
  const storage::Dialect& dialect_;
};

}  // namespace vern::mail
