#include "api/holidays_api.hpp"

#include "api/json_io.hpp"
#include "common/error.hpp"

namespace vern::api {
namespace {

using nlohmann::ordered_json;

ordered_json holidays_json(const std::vector<privacy::Holiday>& holidays) {
  ordered_json list = ordered_json::array();
  for (const auto& holiday : holidays) {
    list.push_back({{"date", privacy::format_date(holiday.date)}, {"name", holiday.name}});
  }
  return list;
}

/// {"holidays": [{"date", "name"?}, ...]}, each problem named as holidays[i].member.
std::vector<privacy::HolidayInput> holidays_from(const nlohmann::json& body) {
  FieldErrors errors;
  add_unknown_members(body, {"holidays"}, errors);
  const auto list = body.find("holidays");
  if (list == body.end() || !list->is_array()) {
    errors.add("holidays", "Give the holidays as a list of {\"date\", \"name\"}.");
    errors.throw_if_any();
  }
  std::vector<privacy::HolidayInput> holidays;
  for (std::size_t index = 0; index < list->size(); ++index) {
    const nlohmann::json& entry = (*list)[index];
    const std::string at = "holidays[" + std::to_string(index) + "]";
    if (!entry.is_object()) {
      errors.add(at, "Must be an object with a date and a name.");
      continue;
    }
    FieldErrors entry_errors;
    add_unknown_members(entry, {"date", "name"}, entry_errors);
    privacy::HolidayInput input;
    input.date = changed_text(entry, "date", entry_errors).value_or("");
    input.name = changed_text(entry, "name", entry_errors).value_or("");
    if (!entry_errors.empty()) {
      errors.add(at, "Give a date (YYYY-MM-DD) and a name, both strings, and nothing else.");
    }
    holidays.push_back(std::move(input));
  }
  errors.throw_if_any();
  return holidays;
}

}  // namespace

void register_holidays_api(http::Pipeline& pipeline, privacy::HolidayService& holidays) {
  pipeline.add(http::Method::kGet, "/api/v1/holidays", http::Access::kStaff,
               [&holidays](http::Request& request) {
                 return json_response(
                     200, {{"holidays", holidays_json(holidays.list(*request.context.actor))}});
               });
  pipeline.add(http::Method::kPut, "/api/v1/holidays", http::Access::kStaff,
               [&holidays](http::Request& request) {
                 const auto update =
                     holidays.replace(*request.context.actor, holidays_from(parse_object(request)));
                 return json_response(200, {{"holidays", holidays_json(update.holidays)},
                                            {"rescheduled", update.rescheduled}});
               });
}

}  // namespace vern::api
