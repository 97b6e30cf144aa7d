#include "crm/activity_service.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using crm::ParticipantStatus;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class ActivityServiceTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    activities_ = std::make_unique<crm::ActivityService>(db(), *audit_, clock());
  }

  crm::ActivityService& activities() { return *activities_; }

  crm::Activity create(const std::string& name, const std::string& date = "") {
    crm::Activity activity;
    activity.name = name;
    activity.type = "seminar";
    activity.date = date;
    return activities().create(user_, activity);
  }

  long long insert_person(const std::string& first_name, const std::string& last_name) {
    return db().write([&](soci::session& session) {
      long long id = 0;
      session << "INSERT INTO persons (first_name, last_name, created_at, updated_at)"
                 " VALUES (:first_name, :last_name, 0, 0) RETURNING id",
          soci::use(first_name), soci::use(last_name), soci::into(id);
      return id;
    });
  }

  long long count_participants() {
    return db().read([](soci::session& session) {
      long long count = 0;
      session << "SELECT COUNT(*) FROM participants", soci::into(count);
      return count;
    });
  }

  std::vector<audit::AuditEvent> audit_events(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    query.limit = 500;
    return audit_->list(Actor::system("test"), query).items;
  }

  const Actor user_{7, "kari", Role::kUser};

 private:
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<crm::ActivityService> activities_;
};

TEST_P(ActivityServiceTest, CreatesAndReadsAnActivity) {
  crm::Activity input;
  input.name = " Vårseminar ";
  input.type = "seminar";
  input.date = "2026-04-15";
  input.description = "Seminar om personvern.\nMed lunsj.";
  const crm::Activity created = activities().create(user_, input);
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.name, "Vårseminar");
  const crm::Activity stored = activities().get(user_, created.id);
  EXPECT_EQ(stored.name, "Vårseminar");
  EXPECT_EQ(stored.date, "2026-04-15");
  EXPECT_EQ(stored.description, "Seminar om personvern.\nMed lunsj.");
  EXPECT_EQ(stored.created_at, clock().now());
  const auto events = audit_events("activity.create");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].details, R"({"fields":["name","type","date","description"]})");
}

TEST_P(ActivityServiceTest, InvalidInputNamesEachField) {
  crm::Activity input;
  input.type = "a\nb";
  input.date = "15.04.2026";
  input.description = std::string(20001, 'x');
  EXPECT_THAT(fields_of(error_from([&] { activities().create(user_, input); })),
              UnorderedElementsAre("name", "type", "date", "description"));
}

TEST_P(ActivityServiceTest, MergePatchChangesAndClearsFields) {
  const crm::Activity created = create("Vårseminar", "2026-04-15");
  clock().advance(10);
  crm::ActivityPatch patch;
  patch.values = {{"date", ""}, {"description", "Flyttet"}};
  const crm::Activity updated = activities().update(user_, created.id, patch);
  EXPECT_EQ(updated.date, "");
  EXPECT_EQ(updated.description, "Flyttet");
  EXPECT_EQ(updated.name, "Vårseminar");
  EXPECT_EQ(updated.updated_at, created.created_at + 10);
  EXPECT_EQ(activities().get(user_, created.id).date, "");
  const auto events = audit_events("activity.update");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].details, R"({"fields":["date","description"]})");

  patch.values = {{"name", ""}, {"venue", "Oslo"}};
  EXPECT_THAT(fields_of(error_from([&] { activities().update(user_, created.id, patch); })),
              ElementsAre("venue"));
  patch.values = {{"name", ""}};
  EXPECT_THAT(fields_of(error_from([&] { activities().update(user_, created.id, patch); })),
              ElementsAre("name"));
  EXPECT_EQ(error_from([&] { activities().update(user_, 999, {}); }).kind(), ErrorKind::kNotFound);
}

