#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "privacy/holiday_store.hpp"
#include "storage/database.hpp"

namespace vern::privacy {

inline constexpr std::size_t kMaxHolidays = 1000;
inline constexpr std::size_t kMaxHolidayName = 200;

/// A holiday as typed: a date "YYYY-MM-DD" and a name.
struct HolidayInput {
  std::string date;
  std::string name;
};

/// What replacing the holiday list did.
struct HolidayUpdate {
  std::vector<Holiday> holidays;
  long long rescheduled = 0;  // open requests whose due date moved
};

/// The public holidays on which no request falls due (Regulation 1182/71 Art. 3(4)): every staff
/// user reads the list, admins replace it. Replacing it moves the due dates of open and
/// in-progress requests to what the new list gives (each move audited on the request); closed
/// requests keep theirs.
class HolidayService {
 public:
  HolidayService(storage::Database& database, audit::AuditLog& audit)
      : database_(database), audit_(audit) {}

  /// Every holiday, by date.
  std::vector<Holiday> list(const Actor& actor);
  /// Replaces the list (admins). kInvalid naming each bad entry as holidays[i].date or
  /// holidays[i].name: a date that does not exist, one listed twice, a name not on one line.
  HolidayUpdate replace(const Actor& actor, const std::vector<HolidayInput>& holidays);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
};

}  // namespace vern::privacy
