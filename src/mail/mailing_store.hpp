#pragma once

#include <optional>
#include <vector>

#include "consent/processing_rules.hpp"
#include "mail/mailing.hpp"
#include "query/filter.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::mail {

/// Who a mailing reaches: its filter (none: everyone) and the exclusion rules of its purpose.
struct Audience {
  const std::optional<query::Filter>& filter;
  const consent::BulkRules& rules;
};

/// SQL for mailings and their audiences.
class MailingStore {
 public:
  explicit MailingStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  long long insert(soci::session& session, const Mailing& mailing) const;
  /// Writes the draft's members and updated_at.
  void update_draft(soci::session& session, const Mailing& mailing) const;
  void remove(soci::session& session, long long id) const;
  /// The mailing (without counts); `lock` holds the row until the transaction ends.
  std::optional<Mailing> find(soci::session& session, long long id, bool lock = false) const;
  std::vector<Mailing> list(soci::session& session, std::optional<long long> before_id,
                            int limit) const;
  /// Marks a draft as being queued by `sent_by`, with the exclusion counts fixed.
  void start_sending(soci::session& session, const Mailing& mailing) const;
  /// The oldest mailing being queued. (Whoever expands it locks it with find and checks that its
  /// cursor has not moved, so two servers never queue the same batch.)
  std::optional<Mailing> next_queuing(soci::session& session) const;
  /// Records a queued batch: the last person done and how many messages it added; `finished`
  /// when it was the last batch.
  void advance(soci::session& session, long long id, long long cursor, long long added,
               bool finished, UnixTime now) const;
  /// Marks mailings being sent whose messages are all sent or failed as done.
  void finish_done(soci::session& session, UnixTime now) const;
  /// Puts a done mailing back to sending (a failed message of it was retried).
  void reopen(soci::session& session, long long id) const;

  /// Counts of the audience: included, and excluded by reason.
  AudienceCounts count(soci::session& session, const Audience& audience) const;
  /// Ids of included persons after `after_id`, in id order.
  std::vector<long long> included_ids(soci::session& session, const Audience& audience,
                                      long long after_id, int limit) const;
  /// Whether the person is included.
  bool includes(soci::session& session, const Audience& audience, long long person_id) const;

 private:
  const storage::Dialect& dialect_;
};

}  // namespace vern::mail
