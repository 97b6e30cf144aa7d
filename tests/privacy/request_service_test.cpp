#include "privacy/request_service.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "privacy/dates.hpp"
#include "privacy/holiday_service.hpp"
#include "query/crm_rows.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using privacy::DataRequest;
using privacy::RequestChanges;
using privacy::RequestStatus;

class RequestServiceTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    requests_ = std::make_unique<privacy::RequestService>(db(), *audit_, clock());
    holidays_ = std::make_unique<privacy::HolidayService>(db(), *audit_);
    person_ = insert_person("Kari", "Nordmann");
  }

  privacy::RequestService& requests() { return *requests_; }
  privacy::HolidayService& holidays() { return *holidays_; }

  long long insert_person(const std::string& first_name, const std::string& last_name) {
    return CrmRows(db()).person({{"first_name", first_name}, {"last_name", last_name}});
  }

  /// A request of the person's, received at `received_at` (now when empty).
  DataRequest register_request(const std::string& received_at = "",
                               const std::string& type = "access") {
    return requests().create(user_, {person_, "", type, "email", received_at, "Wants a copy."});
  }

  std::vector<audit::AuditEvent> audit_events(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    query.limit = 500;
    return audit_->list(Actor::system("test"), query).items;
  }

  static RequestChanges status(const std::string& to, const std::string& reason = "") {
    RequestChanges changes;
    changes.status = to;
    if (!reason.empty()) {
      changes.rejection_reason = reason;
    }
    return changes;
  }

  const Actor user_{7, "kari.s", Role::kUser};
  const Actor officer_{8, "per.p", Role::kPrivacyOfficer};
  const Actor admin_{9, "ada", Role::kAdmin};
  long long person_ = 0;

 private:
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<privacy::RequestService> requests_;
  std::unique_ptr<privacy::HolidayService> holidays_;
};

TEST_P(RequestServiceTest, ARegisteredRequestIsDueOneCalendarMonthAfterReceipt) {
  clock().set(at("2029-02-01T09:00:00Z"));
  const DataRequest request = register_request("2029-01-31T10:15:00Z", "portability");
  EXPECT_GT(request.id, 0);
  EXPECT_EQ(request.version, 1);
  EXPECT_EQ(request.person_id, person_);
  EXPECT_EQ(request.person_name, "Kari Nordmann");
  EXPECT_EQ(request.subject(), "Kari Nordmann");
  EXPECT_EQ(request.type, privacy::RequestType::kPortability);
  EXPECT_EQ(request.channel, privacy::RequestChannel::kEmail);
  EXPECT_EQ(request.received_at, at("2029-01-31T10:15:00Z"));
  EXPECT_EQ(request.status, RequestStatus::kOpen);
  EXPECT_EQ(privacy::format_date(request.due_date), "2029-02-28");
  EXPECT_EQ(request.extension_months, 0);
  EXPECT_EQ(request.created_by, "kari.s");
  EXPECT_EQ(request.created_by_user_id, 7);
  EXPECT_EQ(request.created_at, at("2029-02-01T09:00:00Z"));
  EXPECT_FALSE(request.completed_at);
  EXPECT_TRUE(request.handled_by.empty());
  EXPECT_EQ(request.note, "Wants a copy.");

  // Without a receipt time it was received now; a bare date is the start of that day (UTC).
  const DataRequest now = register_request();
  EXPECT_EQ(now.received_at, clock().now());
  EXPECT_EQ(privacy::format_date(now.due_date), "2029-03-01");
  const DataRequest dated = register_request("2029-01-15");
  EXPECT_EQ(dated.received_at, at("2029-01-15T00:00:00Z"));
  EXPECT_EQ(privacy::format_date(dated.due_date), "2029-02-15");
}

TEST_P(RequestServiceTest, DueDatesSkipWeekendsAndTheHolidaysOnTheList) {
  // 24 November 2026 + 1 month = Thursday 24 December; with Christmas Eve and Christmas Day
  // on the list, and the weekend after, the next working day is Monday 28 December.
  EXPECT_EQ(privacy::format_date(register_request("2026-09-21T08:00:00Z").due_date), "2026-10-21");
  holidays().replace(admin_, {{"2026-12-24", "Julaften"}, {"2026-12-25", "Første juledag"}});
  clock().set(at("2026-11-25T08:00:00Z"));
  EXPECT_EQ(privacy::format_date(register_request("2026-11-24T08:00:00Z").due_date), "2026-12-28");
  // 28 October + 1 month is Saturday 28 November: Monday 30 November.
  EXPECT_EQ(privacy::format_date(register_request("2026-10-28").due_date), "2026-11-30");
}

