#include "privacy/deadline.hpp"

#include <gtest/gtest.h>

#include "privacy/dates.hpp"

namespace vern::privacy {
namespace {

using testing::date;

std::string due(std::string_view received, int months = 1, const std::set<Date>& holidays = {}) {
  return format_date(due_date(date(received), months, holidays));
}

TEST(Deadline, TheSameDateOfTheNextMonth) {
  EXPECT_EQ(due("2027-03-15"), "2027-04-15");  // a Thursday
  EXPECT_EQ(due("2026-12-15"), "2027-01-15");  // over the year's end (a Friday)
}

TEST(Deadline, TheLastDayOfAShorterMonth) {
  EXPECT_EQ(due("2029-01-31"), "2029-02-28");  // not a leap year (a Wednesday)
  EXPECT_EQ(due("2028-01-31"), "2028-02-29");  // a leap year (a Tuesday)
  EXPECT_EQ(due("2028-01-30"), "2028-02-29");
  EXPECT_EQ(due("2028-02-29"), "2028-03-29");  // from the leap day: the same date
  EXPECT_EQ(due("2027-05-31"), "2027-06-30");  // a Wednesday
}

TEST(Deadline, AnExtensionCountsFromReceipt) {
  EXPECT_EQ(due("2029-01-31", 3), "2029-04-30");  // extended by two months (a Monday)
  EXPECT_EQ(due("2029-01-31", 2), "2029-04-02");  // 31 March 2029 is a Saturday
}

TEST(Deadline, AWeekendMovesToTheNextMonday) {
  EXPECT_EQ(due("2026-10-28"), "2026-11-30");  // 28 November 2026 is a Saturday
  EXPECT_EQ(due("2026-10-29"), "2026-11-30");  // 29 November 2026 is a Sunday
}

TEST(Deadline, HolidaysMoveToTheNextWorkingDay) {
  const std::set<Date> christmas = {date("2026-12-24"), date("2026-12-25"), date("2026-12-26")};
  EXPECT_EQ(due("2026-11-25", 1, christmas), "2026-12-28");  // Fri holiday, Sat, Sun → Monday
  EXPECT_EQ(due("2026-11-24", 1, christmas), "2026-12-28");  // Thursday 24th is a holiday too
  EXPECT_EQ(due("2026-11-23", 1, christmas), "2026-12-23");  // a Wednesday, no holiday
  const std::set<Date> may = {date("2027-05-17")};           // a Monday
  EXPECT_EQ(due("2027-04-15", 1, may), "2027-05-18");        // 15 May is a Saturday
}

TEST(Deadline, DatesAreParsedStrictly) {
  EXPECT_FALSE(parse_date("2027-02-29").has_value());
  EXPECT_FALSE(parse_date("2027-2-28").has_value());
  EXPECT_FALSE(parse_date("2027-02-28T00:00").has_value());
  EXPECT_FALSE(parse_date("year-02-28").has_value());
  EXPECT_EQ(format_date(date("2028-02-29")), "2028-02-29");
}

}  // namespace
}  // namespace vern::privacy
