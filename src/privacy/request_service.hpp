#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_event.hpp"
#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "privacy/data_request.hpp"
#include "storage/database.hpp"

namespace vern::privacy {

inline constexpr std::size_t kMaxRequestNote = 20000;
inline constexpr std::size_t kMaxRequestReason = 2000;
inline constexpr std::size_t kMaxSubjectName = 200;
/// How many of a person's requests, exports and audit events their Privacy tab shows.
inline constexpr int kPersonPrivacyLimit = 100;

/// An export of a person's data, as the audit log recorded it ("person.export").
struct PersonExport {
  UnixTime exported_at = 0;
  std::string actor;
  std::string format;  // "json" or "xlsx", or empty when the event did not say
};

/// What a person's Privacy tab shows. Exports and audit events only for privacy officers and
/// admins (`audit_visible`); everyone else sees the requests alone.
struct PersonPrivacy {
  std::vector<DataRequest> requests;
  bool audit_visible = false;
  std::vector<PersonExport> exports;
  std::vector<audit::AuditEvent> events;  // newest first
  bool more_events = false;               // the audit log holds older ones
};

/// The register of data-subject requests (GDPR Art. 12-22): every staff user registers a request
/// and reads the register; privacy officers and admins handle them — change, move on, extend,
/// delete. Each request is due one calendar month after receipt (request_due_date, counting the
/// admin's holidays), extendable by up to two more months with a reason. Every step is audited
/// with the person's id, naming fields and statuses, never values; reading the register is an
/// audited read.
class RequestService {
 public:
  RequestService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  /// Registers a request (any staff user). kInvalid naming each bad field.
  DataRequest create(const Actor& actor, const NewRequest& input);
  /// One request; an audited read ("request.read"). kNotFound.
  DataRequest get(const Actor& actor, long long id);
  /// The register by due date; an audited read ("request.list", with the person's id when the
  /// listing is theirs).
  RequestPage list(const Actor& actor, const RequestQuery& query);
  /// Changes a request (privacy officers and admins). A status change records who handled it;
  /// completing or rejecting (which needs `rejection_reason`) closes it, and a closed request's
  /// status stays (kConflict). A new receipt time moves the due date.
  DataRequest update(const Actor& actor, long long id, const RequestChanges& changes);
  /// Extends an open request by `months` (1 or 2, at most kMaxExtensionMonths in all) with a
  /// reason; the due date counts from receipt again. kConflict for a closed request.
  DataRequest extend(const Actor& actor, long long id, int months, const std::string& reason,
                     std::optional<long long> expected_version = std::nullopt);
  /// Deletes a request (privacy officers and admins).
  void remove(const Actor& actor, long long id);
  /// Whether the actor may handle requests (change, extend, delete them) and see a person's
  /// exports and audit trail: privacy officers and admins.
  static bool may_handle(const Actor& actor);

  /// Open and in-progress requests by the week they are due in (no personal data, not audited).
  std::vector<DueWeek> open_by_due_week(const Actor& actor, int weeks);
  /// A person's requests and, for privacy officers and admins, their exports and audit events;
  /// one audited read ("person.privacy.read"). kNotFound for an unknown person.
  PersonPrivacy person_privacy(const Actor& actor, long long person_id);

  /// Today's date (UTC) by the service's clock: what "overdue" is measured against.
  Date today() const;

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::privacy