TEST_P(RequestServiceTest, AnExtensionCountsFromReceiptAndNeedsAReason) {
  clock().set(at("2029-02-01T09:00:00Z"));
  const DataRequest request = register_request("2029-01-31T10:00:00Z");
  const Error no_reason = error_from([&] { requests().extend(officer_, request.id, 2, "  "); });
  EXPECT_EQ(no_reason.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(no_reason), ElementsAre("reason"));
  EXPECT_THAT(fields_of(error_from([&] { requests().extend(officer_, request.id, 3, "Many"); })),
              ElementsAre("months"));
  EXPECT_THAT(fields_of(error_from([&] { requests().extend(officer_, request.id, 0, "Many"); })),
              ElementsAre("months"));

  const DataRequest extended =
      requests().extend(officer_, request.id, 2, "Many systems to search through.");
  EXPECT_EQ(privacy::format_date(extended.due_date), "2029-04-30");
  EXPECT_EQ(extended.extension_months, 2);
  EXPECT_EQ(extended.extension_reason, "Many systems to search through.");
  EXPECT_EQ(extended.handled_by, "per.p");
  EXPECT_EQ(extended.version, 2);
  // Two months in all at most.
  const Error more = error_from([&] { requests().extend(officer_, request.id, 1, "Still more"); });
  EXPECT_EQ(more.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(more), ElementsAre("months"));
  EXPECT_THAT(more.field_errors().front().message, HasSubstr("extended by 2 already"));
}

TEST_P(RequestServiceTest, TwoExtensionsOfAMonthKeepBothReasons) {
  clock().set(at("2029-02-01T09:00:00Z"));
  const DataRequest request = register_request("2029-01-31T10:00:00Z");
  const DataRequest once = requests().extend(officer_, request.id, 1, "Complex.");
  EXPECT_EQ(privacy::format_date(once.due_date), "2029-04-02");  // 31 March is a Saturday
  const DataRequest twice = requests().extend(admin_, request.id, 1, "Still complex.");
  EXPECT_EQ(privacy::format_date(twice.due_date), "2029-04-30");
  EXPECT_EQ(twice.extension_months, 2);
  EXPECT_EQ(twice.extension_reason, "Complex.\nStill complex.");
  EXPECT_EQ(twice.handled_by, "ada");
}

TEST_P(RequestServiceTest, AStatusChangeRecordsWhoHandledItAndClosingStampsTheTime) {
  const DataRequest request = register_request();
  clock().advance(3600);
  const DataRequest working = requests().update(officer_, request.id, status("in_progress"));
  EXPECT_EQ(working.status, RequestStatus::kInProgress);
  EXPECT_EQ(working.handled_by, "per.p");
  EXPECT_EQ(working.handled_by_user_id, 8);
  EXPECT_FALSE(working.completed_at);
  EXPECT_EQ(working.version, 2);
  clock().advance(3600);
  const DataRequest done = requests().update(admin_, request.id, status("completed"));
  EXPECT_EQ(done.status, RequestStatus::kCompleted);
  EXPECT_EQ(done.handled_by, "ada");
  EXPECT_EQ(done.completed_at, clock().now());
  // A closed request's status stays; other corrections are still possible.
  const Error reopened = error_from([&] { requests().update(admin_, request.id, status("open")); });
  EXPECT_EQ(reopened.kind(), ErrorKind::kConflict);
  RequestChanges note;
  note.note = "Sent the copy by registered mail.";
  EXPECT_EQ(requests().update(officer_, request.id, note).note, note.note);
  // The same status again changes nothing.
  EXPECT_EQ(requests().update(officer_, request.id, status("completed")).version, 4);
  const Error extended = error_from([&] { requests().extend(admin_, request.id, 1, "Late"); });
  EXPECT_EQ(extended.kind(), ErrorKind::kConflict);
}

