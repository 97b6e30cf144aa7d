#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "privacy/deadline.hpp"

namespace vern::privacy {

/// The right a data subject invokes (GDPR Art. 15-21).
enum class RequestType {
  kAccess,
  kRectification,
  kErasure,
  kPortability,
  kRestriction,
  kObjection
};
/// How the request reached the controller.
enum class RequestChannel { kPhone, kEmail, kLetter, kPortal };
/// Where a request is: registered, being worked on, answered, or refused (with a reason).
/// Completed and rejected requests are closed: their status no longer changes.
enum class RequestStatus { kOpen, kInProgress, kCompleted, kRejected };

std::string_view to_string(RequestType type);
std::optional<RequestType> parse_request_type(std::string_view text);
std::string_view to_string(RequestChannel channel);
std::optional<RequestChannel> parse_request_channel(std::string_view text);
std::string_view to_string(RequestStatus status);
std::optional<RequestStatus> parse_request_status(std::string_view text);

/// Every value of each enum, in the order forms and documentation list them.
const std::vector<RequestType>& all_request_types();
const std::vector<RequestChannel>& all_request_channels();
const std::vector<RequestStatus>& all_request_statuses();

bool is_closed(RequestStatus status);

/// The longest extension, in months beyond the first (Art. 12(3): "two further months").
inline constexpr int kMaxExtensionMonths = 2;

/// A data-subject request as the register keeps it. The subject is a person of the CRM
/// (`person_id`, whose name comes from their record) or someone outside it (`subject_name`).
struct DataRequest {
  long long id = 0;
  long long version = 0;
  std::optional<long long> person_id;
  std::string person_name;  // read from the person's record; empty without a person
  std::string subject_name;
  RequestType type = RequestType::kAccess;
  UnixTime received_at = 0;
  RequestChannel channel = RequestChannel::kEmail;
  std::string note;
  RequestStatus status = RequestStatus::kOpen;
  std::string rejection_reason;
  Date due_date;  // one month after receipt plus the extension, on a working day
  int extension_months = 0;
  std::string extension_reason;
  std::optional<long long> handled_by_user_id;
  std::string handled_by;  // who last moved it on (status, extension)
  std::optional<long long> created_by_user_id;
  std::string created_by;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::optional<UnixTime> completed_at;  // when it was closed: completed or rejected

  /// The name to show: the person's, or the one written down for someone outside the CRM.
  const std::string& subject() const { return person_id ? person_name : subject_name; }
};

/// What staff write to register a request. Texts as typed: the service checks and names every
/// bad field. `received_at` is RFC 3339 or a date (the start of that day, UTC); empty is now.
struct NewRequest {
  std::optional<long long> person_id;
  std::string subject_name;
  std::string type;
  std::string channel;
  std::string received_at;
  std::string note;
};

/// A change to a request; unset members stay as they are. `person_id` set to nothing unlinks
/// the person (then a subject name is needed).
struct RequestChanges {
  std::optional<std::optional<long long>> person_id;
  std::optional<std::string> subject_name;
  std::optional<std::string> type;
  std::optional<std::string> channel;
  std::optional<std::string> received_at;
  std::optional<std::string> note;
  std::optional<std::string> status;
  std::optional<std::string> rejection_reason;
  std::optional<long long> expected_version;  // from If-Match; a mismatch is kPreconditionFailed
};

/// A page of the register, by due date then id; `after` is the `next` of the previous page.
struct RequestQuery {
  std::vector<RequestStatus> statuses;  // none: every status
  std::optional<long long> person_id;
  std::string after;
  int limit = 50;
  bool count = false;
};

using RequestPage = Page<DataRequest>;

/// When a request received at `received_at` and extended by `extension_months` is due: one
/// calendar month after the UTC date of receipt, plus the extension, on a working day.
Date request_due_date(UnixTime received_at, int extension_months, const std::set<Date>& holidays);

/// How close an open request is to its deadline.
enum class Urgency { kClosed, kOverdue, kDueSoon, kOnTime };
/// Due within this many days (today included) counts as due soon.
inline constexpr int kDueSoonDays = 7;
/// Overdue once its due date has passed (the due date itself is still in time); due soon when it
/// falls within kDueSoonDays of `today`.
Urgency urgency_of(const DataRequest& request, Date today);

/// A bar of the dashboard's chart of open requests: those already overdue, those due in one
/// week (Monday to Sunday), or those due after the weeks shown.
struct DueWeek {
  enum class Kind { kOverdue, kWeek, kLater };
  Kind kind = Kind::kWeek;
  Date start;  // kWeek: its Monday
  long long count = 0;
};

/// Counts of open requests by due date, grouped as the dashboard shows them: overdue first, then
/// `weeks` weeks from the one holding `today`, then later. Every bucket is present, zero or not.
std::vector<DueWeek> group_by_due_week(const std::vector<std::pair<Date, long long>>& by_due_date,
                                       Date today, int weeks);

}  // namespace vern::privacy
