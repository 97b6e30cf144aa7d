#include "web/activity_pages.hpp"

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class ActivityPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
  }
  crm::Activity create_activity(const std::string& name) {
    crm::Activity activity;
    activity.name = name;
    activity.type = "seminar";
    activity.date = "2026-05-04";
    return server().services().activities().create(system_, activity);
  }
  long long create_person(const std::string& first_name) {
    return server().services().persons().create(system_, {{"first_name", first_name}}).id;
  }
  std::vector<audit::AuditEvent> audit_events(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    return server().services().audit().list(system_, query).items;
  }
  const Actor system_ = Actor::system("test");
  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
};

TEST_P(ActivityPagesTest, CreatingAnActivityShowsItInTheListAndOnItsPage) {
  const HttpResult created = http_->post_form(
      "/activities/new",
      {{"csrf", csrf_}, {"name", "Vårseminar"}, {"type", "seminar"}, {"date", "2026-04-02"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const HttpResult page = http_->get(created.header("location"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Vårseminar"), std::string::npos);
  EXPECT_NE(page.body.find("2026-04-02"), std::string::npos);
  const HttpResult list = http_->get("/activities");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find(">Vårseminar</a>"), std::string::npos);
}

TEST_P(ActivityPagesTest, BadValuesAreShownBesideTheirFields) {
  const HttpResult invalid =
      http_->post_form("/activities/new", {{"csrf", csrf_}, {"name", ""}, {"date", "31.12.2026"}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find("id=\"activity-name-error\""), std::string::npos);
  EXPECT_NE(invalid.body.find("id=\"activity-date-error\""), std::string::npos);
  EXPECT_NE(invalid.body.find("value=\"31.12.2026\""), std::string::npos);

  const auto activity = create_activity("Vårseminar");
  const HttpResult edit = http_->post_form("/activities/" + std::to_string(activity.id) + "/edit",
                                           {{"csrf", csrf_}, {"name", ""}});
  EXPECT_EQ(edit.status, 422);
}

TEST_P(ActivityPagesTest, EditingAndDeletingAnActivity) {
  const auto activity = create_activity("Vårseminar");
  const std::string path = "/activities/" + std::to_string(activity.id);
  EXPECT_EQ(http_->get(path + "/edit").status, 200);
  const HttpResult saved = http_->post_form(
      path + "/edit", {{"csrf", csrf_}, {"name", "Høstseminar"}, {"date", "2026-10-01"}});
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(server().services().activities().get(system_, activity.id).name, "Høstseminar");
  EXPECT_EQ(http_->post_form(path + "/delete", {{"csrf", csrf_}}).status, 303);
  EXPECT_EQ(http_->get(path).status, 404);
}

TEST_P(ActivityPagesTest, AddsAParticipantChangesTheirStatusAndRemovesThem) {
  const auto activity = create_activity("Vårseminar");
  const long long kari = create_person("Kari");
  const std::string path = "/activities/" + std::to_string(activity.id);
  const HttpResult added = http_->post_form(
      path + "/participants",
      {{"csrf", csrf_}, {"person_id", std::to_string(kari)}, {"status", "invited"}});
  ASSERT_EQ(added.status, 303) << added.body;
  const HttpResult page = http_->get(path);
  EXPECT_NE(page.body.find("href=\"/persons/" + std::to_string(kari) + "\">Kari"),
            std::string::npos);
  EXPECT_NE(page.body.find("value=\"invited\" selected"), std::string::npos);

  const std::string row = path + "/participants/" + std::to_string(kari);
  EXPECT_EQ(http_->post_form(row, {{"csrf", csrf_}, {"status", "attended"}}).status, 303);
  EXPECT_NE(http_->get(path).body.find("value=\"attended\" selected"), std::string::npos);
  const auto updates = audit_events("activity.participant.update");
  ASSERT_EQ(updates.size(), 1U);
  EXPECT_EQ(updates[0].person_id, kari);

  EXPECT_EQ(http_->post_form(row + "/remove", {{"csrf", csrf_}}).status, 303);
  EXPECT_TRUE(
      server().services().activities().participants(system_, activity.id, {}).items.empty());
}

TEST_P(ActivityPagesTest, AddingAnUnknownOrMistypedPersonExplainsWhy) {
  const auto activity = create_activity("Vårseminar");
  const std::string path = "/activities/" + std::to_string(activity.id) + "/participants";
  const HttpResult typo =
      http_->post_form(path, {{"csrf", csrf_}, {"person_id", "Kari"}, {"status", "invited"}});
  EXPECT_EQ(typo.status, 422);
  EXPECT_NE(typo.body.find("value=\"Kari\""), std::string::npos);
  EXPECT_NE(typo.body.find("role=\"alert\""), std::string::npos);
  const HttpResult unknown =
      http_->post_form(path, {{"csrf", csrf_}, {"person_id", "999999"}, {"status", "invited"}});
  EXPECT_EQ(unknown.status, 422);
  const HttpResult bad_status = http_->post_form(
      path,
      {{"csrf", csrf_}, {"person_id", std::to_string(create_person("Ola"))}, {"status", "maybe"}});
  EXPECT_EQ(bad_status.status, 422);
  const HttpResult no_activity =
      http_->post_form("/activities/999999/participants",
                       {{"csrf", csrf_}, {"person_id", "1"}, {"status", "invited"}});
  EXPECT_EQ(no_activity.status, 404);
  EXPECT_EQ(http_->get("/activities/abc").status, 404);
}

TEST_P(ActivityPagesTest, FindsPersonsByNameToAddThem) {
  const auto activity = create_activity("Vårseminar");
  const long long kari = server()
                             .services()
                             .persons()
                             .create(system_, {{"first_name", "Kari"}, {"last_name", "Nordmann"}})
                             .id;
  create_person("Ola");
  const std::string path = "/activities/" + std::to_string(activity.id);
  const HttpResult found = http_->get(path + "?find=nord");
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("name=\"person_id\" value=\"" + std::to_string(kari) + "\""),
            std::string::npos);
  EXPECT_NE(found.body.find("Kari Nordmann"), std::string::npos);
  EXPECT_EQ(found.body.find(">Ola<"), std::string::npos);
  const HttpResult none = http_->get(path + "?find=zzz");
  EXPECT_NE(none.body.find("No persons found."), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Databases, ActivityPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