TEST_P(RequestServiceTest, ARejectionNeedsItsReason) {
  const DataRequest request = register_request();
  const Error bare =
      error_from([&] { requests().update(officer_, request.id, status("rejected")); });
  EXPECT_EQ(bare.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(bare), ElementsAre("rejection_reason"));
  EXPECT_EQ(requests().get(officer_, request.id).status, RequestStatus::kOpen);
  const Error stray =
      error_from([&] { requests().update(officer_, request.id, status("in_progress", "Why")); });
  EXPECT_THAT(fields_of(stray), ElementsAre("rejection_reason"));
  const DataRequest rejected = requests().update(
      officer_, request.id, status("rejected", "Manifestly unfounded: the fifth copy this month."));
  EXPECT_EQ(rejected.status, RequestStatus::kRejected);
  EXPECT_EQ(rejected.rejection_reason, "Manifestly unfounded: the fifth copy this month.");
  EXPECT_TRUE(rejected.completed_at);
  EXPECT_THAT(fields_of(error_from([&] { requests().update(officer_, request.id, status("x")); })),
              ElementsAre("status"));
}

TEST_P(RequestServiceTest, UsersRegisterAndReadRequestsButOnlyOfficersHandleThem) {
  const DataRequest request = register_request();
  EXPECT_EQ(requests().get(user_, request.id).id, request.id);
  EXPECT_EQ(requests().list(user_, {}).items.size(), 1U);
  EXPECT_EQ(error_from([&] { requests().update(user_, request.id, status("in_progress")); }).kind(),
            ErrorKind::kForbidden);
  EXPECT_EQ(error_from([&] { requests().extend(user_, request.id, 1, "Because"); }).kind(),
            ErrorKind::kForbidden);
  EXPECT_EQ(error_from([&] { requests().remove(user_, request.id); }).kind(),
            ErrorKind::kForbidden);
  requests().remove(officer_, request.id);
  EXPECT_EQ(error_from([&] { requests().get(officer_, request.id); }).kind(), ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { requests().remove(officer_, request.id); }).kind(),
            ErrorKind::kNotFound);
}

TEST_P(RequestServiceTest, TheSubjectIsAPersonOfTheCrmOrANameButNotBoth) {
  const auto create = [&](std::optional<long long> person_id, const std::string& name) {
    return requests().create(user_, {person_id, name, "erasure", "phone", "", ""});
  };
  EXPECT_THAT(fields_of(error_from([&] { create(std::nullopt, " "); })),
              ElementsAre("subject_name"));
  EXPECT_THAT(fields_of(error_from([&] { create(person_, "Kari"); })), ElementsAre("subject_name"));
  EXPECT_THAT(fields_of(error_from([&] { create(person_ + 1000, ""); })), ElementsAre("person_id"));
  const DataRequest outsider = create(std::nullopt, "  Ola Utenfor ");
  EXPECT_FALSE(outsider.person_id);
  EXPECT_EQ(outsider.subject_name, "Ola Utenfor");
  EXPECT_EQ(outsider.subject(), "Ola Utenfor");
  // Linking the request to a person once they are in the CRM replaces the name.
  RequestChanges link;
  link.person_id = person_;
  EXPECT_THAT(fields_of(error_from([&] { requests().update(officer_, outsider.id, link); })),
              ElementsAre("subject_name"));
  link.subject_name = "";
  const DataRequest linked = requests().update(officer_, outsider.id, link);
  EXPECT_EQ(linked.person_id, person_);
  EXPECT_EQ(linked.subject(), "Kari Nordmann");
}

TEST_P(RequestServiceTest, EveryBadValueIsNamed) {
  const Error error = error_from([&] {
    requests().create(user_, {std::nullopt, "Line\nbreak", "complaint", "fax", "yesterday",
                              std::string("bell\a")});
  });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error),
              ElementsAre("subject_name", "type", "channel", "received_at", "note"));
  const Error future = error_from([&] {
    requests().create(user_, {person_, "", "access", "letter", "2026-09-22T14:13:20Z", ""});
  });
  EXPECT_THAT(fields_of(future), ElementsAre("received_at"));
  EXPECT_THAT(future.field_errors().front().message, HasSubstr("future"));
  EXPECT_THAT(fields_of(error_from([&] {
                requests().create(user_, {person_, "", "access", "letter", "2026-02-30", ""});
              })),
              ElementsAre("received_at"));
  EXPECT_THAT(requests().list(user_, {}).items, IsEmpty());
}

