#include "privacy/deadline.hpp"

#include <charconv>

namespace vern::privacy {

namespace chrono = std::chrono;

bool is_non_working_day(Date date, const std::set<Date>& holidays) {
  const chrono::weekday weekday{chrono::sys_days{date}};
  return weekday == chrono::Saturday || weekday == chrono::Sunday || holidays.contains(date);
}

Date due_date(Date received, int months, const std::set<Date>& holidays) {
  const chrono::year_month target = received.year() / received.month() + chrono::months{months};
  const chrono::year_month_day_last last_day = target / chrono::last;
  Date due = target / received.day();
  if (!due.ok()) {
    due = Date{last_day};  // the month is too short: its last day
  }
  while (is_non_working_day(due, holidays)) {
    due = Date{chrono::sys_days{due} + chrono::days{1}};
  }
  return due;
}

Date utc_date(UnixTime time) {
  return Date{chrono::floor<chrono::days>(chrono::sys_seconds{chrono::seconds{time}})};
}

std::string format_date(Date date) {
  const auto padded = [](unsigned value, std::size_t width) {
    std::string digits = std::to_string(value);
    return std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
  };
  std::string text = padded(static_cast<unsigned>(static_cast<int>(date.year())), 4);
  text.append("-").append(padded(static_cast<unsigned>(date.month()), 2));
  text.append("-").append(padded(static_cast<unsigned>(date.day()), 2));
  return text;
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  const auto number = [&text](std::size_t at, std::size_t length, auto& into) {
    const char* end = text.data() + at + length;
    const auto [ptr, error] = std::from_chars(text.data() + at, end, into);
    return error == std::errc() && ptr == end;
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) {
    return std::nullopt;
  }
  const Date date{chrono::year{year}, chrono::month{month}, chrono::day{day}};
  return date.ok() ? std::optional(date) : std::nullopt;
}

}  // namespace vern::privacy
