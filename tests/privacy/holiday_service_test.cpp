#include "privacy/holiday_service.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "privacy/request_service.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> dates_of(const std::vector<privacy::Holiday>& holidays) {
  std::vector<std::string> dates;
  for (const auto& holiday : holidays) {
    dates.push_back(privacy::format_date(holiday.date) + " " + holiday.name);
  }
  return dates;
}

class HolidayServiceTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    holidays_ = std::make_unique<privacy::HolidayService>(db(), *audit_);
    requests_ = std::make_unique<privacy::RequestService>(db(), *audit_, clock());
  }

  privacy::HolidayService& holidays() { return *holidays_; }
  privacy::RequestService& requests() { return *requests_; }

  std::vector<audit::AuditEvent> audit_events(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    return audit_->list(admin_, query).items;
  }

  const Actor user_{7, "kari.s", Role::kUser};
  const Actor officer_{8, "per.p", Role::kPrivacyOfficer};
  const Actor admin_{9, "ada", Role::kAdmin};

 private:
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<privacy::HolidayService> holidays_;
  std::unique_ptr<privacy::RequestService> requests_;
};

TEST_P(HolidayServiceTest, AdminsReplaceTheListAndEveryoneReadsItByDate) {
  EXPECT_THAT(holidays().list(user_), IsEmpty());
  const auto update = holidays().replace(
      admin_,
      {{"2026-12-25", " Første juledag "}, {" 2026-05-17", "Grunnlovsdag"}, {"2026-12-26", ""}});
  EXPECT_THAT(dates_of(update.holidays),
              ElementsAre("2026-05-17 Grunnlovsdag", "2026-12-25 Første juledag", "2026-12-26 "));
  EXPECT_EQ(dates_of(holidays().list(user_)), dates_of(update.holidays));
  holidays().replace(admin_, {{"2027-01-01", "Nyttårsdag"}});
  EXPECT_THAT(dates_of(holidays().list(officer_)), ElementsAre("2027-01-01 Nyttårsdag"));
  holidays().replace(admin_, {});
  EXPECT_THAT(holidays().list(user_), IsEmpty());
  EXPECT_EQ(audit_events("holidays.replace").size(), 3U);
}

TEST_P(HolidayServiceTest, OnlyAdminsChangeTheList) {
  for (const Actor& actor : {user_, officer_}) {
    EXPECT_EQ(error_from([&] {
                holidays().replace(actor, {{"2026-12-25", "Jul"}});
              }).kind(),
              ErrorKind::kForbidden);
  }
  EXPECT_THAT(holidays().list(user_), IsEmpty());
}

TEST_P(HolidayServiceTest, EveryBadEntryIsNamedAndNothingIsSaved) {
  holidays().replace(admin_, {{"2026-12-25", "Jul"}});
  const Error error = error_from([&] {
    holidays().replace(admin_, {{"2026-12-24", "Julaften"},
                                {"2026-02-30", "No such day"},
                                {"24.12.2026", "Wrong format"},
                                {"2026-12-24", "Twice"},
                                {"2026-12-31", "Two\nlines"}});
  });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), ElementsAre("holidays[1].date", "holidays[2].date",
                                            "holidays[3].date", "holidays[4].name"));
  EXPECT_THAT(dates_of(holidays().list(admin_)), ElementsAre("2026-12-25 Jul"));
  const std::vector<privacy::HolidayInput> too_many(privacy::kMaxHolidays + 1,
                                                    {"2026-12-25", "Jul"});
  EXPECT_THAT(fields_of(error_from([&] { holidays().replace(admin_, too_many); })),
              ElementsAre("holidays"));
}

TEST_P(HolidayServiceTest, ANewListMovesTheDueDatesOfOpenRequestsOnly) {
  // Received Tuesday 24 November 2026: due Thursday 24 December.
  clock().set(1'795'600'000);  // 2026-11-25
  const long long open =
      requests().create(user_, {std::nullopt, "Ola", "access", "email", "2026-11-24", ""}).id;
  const long long closed =
      requests().create(user_, {std::nullopt, "Eva", "access", "email", "2026-11-24", ""}).id;
  privacy::RequestChanges complete;
  complete.status = "completed";
  requests().update(officer_, closed, complete);

  const auto update = holidays().replace(admin_, {{"2026-12-24", "Julaften"}});
  EXPECT_EQ(update.rescheduled, 1);
  EXPECT_EQ(privacy::format_date(requests().get(officer_, open).due_date), "2026-12-25");
  EXPECT_EQ(privacy::format_date(requests().get(officer_, closed).due_date), "2026-12-24");
  EXPECT_EQ(audit_events("request.reschedule").size(), 1U);
  EXPECT_EQ(holidays().replace(admin_, {{"2026-12-24", "Julaften"}}).rescheduled, 0);
  holidays().replace(admin_, {});
  EXPECT_EQ(privacy::format_date(requests().get(officer_, open).due_date), "2026-12-24");
}

INSTANTIATE_TEST_SUITE_P(Databases, HolidayServiceTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
