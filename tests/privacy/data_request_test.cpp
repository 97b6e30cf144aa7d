#include "privacy/data_request.hpp"

#include <gtest/gtest.h>

#include "privacy/dates.hpp"

namespace vern::privacy {
namespace {

using testing::at;
using testing::date;

DataRequest due_on(std::string_view due, RequestStatus status = RequestStatus::kOpen) {
  DataRequest request;
  request.due_date = date(due);
  request.status = status;
  return request;
}

TEST(DataRequest, NamesRoundTripForEveryValue) {
  EXPECT_EQ(all_request_types().size(), 6U);
  for (const RequestType type : all_request_types()) {
    EXPECT_EQ(parse_request_type(to_string(type)), type);
  }
  EXPECT_EQ(all_request_channels().size(), 4U);
  for (const RequestChannel channel : all_request_channels()) {
    EXPECT_EQ(parse_request_channel(to_string(channel)), channel);
  }
  EXPECT_EQ(all_request_statuses().size(), 4U);
  for (const RequestStatus status : all_request_statuses()) {
    EXPECT_EQ(parse_request_status(to_string(status)), status);
  }
  EXPECT_EQ(to_string(RequestStatus::kInProgress), "in_progress");
  EXPECT_FALSE(parse_request_type("Access"));
  EXPECT_FALSE(parse_request_channel(""));
  EXPECT_FALSE(parse_request_status("closed"));
}

TEST(DataRequest, CompletedAndRejectedAreClosed) {
  EXPECT_FALSE(is_closed(RequestStatus::kOpen));
  EXPECT_FALSE(is_closed(RequestStatus::kInProgress));
  EXPECT_TRUE(is_closed(RequestStatus::kCompleted));
  EXPECT_TRUE(is_closed(RequestStatus::kRejected));
}

TEST(DataRequest, TheDueDateCountsFromTheUtcDateOfReceipt) {
  // Half past midnight on 1 May in Oslo is still 30 April in UTC: due 30 May, not 1 June.
  EXPECT_EQ(format_date(request_due_date(at("2029-05-01T00:30:00+02:00"), 0, {})), "2029-05-30");
  EXPECT_EQ(format_date(request_due_date(at("2029-01-31T23:59:59Z"), 0, {})), "2029-02-28");
  EXPECT_EQ(format_date(request_due_date(at("2029-03-15T08:00:00Z"), 0, {})), "2029-04-16");
  // Extended by two: counted from receipt (31 January 2029 → 30 April 2029).
  EXPECT_EQ(format_date(request_due_date(at("2029-01-31T12:00:00Z"), 2, {})), "2029-04-30");
  // A holiday on the due date moves it to the next working day.
  EXPECT_EQ(format_date(request_due_date(at("2029-01-31T12:00:00Z"), 2, {date("2029-04-30")})),
            "2029-05-01");
}

TEST(DataRequest, OverdueOnceTheDueDateHasPassed) {
  const Date today = date("2026-09-21");
  EXPECT_EQ(urgency_of(due_on("2026-09-20"), today), Urgency::kOverdue);
  EXPECT_EQ(urgency_of(due_on("2026-09-21"), today), Urgency::kDueSoon);  // the last day
  EXPECT_EQ(urgency_of(due_on("2026-09-27"), today), Urgency::kDueSoon);  // day 7
  EXPECT_EQ(urgency_of(due_on("2026-09-28"), today), Urgency::kOnTime);
  EXPECT_EQ(urgency_of(due_on("2026-09-01", RequestStatus::kInProgress), today), Urgency::kOverdue);
  EXPECT_EQ(urgency_of(due_on("2026-09-01", RequestStatus::kCompleted), today), Urgency::kClosed);
  EXPECT_EQ(urgency_of(due_on("2026-09-01", RequestStatus::kRejected), today), Urgency::kClosed);
}

TEST(DataRequest, OpenRequestsAreGroupedByDueWeekOverdueFirst) {
  const Date today = date("2026-09-23");  // a Wednesday: its week began on 21 September
  const auto weeks = group_by_due_week({{date("2026-09-01"), 2},
                                        {date("2026-09-22"), 1},
                                        {date("2026-09-23"), 3},
                                        {date("2026-09-27"), 1},
                                        {date("2026-09-28"), 4},
                                        {date("2026-10-05"), 5},
                                        {date("2026-12-31"), 6}},
                                       today, 2);
  ASSERT_EQ(weeks.size(), 4U);
  EXPECT_EQ(weeks[0].kind, DueWeek::Kind::kOverdue);
  EXPECT_EQ(weeks[0].count, 3);  // 1 September and yesterday
  EXPECT_EQ(weeks[1].kind, DueWeek::Kind::kWeek);
  EXPECT_EQ(format_date(weeks[1].start), "2026-09-21");
  EXPECT_EQ(weeks[1].count, 4);  // today to Sunday
  EXPECT_EQ(format_date(weeks[2].start), "2026-09-28");
  EXPECT_EQ(weeks[2].count, 4);
  EXPECT_EQ(weeks[3].kind, DueWeek::Kind::kLater);
  EXPECT_EQ(format_date(weeks[3].start), "2026-10-05");
  EXPECT_EQ(weeks[3].count, 11);
}

TEST(DataRequest, EveryWeekIsShownEvenWithoutRequests) {
  const auto weeks = group_by_due_week({}, date("2026-09-27"), 3);  // a Sunday
  ASSERT_EQ(weeks.size(), 5U);
  EXPECT_EQ(format_date(weeks[1].start), "2026-09-21");
  for (const auto& week : weeks) {
    EXPECT_EQ(week.count, 0);
  }
}

}  // namespace
}  // namespace vern::privacy