TEST_P(RequestServiceTest, ANewReceiptTimeMovesTheDueDateWithTheExtension) {
  const DataRequest request = register_request("2026-09-01T12:00:00Z");
  requests().extend(officer_, request.id, 1, "Many requests at once.");
  RequestChanges changes;
  EXPECT_EQ(privacy::format_date(requests().get(officer_, request.id).due_date),
            "2026-11-02");  // 1 November is a Sunday
  changes.received_at = "2026-08-20";
  const DataRequest moved = requests().update(officer_, request.id, changes);
  EXPECT_EQ(privacy::format_date(moved.due_date), "2026-10-20");
}

TEST_P(RequestServiceTest, AStaleVersionIsRefusedAndNothingChanges) {
  const DataRequest request = register_request();
  RequestChanges changes = status("in_progress");
  changes.expected_version = 1;
  requests().update(officer_, request.id, changes);
  changes = status("completed");
  changes.expected_version = 1;
  EXPECT_EQ(error_from([&] { requests().update(officer_, request.id, changes); }).kind(),
            ErrorKind::kPreconditionFailed);
  EXPECT_EQ(error_from([&] { requests().extend(officer_, request.id, 1, "x", 1); }).kind(),
            ErrorKind::kPreconditionFailed);
  EXPECT_EQ(requests().get(officer_, request.id).status, RequestStatus::kInProgress);
}

TEST_P(RequestServiceTest, TheRegisterIsListedByDueDateInPages) {
  const long long other = insert_person("Ola", "Hansen");
  const auto on = [&](long long person_id, const std::string& received) {
    return requests().create(user_, {person_id, "", "access", "email", received, ""}).id;
  };
  const long long third = on(person_, "2026-09-10");
  const long long first = on(other, "2026-08-03");
  const long long second = on(person_, "2026-08-20");
  const long long fourth = on(other, "2026-09-10");
  requests().update(officer_, second, status("completed"));

  privacy::RequestQuery query;
  query.limit = 3;
  query.count = true;
  const auto page = requests().list(user_, query);
  ASSERT_EQ(page.items.size(), 3U);
  EXPECT_EQ(page.items[0].id, first);
  EXPECT_EQ(page.items[1].id, second);
  EXPECT_EQ(page.items[2].id, third);
  EXPECT_EQ(page.total, 4);
  ASSERT_TRUE(page.next);
  query.after = *page.next;
  const auto rest = requests().list(user_, query);
  ASSERT_EQ(rest.items.size(), 1U);
  EXPECT_EQ(rest.items[0].id, fourth);
  EXPECT_FALSE(rest.next);

  privacy::RequestQuery open;
  open.statuses = {RequestStatus::kOpen, RequestStatus::kInProgress};
  open.person_id = person_;
  const auto mine = requests().list(user_, open);
  ASSERT_EQ(mine.items.size(), 1U);
  EXPECT_EQ(mine.items[0].id, third);
  EXPECT_FALSE(mine.total);
  privacy::RequestQuery bad;
  bad.after = "nonsense";
  EXPECT_THAT(fields_of(error_from([&] { requests().list(user_, bad); })), ElementsAre("after"));
}

