#include "web/request_pages.hpp"

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The request pages, the person's Privacy tab and the holiday page without JavaScript: plain
// forms, POST-redirect-GET, errors beside the inputs, CSRF on every POST.
class RequestPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
    person_ = server()
                  .services()
                  .persons()
                  .create(system_, {{"first_name", "Kari"}, {"last_name", "Nordmann"}})
                  .id;
  }
  std::string person_path(const std::string& tail = "") const {
    return "/persons/" + std::to_string(person_) + tail;
  }
  /// Registers a request of the person's through the form; returns its page's path.
  std::string register_request(const std::string& received = "2026-09-21",
                               const std::string& type = "access") {
    const HttpResult created =
        http_->post_form("/requests", {{"csrf", csrf_},
                                       {"person_id", std::to_string(person_)},
                                       {"type", type},
                                       {"channel", "phone"},
                                       {"received_at", received},
                                       {"note", "Called at noon."}});
    EXPECT_EQ(created.status, 303) << created.body;
    const std::string location = created.header("location");
    return location.substr(0, location.find('?'));
  }
  const Actor system_ = Actor::system("test");
  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
  long long person_ = 0;
};

TEST_P(RequestPagesTest, ARequestIsRegisteredFromThePersonsPrivacyTab) {
  const HttpResult tab = http_->get(person_path("/privacy"));
  ASSERT_EQ(tab.status, 200) << tab.body;
  EXPECT_TRUE(contains(
      tab.body, "href=\"/persons/" + std::to_string(person_) + "/privacy\" aria-current=\"page\""));
  const std::string new_link = "/requests/new?person_id=" + std::to_string(person_);
  EXPECT_TRUE(contains(tab.body, "href=\"" + new_link + "\""));
  const HttpResult form = http_->get(new_link);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(contains(form.body, "name=\"person_id\" value=\"" + std::to_string(person_) + "\""));
  EXPECT_TRUE(contains(form.body, "Kari Nordmann"));
  EXPECT_TRUE(contains(form.body, "value=\"2026-09-21\""));  // received today by default
  EXPECT_FALSE(contains(form.body, "name=\"subject_name\""));

  const std::string path = register_request("2026-08-25");
  const HttpResult page = http_->get(path);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<time datetime=\"2026-09-25\">2026-09-25</time>"));
  EXPECT_TRUE(contains(page.body, "Due within 7 days"));
  EXPECT_TRUE(contains(page.body, "Called at noon."));

  const HttpResult listed = http_->get(person_path("/privacy"));
  EXPECT_TRUE(contains(listed.body, "href=\"" + path + "\">Access</a>"));
  EXPECT_TRUE(contains(listed.body, "2026-09-25"));
}

TEST_P(RequestPagesTest, TheListIsByDueDateAndOverdueRequestsStandOutInWords) {
  register_request("2026-09-15");                              // due 15 October
  const std::string overdue = register_request("2026-08-10");  // due 10 September: overdue
  register_request("2026-08-25");                              // due 25 September: soon
  const HttpResult list = http_->get("/requests");
  ASSERT_EQ(list.status, 200);
  const auto first = list.body.find("2026-09-10");
  const auto second = list.body.find("2026-09-25");
  const auto third = list.body.find("2026-10-15");
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_TRUE(contains(list.body, "<tr class=\"request-overdue\">"));
  EXPECT_TRUE(contains(list.body, "<span class=\"badge urgency-overdue\">Overdue</span>"));
  EXPECT_TRUE(contains(list.body, "<tr class=\"request-due-soon\">"));
  EXPECT_TRUE(contains(list.body, "<tr class=\"request-on-time\">"));

  // Closing the overdue one takes it off the default list (open and in progress).
  ASSERT_EQ(
      http_->post_form(overdue + "/status", {{"csrf", csrf_}, {"status", "completed"}}).status,
      303);
  EXPECT_FALSE(contains(http_->get("/requests").body, "2026-09-10"));
  const HttpResult done = http_->get("/requests?status=completed");
  EXPECT_TRUE(contains(done.body, "2026-09-10"));
  EXPECT_FALSE(contains(done.body, "2026-10-15"));
  EXPECT_TRUE(contains(done.body, "<tr class=\"request-closed\">"));
  EXPECT_TRUE(contains(http_->get("/requests?status=all").body, "2026-09-10"));
}