TEST_P(ActivityServiceTest, ListsPageByPage) {
  std::vector<long long> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(create("Aktivitet " + std::to_string(i)).id);
  }
  crm::ActivityQuery query;
  query.limit = 3;
  auto page = activities().list(user_, query);
  ASSERT_EQ(page.items.size(), 3U);
  ASSERT_TRUE(page.next);
  query.after = *page.next;
  page = activities().list(user_, query);
  ASSERT_EQ(page.items.size(), 2U);
  EXPECT_EQ(page.items[1].id, ids[4]);
  EXPECT_EQ(page.next, std::nullopt);
  query.after = "-3";
  EXPECT_THAT(fields_of(error_from([&] { activities().list(user_, query); })),
              ElementsAre("after"));
}

TEST_P(ActivityServiceTest, AddsAParticipantAndChangesTheirStatus) {
  const crm::Activity activity = create("Vårseminar");
  const long long kari = insert_person("Kari", "Nordmann");
  const auto added =
      activities().set_participant(user_, activity.id, kari, ParticipantStatus::kInvited);
  EXPECT_TRUE(added.added);
  EXPECT_EQ(added.participant.first_name, "Kari");
  EXPECT_EQ(added.participant.status, ParticipantStatus::kInvited);

  clock().advance(5);
  const auto changed =
      activities().set_participant(user_, activity.id, kari, ParticipantStatus::kAttended);
  EXPECT_FALSE(changed.added);
  EXPECT_EQ(changed.participant.status, ParticipantStatus::kAttended);
  EXPECT_EQ(changed.participant.updated_at, clock().now());

  const auto add_events = audit_events("activity.participant.add");
  ASSERT_EQ(add_events.size(), 1U);
  EXPECT_EQ(add_events[0].person_id, kari);
  EXPECT_EQ(add_events[0].entity_id, std::to_string(activity.id));
  const auto update_events = audit_events("activity.participant.update");
  ASSERT_EQ(update_events.size(), 1U);
  EXPECT_EQ(update_events[0].person_id, kari);
  EXPECT_EQ(update_events[0].details, R"({"fields":["status"]})");
}

TEST_P(ActivityServiceTest, SettingTheSameStatusAgainChangesNothing) {
  const crm::Activity activity = create("Vårseminar");
  const long long kari = insert_person("Kari", "Nordmann");
  activities().set_participant(user_, activity.id, kari, ParticipantStatus::kRegistered);
  clock().advance(5);
  const auto again =
      activities().set_participant(user_, activity.id, kari, ParticipantStatus::kRegistered);
  EXPECT_FALSE(again.added);
  EXPECT_EQ(again.participant.updated_at, clock().now() - 5);
  EXPECT_THAT(audit_events("activity.participant.update"), IsEmpty());
}

TEST_P(ActivityServiceTest, UnknownActivitiesAndPersonsAreNotFound) {
  const crm::Activity activity = create("Vårseminar");
  const long long kari = insert_person("Kari", "Nordmann");
  EXPECT_EQ(error_from([&] {
              activities().set_participant(user_, activity.id, 999, ParticipantStatus::kInvited);
            }).kind(),
            ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] {
              activities().set_participant(user_, 999, kari, ParticipantStatus::kInvited);
            }).kind(),
            ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { activities().participants(user_, 999, {}); }).kind(),
            ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { activities().remove_participant(user_, activity.id, kari); }).kind(),
            ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { activities().get(user_, 999); }).kind(), ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { activities().remove(user_, 999); }).kind(), ErrorKind::kNotFound);
}

