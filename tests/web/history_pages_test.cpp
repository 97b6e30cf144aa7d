#include "web/history_pages.hpp"

#include <gtest/gtest.h>

#include "common/time_format.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class HistoryPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
    person_ = server().services().persons().create(system_, {{"first_name", "Kari"}}).id;
  }
  std::string tab(const std::string& name) const {
    return "/persons/" + std::to_string(person_) + "/" + name;
  }
  std::size_t audit_count(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    query.person_id = person_;
    return server().services().audit().list(system_, query).items.size();
  }
  const Actor system_ = Actor::system("test");
  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
  long long person_ = 0;
};

TEST_P(HistoryPagesTest, TheHistoryTabOffersTodayAndListsNotesNewestFirst) {
  const HttpResult empty = http_->get(tab("history-tab"));
  ASSERT_EQ(empty.status, 200);
  const std::string today = format_rfc3339(server().clock().now()).substr(0, 10);
  EXPECT_NE(empty.body.find("name=\"date\" type=\"date\" value=\"" + today + "\""),
            std::string::npos);
  EXPECT_NE(empty.body.find("history-tab\" aria-current=\"page\""), std::string::npos);

  ASSERT_EQ(
      http_
          ->post_form(
              tab("history-tab"),
              {{"csrf", csrf_}, {"type", "call"}, {"date", "2026-01-02"}, {"text", "Older call"}})
          .status,
      303);
  const HttpResult added = http_->post_form(
      tab("history-tab"),
      {{"csrf", csrf_}, {"type", "note"}, {"date", "2026-03-04"}, {"text", "Newer <note>"}});
  ASSERT_EQ(added.status, 303) << added.body;
  const HttpResult page = http_->get(added.header("location"));
  ASSERT_EQ(page.status, 200);
  const auto newer = page.body.find("Newer &lt;note&gt;");
  const auto older = page.body.find("Older call");
  ASSERT_NE(newer, std::string::npos);
  ASSERT_NE(older, std::string::npos);
  EXPECT_LT(newer, older);
  EXPECT_NE(page.body.find("admin"), std::string::npos);
  EXPECT_GE(audit_count("history.read"), 2U);
  EXPECT_GE(audit_count("person.read"), 2U);
}

TEST_P(HistoryPagesTest, BadNotesAreShownBesideTheirFields) {
  const HttpResult invalid =
      http_->post_form(tab("history-tab"),
                       {{"csrf", csrf_}, {"type", "party"}, {"date", "2026-02-30"}, {"text", ""}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find("id=\"note-type-error\""), std::string::npos);
  EXPECT_NE(invalid.body.find("id=\"note-date-error\""), std::string::npos);
  EXPECT_NE(invalid.body.find("id=\"note-text-error\""), std::string::npos);
  EXPECT_NE(invalid.body.find("value=\"2026-02-30\""), std::string::npos);
  EXPECT_EQ(http_->get("/persons/999999/history-tab").status, 404);
}

TEST_P(HistoryPagesTest, EditsAndDeletesANote) {
  const auto note =
      server().services().history().create(system_, person_, {"note", "2026-01-02", "First"});
  const std::string path = "/history/" + std::to_string(note.id);
  const HttpResult form = http_->get(path + "/edit");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find(">First</textarea>"), std::string::npos);
  EXPECT_EQ(
      http_->post_form(path + "/edit", {{"csrf", csrf_}, {"type", "note"}, {"text", ""}}).status,
      422);
  const HttpResult saved = http_->post_form(
      path + "/edit",
      {{"csrf", csrf_}, {"type", "meeting"}, {"date", "2026-01-03"}, {"text", "Changed"}});
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(saved.header("location"), tab("history-tab") + "?saved=1");
  EXPECT_NE(http_->get(tab("history-tab")).body.find("Changed"), std::string::npos);

  EXPECT_EQ(http_->post_form(path + "/delete", {{"csrf", csrf_}}).status, 303);
  EXPECT_TRUE(server().services().history().list(system_, person_, {}).items.empty());
  EXPECT_EQ(http_->get(path + "/edit").status, 404);
}

TEST_P(HistoryPagesTest, TheMarketingTabListsTheActivitiesWithStatus) {
  crm::Activity activity;
  activity.name = "Vårseminar";
  activity.date = "2026-04-02";
  activity = server().services().activities().create(system_, activity);
  const HttpResult empty = http_->get(tab("marketing"));
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body.find("Vårseminar"), std::string::npos);
  server().services().activities().set_participant(system_, activity.id, person_,
                                                   crm::ParticipantStatus::kAttended);
  const HttpResult page = http_->get(tab("marketing"));
  EXPECT_NE(page.body.find("href=\"/activities/" + std::to_string(activity.id) + "\">Vårseminar"),
            std::string::npos);
  EXPECT_NE(page.body.find("Attended"), std::string::npos);
  EXPECT_NE(page.body.find("marketing\" aria-current=\"page\""), std::string::npos);
  EXPECT_EQ(audit_count("person.activities.read"), 2U);
  EXPECT_EQ(http_->get("/persons/999999/marketing").status, 404);
}

TEST_P(HistoryPagesTest, TheDetailsTabIsCurrentOnThePersonPage) {
  const HttpResult page = http_->get("/persons/" + std::to_string(person_));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("/persons/" + std::to_string(person_) + "\" aria-current=\"page\""),
            std::string::npos);
  EXPECT_NE(page.body.find(tab("marketing")), std::string::npos);
}

TEST_P(HistoryPagesTest, AdminsAddAndDeleteHistoryTypes) {
  const HttpResult added = http_->post_form(
      "/admin/history-types",
      {{"csrf", csrf_}, {"key", "visit"}, {"label_en", "Visit"}, {"label_nb", "Besøk"}});
  ASSERT_EQ(added.status, 303) << added.body;
  const HttpResult page = http_->get("/admin/history-types");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Visit"), std::string::npos);

  EXPECT_EQ(http_
                ->post_form("/admin/history-types",
                            {{"csrf", csrf_}, {"key", "visit"}, {"label_en", "Again"}})
                .status,
            409);
  const HttpResult invalid = http_->post_form(
      "/admin/history-types", {{"csrf", csrf_}, {"key", "Bad Key"}, {"label_en", ""}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find("value=\"Bad Key\""), std::string::npos);

  server().services().history().create(system_, person_, {"visit", "2026-01-02", "Met"});
  EXPECT_EQ(http_->post_form("/admin/history-types/visit/delete", {{"csrf", csrf_}}).status, 409);
  EXPECT_EQ(http_->post_form("/admin/history-types/note/delete", {{"csrf", csrf_}}).status, 409);
  EXPECT_EQ(http_->post_form("/admin/history-types/nothing/delete", {{"csrf", csrf_}}).status, 404);
}

TEST_P(HistoryPagesTest, CrmUsersCannotOpenTheHistoryTypesPage) {
  server().add_user("clerk", Role::kUser);
  HttpClient clerk = server().logged_in_client("clerk");
  EXPECT_EQ(clerk.get("/admin/history-types").status, 403);
  EXPECT_EQ(clerk.get(tab("history-tab")).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Databases, HistoryPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
