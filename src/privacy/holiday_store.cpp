#include "privacy/holiday_store.hpp"

#include "storage/row.hpp"

namespace vern::privacy {
namespace {

constexpr std::string_view kSelectHolidays = "SELECT day, name FROM holidays ORDER BY day";
constexpr std::string_view kDeleteHolidays = "DELETE FROM holidays";
constexpr std::string_view kInsertHoliday = "INSERT INTO holidays (day, name) VALUES (:day, :name)";

}  // namespace

void HolidayStore::lock(soci::session& session) const {
  if (const std::string lock = dialect_.lock_for_transaction(storage::kHolidaysLock);
      !lock.empty()) {
    session << lock;
  }
}

std::vector<Holiday> HolidayStore::list(soci::session& session) const {
  std::vector<Holiday> holidays;
  soci::rowset<soci::row> rows = session.prepare << kSelectHolidays;
  for (const soci::row& row : rows) {
    // Only the service writes this table, always with valid dates.
    if (const auto date = parse_date(storage::get_text(row, 0))) {
      holidays.push_back({*date, storage::get_text(row, 1)});
    }
  }
  return holidays;
}

std::set<Date> HolidayStore::dates(soci::session& session) const {
  std::set<Date> dates;
  for (const Holiday& holiday : list(session)) {
    dates.insert(holiday.date);
  }
  return dates;
}

void HolidayStore::replace_all(soci::session& session, const std::vector<Holiday>& holidays) const {
  session << kDeleteHolidays;
  std::string day;
  std::string name;
  soci::statement insert = (session.prepare << kInsertHoliday, soci::use(day), soci::use(name));
  for (const Holiday& holiday : holidays) {
    day = format_date(holiday.date);
    name = holiday.name;
    insert.execute(true);
  }
}

}  // namespace vern::privacy
