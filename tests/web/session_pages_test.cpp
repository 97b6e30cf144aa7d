#include "web/session_pages.hpp"

#include <regex>

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class SessionPagesTest : public ServerTest {};

std::string csrf_field(const std::string& html) {
  static const std::regex kCsrf(R"re(name="csrf" value="([^"]*)")re");
  std::smatch match;
  return std::regex_search(html, match, kCsrf) ? match[1].str() : "";
}

TEST_P(SessionPagesTest, StaffPagesRedirectToLoginWithTheWayBack) {
  const HttpResult home = server().client().get("/admin/users");
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.header("location"), "/login?next=%2Fadmin%2Fusers");
}

TEST_P(SessionPagesTest, LoginFormNeedsItsCsrfCookie) {
  HttpClient http = server().client();
  const HttpResult form = http.get("/login");
  ASSERT_EQ(form.status, 200);
  const std::string csrf = csrf_field(form.body);
  ASSERT_FALSE(csrf.empty());
  // A forged post from another site has no matching token.
  HttpClient stranger = server().client();
  const HttpResult forged = stranger.post_form(
      "/login", {{"csrf", "forged"}, {"username", "admin"}, {"password", kAdminPassword}});
  EXPECT_EQ(forged.status, 403);
  const HttpResult login = http.post_form(
      "/login",
      {{"csrf", csrf}, {"username", "admin"}, {"password", kAdminPassword}, {"next", "/audit"}});
  EXPECT_EQ(login.status, 303);
  EXPECT_EQ(login.header("location"), "/audit");
  EXPECT_EQ(http.get("/").status, 200);
}

TEST_P(SessionPagesTest, LoginNeverRedirectsOffSite) {
  HttpClient http = server().client();
  const std::string csrf = csrf_field(http.get("/login").body);
  const HttpResult login = http.post_form("/login", {{"csrf", csrf},
                                                     {"username", "admin"},
                                                     {"password", kAdminPassword},
                                                     {"next", "//evil.example/"}});
  EXPECT_EQ(login.header("location"), "/");
}

TEST_P(SessionPagesTest, WrongPasswordShowsTheFormAgainWithAMessage) {
  HttpClient http = server().client();
  const std::string csrf = csrf_field(http.get("/login").body);
  const HttpResult failed = http.post_form(
      "/login", {{"csrf", csrf}, {"username", "admin"}, {"password", "nope nope nope"}});
  EXPECT_EQ(failed.status, 401);
  EXPECT_NE(failed.body.find("Wrong username or password."), std::string::npos);
  EXPECT_NE(failed.body.find("value=\"admin\""), std::string::npos);
}

TEST_P(SessionPagesTest, LoggedInFormsNeedTheSessionCsrfToken) {
  HttpClient http = server().logged_in_client("admin");
  const HttpResult page = http.get("/");
  ASSERT_EQ(page.status, 200);
  const std::string csrf = csrf_field(page.body);
  EXPECT_EQ(http.post_form("/settings/language", {{"locale", "nb"}, {"csrf", "wrong"}}).status,
            403);
  EXPECT_EQ(http.post_form("/settings/language", {{"locale", "nb"}, {"csrf", csrf}}).status, 303);
  const HttpResult norwegian = http.get("/");
  EXPECT_NE(norwegian.body.find("lang=\"nb\""), std::string::npos);
  EXPECT_NE(norwegian.body.find("Logg ut"), std::string::npos);
}

TEST_P(SessionPagesTest, LogoutEndsTheSession) {
  HttpClient http = server().logged_in_client("admin");
  const std::string csrf = csrf_field(http.get("/").body);
  const HttpResult logout = http.post_form("/logout", {{"csrf", csrf}});
  EXPECT_EQ(logout.status, 303);
  EXPECT_EQ(http.get("/").status, 303);
}

TEST_P(SessionPagesTest, AdminAddsAndDeactivatesAUserInTheUi) {
  HttpClient http = server().logged_in_client("admin");
  const std::string csrf = csrf_field(http.get("/admin/users").body);
  const HttpResult invalid = http.post_form(
      "/admin/users",
      {{"csrf", csrf}, {"username", "nils"}, {"role", "user"}, {"password", "short"}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find("aria-invalid=\"true\""), std::string::npos);
  const HttpResult added = http.post_form(
      "/admin/users",
      {{"csrf", csrf}, {"username", "nils"}, {"role", "user"}, {"password", "long enough pw"}});
  EXPECT_EQ(added.status, 303);
  const HttpResult list = http.get("/admin/users");
  EXPECT_NE(list.body.find("nils"), std::string::npos);
}

TEST_P(SessionPagesTest, CrmUsersCannotOpenAdminPages) {
  server().add_user("clerk", Role::kUser);
  HttpClient http = server().logged_in_client("clerk");
  EXPECT_EQ(http.get("/admin/users").status, 403);
  EXPECT_EQ(http.get("/audit").status, 403);
  EXPECT_EQ(http.get("/account/tokens").status, 200);
}

TEST_P(SessionPagesTest, AuditPageListsEventsForPrivacyOfficers) {
  server().add_user("dpo", Role::kPrivacyOfficer);
  HttpClient http = server().logged_in_client("dpo");
  const HttpResult page = http.get("/audit?action=user.login");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("user.login"), std::string::npos);
  EXPECT_EQ(http.get("/audit?from=not-a-date").status, 422);
}

INSTANTIATE_TEST_SUITE_P(Databases, SessionPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
