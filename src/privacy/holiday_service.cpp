#include "privacy/holiday_service.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/text_checks.hpp"
#include "common/validation.hpp"
#include "privacy/data_request.hpp"
#include "privacy/request_store.hpp"

namespace vern::privacy {
namespace {

std::string entry_field(std::size_t index, const char* member) {
  std::string field = "holidays[";
  field.append(std::to_string(index)).append("].").append(member);
  return field;
}

std::vector<Holiday> checked(const std::vector<HolidayInput>& inputs) {
  FieldErrors errors;
  if (inputs.size() > kMaxHolidays) {
    errors.add("holidays", "At most " + std::to_string(kMaxHolidays) + " holidays.");
    errors.throw_if_any();
  }
  std::vector<Holiday> holidays;
  std::set<Date> seen;
  for (std::size_t index = 0; index < inputs.size(); ++index) {
    const auto date = parse_date(text::trim(inputs[index].date));
    const std::string name(text::trim(inputs[index].name));
    if (!date) {
      errors.add(entry_field(index, "date"), "Use a date that exists, as YYYY-MM-DD.");
    } else if (!seen.insert(*date).second) {
      errors.add(entry_field(index, "date"), "This date is listed twice.");
    }
    validation::check_line(name, entry_field(index, "name"), kMaxHolidayName, errors);
    if (date) {
      holidays.push_back({*date, name});
    }
  }
  errors.throw_if_any();
  std::sort(holidays.begin(), holidays.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return holidays;
}

}  // namespace

std::vector<Holiday> HolidayService::list(const Actor& actor) {
  require_role(actor, Role::kUser);
  return database_.read(
      [&](soci::session& session) { return HolidayStore(database_.dialect()).list(session); });
}

HolidayUpdate HolidayService::replace(const Actor& actor, const std::vector<HolidayInput>& inputs) {
  require_role(actor, Role::kAdmin);
  HolidayUpdate update;
  update.holidays = checked(inputs);
  database_.write([&](soci::session& session) {
    const HolidayStore store(database_.dialect());
    store.lock(session);
    store.replace_all(session, update.holidays);
    std::set<Date> dates;
    for (const Holiday& holiday : update.holidays) {
      dates.insert(holiday.date);
    }
    const RequestStore requests(database_.dialect());
    std::vector<RequestSchedule> moved;
    for (const RequestSchedule& schedule : requests.open_schedules(session)) {
      const Date due = request_due_date(schedule.received_at, schedule.extension_months, dates);
      if (due != schedule.due_date) {
        requests.set_due_date(session, schedule.id, due);
        moved.push_back(schedule);
      }
    }
    // Audited after every row is written: the audit lock is taken last, as everywhere.
    for (const RequestSchedule& schedule : moved) {
      audit_.append(session, actor, "request.reschedule", "data_request",
                    std::to_string(schedule.id), schedule.person_id, R"({"fields":["due_date"]})");
    }
    update.rescheduled = static_cast<long long>(moved.size());
    audit_.append(
        session, actor, "holidays.replace", "holiday", std::nullopt, std::nullopt,
        nlohmann::json{{"count", update.holidays.size()}, {"rescheduled", update.rescheduled}}
            .dump());
  });
  return update;
}

}  // namespace vern::privacy
