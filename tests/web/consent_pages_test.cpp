#include "web/consent_pages.hpp"

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class ConsentPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
    person_ = server().services().persons().create(system_, {{"first_name", "Kari"}}).id;
  }
  std::string person_path(const std::string& tail = "") const {
    return "/persons/" + std::to_string(person_) + tail;
  }
  HttpResult add_type(const std::string& key, const std::string& name) {
    return http_->post_form("/admin/consent-types", {{"csrf", csrf_},
                                                     {"key", key},
                                                     {"name_en", name},
                                                     {"name_nb", name + " (nb)"},
                                                     {"purpose_en", "Why we ask: " + name},
                                                     {"legal_basis", "a"},
                                                     {"active", "1"}});
  }
  const Actor system_ = Actor::system("test");
  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
  long long person_ = 0;
};

TEST_P(ConsentPagesTest, AdminsAddAndEditConsentTypesInTheUi) {
  const HttpResult added = add_type("newsletter", "Newsletter");
  ASSERT_EQ(added.status, 303) << added.body;
  const HttpResult list = http_->get(added.header("location"));
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("href=\"/admin/consent-types/newsletter\">Newsletter</a>"),
            std::string::npos);

  const HttpResult bad = http_->post_form(
      "/admin/consent-types", {{"csrf", csrf_}, {"key", "Bad key"}, {"legal_basis", "a"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("value=\"Bad key\""), std::string::npos);  // what was typed stays

  const HttpResult edited =
      http_->post_form("/admin/consent-types/newsletter", {{"csrf", csrf_},
                                                           {"name_en", "Newsletter"},
                                                           {"purpose_en", "A new purpose"},
                                                           {"legal_basis", "f"},
                                                           {"active", "1"}});
  ASSERT_EQ(edited.status, 303) << edited.body;
  const HttpResult page = http_->get(edited.header("location"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("A new purpose"), std::string::npos);
  EXPECT_NE(page.body.find("Why we ask: Newsletter"), std::string::npos);  // version 1 kept
  EXPECT_NE(page.body.find("value=\"f\" selected"), std::string::npos);
}

TEST_P(ConsentPagesTest, StaffGrantAndWithdrawOnTheConsentsTab) {
  ASSERT_EQ(add_type("newsletter", "Newsletter").status, 303);
  const HttpResult empty = http_->get(person_path("/consents-tab"));
  ASSERT_EQ(empty.status, 200);
  EXPECT_NE(empty.body.find("consents-tab\" aria-current=\"page\""), std::string::npos);
  EXPECT_NE(empty.body.find("Not asked"), std::string::npos);

  const HttpResult granted = http_->post_form(
      person_path("/consents"),
      {{"csrf", csrf_}, {"consent_type", "newsletter"}, {"granted", "1"}, {"note", "By phone"}});
  ASSERT_EQ(granted.status, 303) << granted.body;
  HttpResult page = http_->get(granted.header("location"));
  EXPECT_NE(page.body.find("state-granted"), std::string::npos);
  EXPECT_NE(page.body.find("By phone"), std::string::npos);
  EXPECT_NE(page.body.find("<p class=\"purpose\">Why we ask: Newsletter</p>"), std::string::npos);
  EXPECT_NE(page.body.find(">Withdraw<"), std::string::npos);

  ASSERT_EQ(http_
                ->post_form(person_path("/consents"),
                            {{"csrf", csrf_}, {"consent_type", "newsletter"}, {"granted", "0"}})
                .status,
            303);
  page = http_->get(person_path("/consents-tab"));
  EXPECT_NE(page.body.find("state-withdrawn"), std::string::npos);
  // Both events in the history, newest first.
  const auto withdrawn = page.body.find("<td>Withdrawn</td>");
  const auto given = page.body.find("<td>Granted</td>");
  ASSERT_NE(withdrawn, std::string::npos);
  ASSERT_NE(given, std::string::npos);
  EXPECT_LT(withdrawn, given);

  const HttpResult unknown = http_->post_form(
      person_path("/consents"), {{"csrf", csrf_}, {"consent_type", "nope"}, {"granted", "1"}});
  EXPECT_EQ(unknown.status, 422);
  const HttpResult no_csrf = http_->post_form(person_path("/consents"),
                                              {{"consent_type", "newsletter"}, {"granted", "1"}});
  EXPECT_EQ(no_csrf.status, 403);
}

TEST_P(ConsentPagesTest, TheSidePanelRestrictsAndShowsIt) {
  HttpResult page = http_->get(person_path());
  EXPECT_NE(page.body.find(">Restrict processing<"), std::string::npos);
  const HttpResult missing =
      http_->post_form(person_path("/processing"), {{"csrf", csrf_}, {"action", "restrict"}});
  ASSERT_EQ(missing.status, 303);
  EXPECT_NE(missing.header("location").find("reason_needed=restrict"), std::string::npos);
  const HttpResult restricted =
      http_->post_form(person_path("/processing"),
                       {{"csrf", csrf_}, {"action", "restrict"}, {"reason", "Disputes accuracy"}});
  ASSERT_EQ(restricted.status, 303);
  page = http_->get(restricted.header("location"));
  EXPECT_NE(page.body.find("flag-restricted"), std::string::npos);
  EXPECT_NE(page.body.find("Disputes accuracy"), std::string::npos);
  ASSERT_EQ(
      http_->post_form(person_path("/processing"), {{"csrf", csrf_}, {"action", "object"}}).status,
      303);
  page = http_->get(person_path());
  EXPECT_NE(page.body.find("flag-objects"), std::string::npos);
  EXPECT_TRUE(server().services().persons().get(system_, person_).objects_to_direct_marketing);
}

INSTANTIATE_TEST_SUITE_P(Databases, ConsentPagesTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::testing