TEST_P(RequestServiceTest, EveryStepIsAuditedWithThePersonAndNoValues) {
  clock().set(at("2029-02-01T09:00:00Z"));
  const DataRequest request = register_request("2029-01-31T10:00:00Z");
  requests().get(user_, request.id);
  privacy::RequestQuery query;
  query.person_id = person_;
  requests().list(user_, query);
  requests().update(officer_, request.id, status("in_progress"));
  requests().extend(officer_, request.id, 1, "A secret reason.");
  requests().update(officer_, request.id, status("rejected", "Another secret reason."));
  requests().remove(admin_, request.id);

  for (const char* action : {"request.create", "request.read", "request.list", "request.update",
                             "request.extend", "request.delete"}) {
    const auto events = audit_events(action);
    ASSERT_FALSE(events.empty()) << action;
    for (const auto& event : events) {
      EXPECT_EQ(event.person_id, person_) << action;
      EXPECT_THAT(event.details, Not(HasSubstr("secret"))) << action;
      EXPECT_THAT(event.details, Not(HasSubstr("Wants a copy"))) << action;
      EXPECT_THAT(event.details, Not(HasSubstr("Kari"))) << action;
    }
  }
  const auto created = audit_events("request.create").front();
  EXPECT_EQ(created.entity, "data_request");
  EXPECT_EQ(created.entity_id, std::to_string(request.id));
  EXPECT_EQ(created.actor, "kari.s");
  EXPECT_THAT(created.details, HasSubstr(R"("type":"access")"));
  const auto updates = audit_events("request.update");
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_THAT(updates.front().details, HasSubstr(R"("status":"rejected")"));
  EXPECT_THAT(updates.front().details, HasSubstr("rejection_reason"));
  EXPECT_THAT(audit_events("request.extend").front().details, HasSubstr(R"("months":1)"));
}

TEST_P(RequestServiceTest, ErasingThePersonKeepsTheRequestWithoutTheirName) {
  const DataRequest request = register_request("", "erasure");
  db().write([&](soci::session& session) {
    session << "DELETE FROM persons WHERE id = :id", soci::use(person_);
  });
  const DataRequest kept = requests().get(officer_, request.id);
  EXPECT_FALSE(kept.person_id);
  EXPECT_TRUE(kept.subject().empty());
  EXPECT_EQ(kept.type, privacy::RequestType::kErasure);
}

TEST_P(RequestServiceTest, OpenRequestsAreCountedByDueWeek) {
  register_request("2026-08-01");                      // due 1 September: overdue
  register_request("2026-08-22");                      // due 22 September
  register_request("2026-09-21");                      // due 21 October
  const auto closed = register_request("2026-08-02");  // overdue, but closed
  requests().update(officer_, closed.id, status("completed"));
  const auto weeks = requests().open_by_due_week(user_, 6);
  ASSERT_EQ(weeks.size(), 8U);
  EXPECT_EQ(weeks[0].kind, privacy::DueWeek::Kind::kOverdue);
  EXPECT_EQ(weeks[0].count, 1);
  EXPECT_EQ(privacy::format_date(weeks[1].start), "2026-09-21");
  EXPECT_EQ(weeks[1].count, 1);
  EXPECT_EQ(privacy::format_date(weeks[5].start), "2026-10-19");
  EXPECT_EQ(weeks[5].count, 1);
  EXPECT_EQ(weeks[7].count, 0);
}

TEST_P(RequestServiceTest, ThePrivacyTabShowsExportsAndTheAuditTrailOnlyToOfficers) {
  register_request();
  db().write([&](soci::session& session) {
    audit::AuditLog(db(), clock())
        .append(session, user_, "person.export", "person", std::to_string(person_), person_,
                R"({"format":"xlsx"})");
  });
  const auto seen_by_user = requests().person_privacy(user_, person_);
  EXPECT_EQ(seen_by_user.requests.size(), 1U);
  EXPECT_FALSE(seen_by_user.audit_visible);
  EXPECT_THAT(seen_by_user.exports, IsEmpty());
  EXPECT_THAT(seen_by_user.events, IsEmpty());

  const auto seen_by_officer = requests().person_privacy(officer_, person_);
  EXPECT_TRUE(seen_by_officer.audit_visible);
  ASSERT_EQ(seen_by_officer.exports.size(), 1U);
  EXPECT_EQ(seen_by_officer.exports.front().format, "xlsx");
  EXPECT_EQ(seen_by_officer.exports.front().actor, "kari.s");
  ASSERT_FALSE(seen_by_officer.events.empty());
  EXPECT_EQ(seen_by_officer.events.front().action, "person.privacy.read");  // the user's look
  EXPECT_EQ(audit_events("person.privacy.read").size(), 2U);
  EXPECT_EQ(error_from([&] { requests().person_privacy(user_, person_ + 1000); }).kind(),
            ErrorKind::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Databases, RequestServiceTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