TEST_P(RequestPagesTest, AFormWithErrorsShowsThemAndKeepsWhatWasTyped) {
  const HttpResult bad = http_->post_form("/requests", {{"csrf", csrf_},
                                                        {"subject_name", ""},
                                                        {"type", "access"},
                                                        {"channel", "email"},
                                                        {"received_at", "2099-01-01"},
                                                        {"note", "Wrote to us from abroad."}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "id=\"request-subject-error\""));
  EXPECT_TRUE(contains(bad.body, "id=\"request-received-error\""));
  EXPECT_TRUE(contains(bad.body, "value=\"2099-01-01\""));
  EXPECT_TRUE(contains(bad.body, "Wrote to us from abroad."));
  EXPECT_TRUE(contains(bad.body, "aria-invalid=\"true\""));

  const HttpResult good = http_->post_form("/requests", {{"csrf", csrf_},
                                                         {"subject_name", "Ola Utenfor"},
                                                         {"type", "objection"},
                                                         {"channel", "letter"},
                                                         {"received_at", "2026-09-01"}});
  ASSERT_EQ(good.status, 303) << good.body;
  const HttpResult page = http_->get(good.header("location"));
  EXPECT_TRUE(contains(page.body, "Ola Utenfor"));
  EXPECT_TRUE(contains(page.body, "not in the CRM"));
  EXPECT_TRUE(contains(page.body, "2026-10-01"));
}

TEST_P(RequestPagesTest, OfficersMoveARequestOnAndARejectionNeedsItsReason) {
  const std::string path = register_request();
  const HttpResult bare =
      http_->post_form(path + "/status", {{"csrf", csrf_}, {"status", "rejected"}});
  EXPECT_EQ(bare.status, 422);
  EXPECT_TRUE(contains(bare.body, "id=\"request-rejection-error\""));
  const HttpResult rejected = http_->post_form(
      path + "/status",
      {{"csrf", csrf_}, {"status", "rejected"}, {"rejection_reason", "Identity not shown."}});
  ASSERT_EQ(rejected.status, 303) << rejected.body;
  const HttpResult page = http_->get(path);
  EXPECT_TRUE(contains(page.body, "Identity not shown."));
  EXPECT_TRUE(contains(page.body, "The request is closed"));
  EXPECT_FALSE(contains(page.body, "action=\"" + path + "/status\""));
}

TEST_P(RequestPagesTest, AnExtensionIsMadeWithItsReason) {
  const std::string path = register_request("2026-09-15");
  const HttpResult bare = http_->post_form(path + "/extend", {{"csrf", csrf_}, {"months", "2"}});
  EXPECT_EQ(bare.status, 422);
  EXPECT_TRUE(contains(bare.body, "id=\"request-reason-error\""));
  const HttpResult extended = http_->post_form(
      path + "/extend", {{"csrf", csrf_}, {"months", "2"}, {"reason", "Three archives."}});
  ASSERT_EQ(extended.status, 303) << extended.body;
  const HttpResult page = http_->get(path);
  EXPECT_TRUE(contains(page.body, "<time datetime=\"2026-12-15\">"));
  EXPECT_TRUE(contains(page.body, "Three archives."));
  EXPECT_FALSE(contains(page.body, "action=\"" + path + "/extend\""));  // two months used
}

