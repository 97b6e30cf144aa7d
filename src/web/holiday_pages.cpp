#include "web/holiday_pages.hpp"

#include <charconv>
#include <sstream>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

/// The holidays of the text box, one "YYYY-MM-DD name" per line (blank lines skipped), and the
/// line number of each.
struct TypedHolidays {
  std::vector<privacy::HolidayInput> holidays;
  std::vector<std::size_t> lines;
};

TypedHolidays parse_lines(const std::string& text) {
  TypedHolidays typed;
  std::istringstream stream(text);
  std::string line;
  std::size_t number = 0;
  while (std::getline(stream, line)) {
    ++number;
    const std::string_view trimmed = text::trim(line);
    if (trimmed.empty()) {
      continue;
    }
    const std::size_t space = trimmed.find_first_of(" \t");
    privacy::HolidayInput input;
    input.date = std::string(trimmed.substr(0, space));
    if (space != std::string_view::npos) {
      input.name = std::string(text::trim(trimmed.substr(space + 1)));
    }
    typed.holidays.push_back(std::move(input));
    typed.lines.push_back(number);
  }
  return typed;
}

std::string as_lines(const std::vector<privacy::Holiday>& holidays) {
  std::string text;
  for (const auto& holiday : holidays) {
    text.append(privacy::format_date(holiday.date)).append(" ").append(holiday.name).append("\n");
  }
  return text;
}

/// The i of a field "holidays[i].date", if it is one.
std::optional<std::size_t> entry_index(std::string_view field) {
  constexpr std::string_view kPrefix = "holidays[";
  if (!field.starts_with(kPrefix)) {
    return std::nullopt;
  }
  const char* begin = field.data() + kPrefix.size();
  const char* end = field.data() + field.size();
  std::size_t index = 0;
  const auto [ptr, error] = std::from_chars(begin, end, index);
  if (error != std::errc() || ptr == begin || ptr == end || *ptr != ']') {
    return std::nullopt;
  }
  return index;
}

/// The service's errors (holidays[i].date) as "Line N: message" of the text box.
nlohmann::json line_messages(const http::Request& request, const Error& error,
                             const TypedHolidays& typed) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& field_error : error.field_errors()) {
    const auto index = entry_index(field_error.field);
    if (!index || *index >= typed.lines.size()) {
      messages.push_back(field_error.message);
      continue;
    }
    std::string message = text(request, "holidays_line");
    message.append(" ").append(std::to_string(typed.lines[*index])).append(": ");
    messages.push_back(message.append(field_error.message));
  }
  return messages;
}

http::Response holidays_page(const Views& views, const http::Request& request,
                             privacy::HolidayService& holidays, nlohmann::json model, int status) {
  const auto list = holidays.list(*request.context.actor);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& holiday : list) {
    rows.push_back({{"date", privacy::format_date(holiday.date)}, {"name", holiday.name}});
  }
  model["has_holidays"] = !rows.empty();
  model["holidays"] = std::move(rows);
  model["may_edit"] = request.context.actor->role == Role::kAdmin;
  if (!model.contains("lines")) {
    model["lines"] = as_lines(list);
  }
  return views.page(request, "holidays", text(request, "nav_holidays"), std::move(model), status);
}

}  // namespace

void register_holiday_pages(http::Pipeline& pipeline, const Views& views,
                            privacy::HolidayService& holidays) {
  pipeline.add(http::Method::kGet, "/admin/holidays", http::Access::kStaff,
               [&views, &holidays](http::Request& request) {
                 nlohmann::json model = nlohmann::json::object();
                 if (request.query_param("saved") == "1") {
                   model["notice"] = text(request, "saved");
                 }
                 return holidays_page(views, request, holidays, std::move(model), 200);
               });
  pipeline.add(http::Method::kPost, "/admin/holidays", http::Access::kStaff,
               [&views, &holidays](http::Request& request) {
                 const std::string lines = request.form_field("holidays");
                 const TypedHolidays typed = parse_lines(lines);
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       holidays.replace(*request.context.actor, typed.holidays);
                       return http::Response::redirect("/admin/holidays?saved=1");
                     },
                     [&](const Error& error) {
                       nlohmann::json model;
                       model["lines"] = lines;
                       model["messages"] = line_messages(request, error, typed);
                       model["has_messages"] = true;
                       return holidays_page(views, request, holidays, std::move(model), 422);
                     });
               });
}

}  // namespace vern::web
