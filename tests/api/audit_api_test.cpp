#include "api/audit_api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class AuditApiTest : public ServerTest {};

TEST_P(AuditApiTest, LoginsAndFailuresAreAuditedWithoutSecrets) {
  HttpClient http = server().client();
  http.post("/api/v1/session", json{{"username", "admin"}, {"password", "wrong password"}}.dump());
  http.post("/api/v1/session", json{{"username", "admin"}, {"password", kAdminPassword}}.dump());
  const std::string auth = "Authorization: Bearer " + server().api_token("admin");

  const HttpResult failed = http.get("/api/v1/audit?action=user.login_failed", {auth});
  ASSERT_EQ(failed.status, 200);
  const json failures = json::parse(failed.body)["items"];
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0]["details"]["reason"], "wrong_password");
  EXPECT_EQ(failed.body.find("wrong password"), std::string::npos);

  const json logins =
      json::parse(http.get("/api/v1/audit?action=user.login", {auth}).body)["items"];
  ASSERT_EQ(logins.size(), 1U);
  EXPECT_EQ(logins[0]["actor"], "admin");
}

TEST_P(AuditApiTest, PagesWithTheNextCursor) {
  const std::string auth = "Authorization: Bearer " + server().api_token("admin");
  for (int i = 0; i < 5; ++i) {
    server().services().audit().append(Actor::system("test"), "test.event", "thing",
                                       std::to_string(i));
  }
  HttpClient http = server().client();
  std::set<long long> seen;
  std::string path = "/api/v1/audit?action=test.event&limit=2";
  for (int page = 0; page < 5; ++page) {
    const json body = json::parse(http.get(path, {auth}).body);
    for (const auto& item : body["items"]) {
      seen.insert(item["id"].get<long long>());
    }
    if (body["next"].is_null()) {
      break;
    }
    path = "/api/v1/audit?action=test.event&limit=2&after=" + body["next"].get<std::string>();
  }
  EXPECT_EQ(seen.size(), 5U);
}

TEST_P(AuditApiTest, BadFilterValuesAre422) {
  const std::string auth = "Authorization: Bearer " + server().api_token("admin");
  HttpClient http = server().client();
  EXPECT_EQ(http.get("/api/v1/audit?person_id=abc", {auth}).status, 422);
  EXPECT_EQ(http.get("/api/v1/audit?from=yesterday", {auth}).status, 422);
  EXPECT_EQ(http.get("/api/v1/audit?limit=0", {auth}).status, 422);
  EXPECT_EQ(http.get("/api/v1/audit?limit=501", {auth}).status, 422);
  EXPECT_EQ(http.get("/api/v1/audit?from=2026-01-01&limit=500", {auth}).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Databases, AuditApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