TEST_P(ActivityServiceTest, ListingParticipantsIsOneAuditedRead) {
  const crm::Activity activity = create("Vårseminar");
  std::vector<long long> persons;
  for (const char* name : {"Kari", "Ola", "Per"}) {
    persons.push_back(insert_person(name, "Nordmann"));
    activities().set_participant(user_, activity.id, persons.back(),
                                 ParticipantStatus::kRegistered);
  }
  crm::ParticipantQuery query;
  query.limit = 2;
  const auto first = activities().participants(user_, activity.id, query);
  ASSERT_EQ(first.items.size(), 2U);
  EXPECT_EQ(first.items[0].person_id, persons[0]);
  EXPECT_EQ(first.items[1].first_name, "Ola");
  ASSERT_TRUE(first.next);
  query.after = *first.next;
  const auto second = activities().participants(user_, activity.id, query);
  ASSERT_EQ(second.items.size(), 1U);
  EXPECT_EQ(second.items[0].person_id, persons[2]);
  EXPECT_EQ(second.next, std::nullopt);

  const auto events = audit_events("activity.participants.read");
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[0].entity, "activity");
  EXPECT_EQ(events[0].entity_id, std::to_string(activity.id));
  EXPECT_EQ(events[1].details, R"({"fields":["first_name","last_name","status"],"count":2})");
}

TEST_P(ActivityServiceTest, RemovesAParticipant) {
  const crm::Activity activity = create("Vårseminar");
  const long long kari = insert_person("Kari", "Nordmann");
  activities().set_participant(user_, activity.id, kari, ParticipantStatus::kInvited);
  activities().remove_participant(user_, activity.id, kari);
  EXPECT_THAT(activities().participants(user_, activity.id, {}).items, IsEmpty());
  const auto events = audit_events("activity.participant.remove");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].person_id, kari);
}

TEST_P(ActivityServiceTest, AnyStaffUserDeletesAnActivityWithItsParticipants) {
  const crm::Activity activity = create("Vårseminar");
  const crm::Activity other = create("Høstseminar");
  const long long kari = insert_person("Kari", "Nordmann");
  activities().set_participant(user_, activity.id, kari, ParticipantStatus::kInvited);
  activities().set_participant(user_, other.id, kari, ParticipantStatus::kInvited);
  activities().remove(user_, activity.id);
  EXPECT_EQ(count_participants(), 1);
  const auto events = audit_events("activity.delete");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].details, R"({"participants_removed":1})");
}

TEST_P(ActivityServiceTest, ParticipationsGoWithTheirPerson) {
  const crm::Activity activity = create("Vårseminar");
  const long long kari = insert_person("Kari", "Nordmann");
  activities().set_participant(user_, activity.id, kari, ParticipantStatus::kAttended);
  db().write([&](soci::session& session) {
    session << "DELETE FROM persons WHERE id = :id", soci::use(kari);
  });
  EXPECT_THAT(activities().participants(user_, activity.id, {}).items, IsEmpty());
}

TEST_P(ActivityServiceTest, ListsAPersonsActivitiesWithTheirStatusAsAnAuditedRead) {
  const crm::Activity spring = create("Vårseminar", "2026-03-01");
  const crm::Activity autumn = create("Høstseminar", "2026-10-01");
  create("Julebord", "2026-12-01");
  const long long kari = insert_person("Kari", "Nordmann");
  const long long ola = insert_person("Ola", "Nordmann");
  activities().set_participant(user_, spring.id, kari, ParticipantStatus::kAttended);
  activities().set_participant(user_, autumn.id, kari, ParticipantStatus::kRegistered);
  activities().set_participant(user_, autumn.id, ola, ParticipantStatus::kInvited);

  const auto list = activities().activities_of(user_, kari);
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].activity_id, autumn.id);
  EXPECT_EQ(list[0].name, "Høstseminar");
  EXPECT_EQ(list[0].status, ParticipantStatus::kRegistered);
  EXPECT_EQ(list[1].activity_id, spring.id);
  EXPECT_EQ(list[1].date, "2026-03-01");
  EXPECT_EQ(list[1].status, ParticipantStatus::kAttended);

  const auto events = audit_events("person.activities.read");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].person_id, kari);
  EXPECT_EQ(events[0].details, R"({"fields":["status"],"count":2})");
  EXPECT_EQ(error_from([&] { activities().activities_of(user_, 999999); }).kind(),
            ErrorKind::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Databases, ActivityServiceTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