TEST_P(RequestPagesTest, EveryPostNeedsTheCsrfToken) {
  const std::string path = register_request();
  EXPECT_EQ(http_
                ->post_form("/requests",
                            {{"subject_name", "Ola"}, {"type", "access"}, {"channel", "email"}})
                .status,
            403);
  EXPECT_EQ(http_->post_form(path + "/status", {{"status", "completed"}}).status, 403);
  EXPECT_EQ(http_->post_form(path + "/extend", {{"months", "1"}, {"reason", "x"}}).status, 403);
  EXPECT_EQ(http_->post_form(path + "/delete", {}).status, 403);
  EXPECT_EQ(http_->post_form("/admin/holidays", {{"holidays", "2026-12-25 Jul"}}).status, 403);
  EXPECT_TRUE(contains(http_->get(path).body, "Open"));
  ASSERT_EQ(http_->post_form(path + "/delete", {{"csrf", csrf_}}).status, 303);
  EXPECT_EQ(http_->get(path).status, 404);
}

TEST_P(RequestPagesTest, UsersRegisterAndSeeRequestsButNotTheAuditTrail) {
  const std::string path = register_request();
  server().add_user("olav", Role::kUser);
  std::string csrf;
  HttpClient user = server().logged_in_client("olav", &csrf);
  const HttpResult page = user.get(path);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Privacy officers and administrators handle requests."));
  EXPECT_FALSE(contains(page.body, "action=\"" + path + "/status\""));
  EXPECT_EQ(user.post_form(path + "/status", {{"csrf", csrf}, {"status", "completed"}}).status,
            403);
  const HttpResult tab = user.get(person_path("/privacy"));
  ASSERT_EQ(tab.status, 200);
  EXPECT_TRUE(contains(tab.body, "href=\"" + path + "\""));
  EXPECT_FALSE(contains(tab.body, "privacy-audit-heading"));
  EXPECT_FALSE(contains(tab.body, "privacy-exports-heading"));

  const HttpResult admin_tab = http_->get(person_path("/privacy"));
  EXPECT_TRUE(contains(admin_tab.body, "privacy-audit-heading"));
  EXPECT_TRUE(contains(admin_tab.body, "request.create"));
  EXPECT_TRUE(contains(admin_tab.body, "person.privacy.read"));  // olav's look, audited
  EXPECT_TRUE(contains(admin_tab.body, "privacy-exports-heading"));
}

TEST_P(RequestPagesTest, AdminsListTheHolidaysAndTheDashboardChartsTheDeadlines) {
  const HttpResult saved = http_->post_form(
      "/admin/holidays",
      {{"csrf", csrf_}, {"holidays", "2026-12-25 Første juledag\n\n2026-12-24   Julaften\n"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  const HttpResult page = http_->get("/admin/holidays");
  ASSERT_EQ(page.status, 200);
  EXPECT_LT(page.body.find("Julaften"), page.body.find("Første juledag"));
  const HttpResult bad = http_->post_form(
      "/admin/holidays", {{"csrf", csrf_}, {"holidays", "2026-12-24 Julaften\n24.12 Jul"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "Line 2: "));
  EXPECT_TRUE(contains(bad.body, "24.12 Jul"));

  register_request("2026-08-10");  // overdue
  register_request("2026-09-21");  // due 21 October
  const HttpResult home = http_->get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(contains(home.body, "Open requests by due week"));
  EXPECT_TRUE(contains(home.body, "<svg class=\"chart\""));
  EXPECT_TRUE(contains(home.body, "<tr><th scope=\"row\">Overdue</th><td class=\"number\">1</td>"));
  EXPECT_TRUE(contains(home.body, "Week of 2026-10-19</th><td class=\"number\">1</td>"));
}

TEST_P(RequestPagesTest, ThePagesAreForStaffOnly) {
  HttpClient anonymous = server().client();
  EXPECT_EQ(anonymous.get("/requests").status, 303);
  EXPECT_EQ(anonymous.get("/requests/new").status, 303);
  EXPECT_EQ(anonymous.get(person_path("/privacy")).status, 303);
  EXPECT_EQ(anonymous.get("/admin/holidays").status, 303);
  EXPECT_EQ(http_->get("/requests/999999").status, 404);
  EXPECT_EQ(http_->get("/requests/new?person_id=999999").status, 404);
  EXPECT_EQ(http_->get("/persons/999999/privacy").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Databases, RequestPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
