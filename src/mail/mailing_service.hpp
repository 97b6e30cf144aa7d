#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "mail/delivery.hpp"
#include "mail/mailing.hpp"
#include "mail/message.hpp"
#include "query/saved_filter_service.hpp"
#include "storage/database.hpp"

namespace vern::mail {

/// Who Vern's e-mail comes from.
struct MailSettings {
  Mailbox from{"no-reply@localhost.localdomain", "Vern"};
};

/// Bulk mailings: staff compose one (audience, purpose, templates), see who it reaches and who it
/// leaves out and why (consent::BulkRules, the one place those rules live), preview it for a
/// recipient, and send it. Sending is expanded into the outbox in batches by the mail workers
/// (expand_next), each recipient's message with a history note on the person and an audit event,
/// in one transaction per batch. Breach mailings are for privacy officers and admins.
class MailingService {
 public:
  static constexpr int kExpandBatch = 5000;

  MailingService(storage::Database& database, audit::AuditLog& audit, const Clock& clock,
                 query::SavedFilterService& saved_filters, Doorbell& doorbell,
                 MailSettings settings)
      : database_(database),
        audit_(audit),
        clock_(clock),
        saved_filters_(saved_filters),
        doorbell_(doorbell),
        settings_(std::move(settings)) {}

  /// A new draft, with its audience counted. kInvalid naming each bad field.
  Mailing create(const Actor& actor, const MailingDraft& draft);
  /// Changes a draft (kConflict once sending has begun).
  Mailing change(const Actor& actor, long long id, const MailingChanges& changes);
  /// Deletes a draft (kConflict once sending has begun).
  void remove(const Actor& actor, long long id);
  /// The mailing with its counts and progress. kNotFound.
  Mailing get(const Actor& actor, long long id);
  /// Mailings, newest first; `before_id` continues a listing.
  std::vector<Mailing> list(const Actor& actor, std::optional<long long> before_id, int limit);
  /// The mailing rendered for `person_id`, or for the first person it reaches. An audited read
  /// of that person. kNotFound when there is no such person or no one is in the audience.
  MailingPreview preview(const Actor& actor, long long id, std::optional<long long> person_id);
  /// Starts sending a draft: the exclusion counts are fixed and the mail workers expand the
  /// audience into the outbox. kConflict unless it is a draft.
  Mailing send(const Actor& actor, long long id);

  /// For the mail workers: expands the oldest mailing being queued into the outbox, in
  /// transactions of `batch` recipients, until it is all queued (or `stop` is set, or another
  /// server took it over). Returns how many messages it queued, or nothing when no mailing was
  /// waiting.
  std::optional<long long> expand_next(int batch = kExpandBatch,
                                       const std::atomic<bool>* stop = nullptr);
  /// For the mail workers: marks mailings whose every message is sent or failed as done.
  void finish_done();

  const MailSettings& settings() const { return settings_; }
  /// Whether the actor may write and send mailings of `purpose`: breach notifications are for
  /// privacy officers and admins, the others for every staff user.
  static bool may_use(const Actor& actor, consent::BulkPurpose purpose);

 private:
  void check_may_use(const Actor& actor, consent::BulkPurpose purpose) const;
  /// Checks and tidies a draft; a saved filter's filter is copied in.
  void validate(const Actor& actor, MailingDraft& draft);
  /// Adds the counts and progress to a mailing read from the store.
  void add_counts(soci::session& session, Mailing& mailing) const;

  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  query::SavedFilterService& saved_filters_;
  Doorbell& doorbell_;
  MailSettings settings_;
};

}  // namespace vern::mail
