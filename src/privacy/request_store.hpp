#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "privacy/data_request.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::privacy {

/// Where a page of the register starts: after the request with this due date and id.
struct RequestCursor {
  Date due_date;
  long long id = 0;
};

/// Which requests a listing holds.
struct RequestFilter {
  std::vector<RequestStatus> statuses;  // none: every status
  std::optional<long long> person_id;
};

/// When an open request is due, for rescheduling when the holidays change.
struct RequestSchedule {
  long long id = 0;
  std::optional<long long> person_id;
  UnixTime received_at = 0;
  int extension_months = 0;
  Date due_date;
};

/// SQL for the register of data-subject requests.
class RequestStore {
 public:
  explicit RequestStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  long long insert(soci::session& session, const DataRequest& request) const;
  /// The request with its person's name; `lock` holds the row until the transaction ends.
  std::optional<DataRequest> find(soci::session& session, long long id, bool lock = false) const;
  /// Requests by due date, then id, after `after`.
  std::vector<DataRequest> list(soci::session& session, const RequestFilter& filter,
                                const std::optional<RequestCursor>& after, int limit) const;
  long long count(soci::session& session, const RequestFilter& filter) const;
  /// Writes every stored member, with the version as it is in `request`.
  void update(soci::session& session, const DataRequest& request) const;
  /// False when there was no such request.
  bool remove(soci::session& session, long long id) const;
  /// How many open and in-progress requests fall due on each date, by date.
  std::vector<std::pair<Date, long long>> count_open_by_due_date(soci::session& session) const;
  /// The open and in-progress requests' schedules.
  std::vector<RequestSchedule> open_schedules(soci::session& session) const;
  void set_due_date(soci::session& session, long long id, Date due_date) const;

 private:
  const storage::Dialect& dialect_;
};

}  // namespace vern::privacy
