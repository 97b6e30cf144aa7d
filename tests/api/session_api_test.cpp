#include "api/session_api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class SessionApiTest : public ServerTest {};

std::string login_body(const std::string& password) {
  return json{{"username", "admin"}, {"password", password}}.dump();
}

TEST_P(SessionApiTest, LoginSetsAnHttpOnlyCookieAndReturnsTheCsrfToken) {
  HttpClient http = server().client();
  const HttpResult login = http.post("/api/v1/session", login_body(kAdminPassword));
  ASSERT_EQ(login.status, 201) << login.body;
  const json body = json::parse(login.body);
  EXPECT_EQ(body["user"]["username"], "admin");
  EXPECT_EQ(body["user"]["role"], "admin");
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
  ASSERT_EQ(login.set_cookies.size(), 1U);
  EXPECT_NE(login.set_cookies[0].find("HttpOnly"), std::string::npos);
  EXPECT_NE(login.set_cookies[0].find("SameSite=Lax"), std::string::npos);

  const HttpResult me = http.get("/api/v1/session");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body)["csrf_token"], body["csrf_token"]);
}

TEST_P(SessionApiTest, WrongPasswordAndUnknownUserGiveTheSameProblem) {
  HttpClient http = server().client();
  const HttpResult wrong = http.post("/api/v1/session", login_body("not the password"));
  const HttpResult unknown = http.post(
      "/api/v1/session", json{{"username", "nobody"}, {"password", "whatever12345"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.header("content-type"), "application/problem+json");
  EXPECT_EQ(json::parse(wrong.body)["detail"], json::parse(unknown.body)["detail"]);
}

TEST_P(SessionApiTest, RepeatedFailuresAreThrottledEvenWithTheRightPassword) {
  HttpClient http = server().client();
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(http.post("/api/v1/session", login_body("wrong password!")).status, 401);
  }
  const HttpResult throttled = http.post("/api/v1/session", login_body(kAdminPassword));
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(json::parse(throttled.body)["status"], 429);

  server().clock().advance(16 * 60);
  EXPECT_EQ(http.post("/api/v1/session", login_body(kAdminPassword)).status, 201);
}

TEST_P(SessionApiTest, MalformedBodiesAreBadRequestsNotServerErrors) {
  HttpClient http = server().client();
  EXPECT_EQ(http.post("/api/v1/session", "{not json").status, 400);
  EXPECT_EQ(http.post("/api/v1/session", "[1,2]").status, 400);
  EXPECT_EQ(http.post("/api/v1/session", R"({"username": 5, "password": "x"})").status, 422);
  EXPECT_EQ(http.post("/api/v1/session", "", "application/json").status, 400);
}

TEST_P(SessionApiTest, CookieLessUnsafeCallsMustBeJson) {
  HttpClient http = server().client();
  const HttpResult form_post = http.post("/api/v1/session", "username=admin&password=x",
                                         "application/x-www-form-urlencoded");
  EXPECT_EQ(form_post.status, 400);
}

TEST_P(SessionApiTest, CookieAuthenticatedUnsafeCallsNeedTheCsrfHeader) {
  std::string csrf;
  HttpClient http = server().logged_in_client("admin", &csrf);
  const std::string body = json{{"name", "laptop"}}.dump();
  EXPECT_EQ(http.post("/api/v1/api-tokens", body).status, 403);
  EXPECT_EQ(
      http.post("/api/v1/api-tokens", body, "application/json", {"X-CSRF-Token: wrong"}).status,
      403);
  EXPECT_EQ(
      http.post("/api/v1/api-tokens", body, "application/json", {"X-CSRF-Token: " + csrf}).status,
      201);
}

TEST_P(SessionApiTest, LogoutEndsTheSession) {
  std::string csrf;
  HttpClient http = server().logged_in_client("admin", &csrf);
  EXPECT_EQ(http.del("/api/v1/session", {"X-CSRF-Token: " + csrf}).status, 204);
  EXPECT_EQ(http.get("/api/v1/session").status, 401);
}

TEST_P(SessionApiTest, NoCredentialsIs401AndABadTokenToo) {
  HttpClient http = server().client();
  EXPECT_EQ(http.get("/api/v1/users").status, 401);
  EXPECT_EQ(http.get("/api/v1/users", {"Authorization: Bearer nonsense"}).status, 401);
}

TEST_P(SessionApiTest, ApiTokensAuthenticateUntilRevoked) {
  const std::string token = server().api_token("admin");
  HttpClient http = server().client();
  const std::string auth = "Authorization: Bearer " + token;
  EXPECT_EQ(http.get("/api/v1/users", {auth}).status, 200);

  const HttpResult tokens = http.get("/api/v1/api-tokens", {auth});
  ASSERT_EQ(tokens.status, 200);
  const json items = json::parse(tokens.body)["items"];
  ASSERT_EQ(items.size(), 1U);
  EXPECT_FALSE(items[0]["last_used_at"].is_null());
  EXPECT_FALSE(items[0].contains("token"));
  const std::string id = std::to_string(items[0]["id"].get<long long>());

  EXPECT_EQ(http.del("/api/v1/api-tokens/" + id, {auth}).status, 204);
  EXPECT_EQ(http.get("/api/v1/users", {auth}).status, 401);
}

TEST_P(SessionApiTest, RolesAreEnforced) {
  server().add_user("clerk", Role::kUser);
  server().add_user("dpo", Role::kPrivacyOfficer);
  HttpClient http = server().client();
  const std::string clerk = "Authorization: Bearer " + server().api_token("clerk");
  const std::string dpo = "Authorization: Bearer " + server().api_token("dpo");
  EXPECT_EQ(http.get("/api/v1/users", {clerk}).status, 403);
  EXPECT_EQ(http.get("/api/v1/audit", {clerk}).status, 403);
  EXPECT_EQ(http.get("/api/v1/audit", {dpo}).status, 200);
  EXPECT_EQ(http.get("/api/v1/users", {dpo}).status, 403);
  const HttpResult create =
      http.post("/api/v1/users",
                json{{"username", "x1"}, {"password", "long enough pw"}, {"role", "admin"}}.dump(),
                "application/json", {clerk});
  EXPECT_EQ(create.status, 403);
  EXPECT_EQ(create.header("content-type"), "application/problem+json");
}

INSTANTIATE_TEST_SUITE_P(Databases, SessionApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
