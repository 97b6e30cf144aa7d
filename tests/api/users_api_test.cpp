#include "api/users_api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class UsersApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auth_ = "Authorization: Bearer " + server().api_token("admin");
  }
  HttpResult post_user(HttpClient& http, const json& body) {
    return http.post("/api/v1/users", body.dump(), "application/json", {auth_});
  }
  std::string auth_;
};

TEST_P(UsersApiTest, AdminAddsAUserWhoCanThenLogIn) {
  HttpClient http = server().client();
  const HttpResult created = post_user(http, {{"username", "kari"},
                                              {"display_name", "Kari Nordmann"},
                                              {"role", "privacy_officer"},
                                              {"password", "a long password"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["role"], "privacy_officer");
  EXPECT_FALSE(json::parse(created.body).contains("password_hash"));
  const HttpResult login = http.post(
      "/api/v1/session", json{{"username", "kari"}, {"password", "a long password"}}.dump());
  EXPECT_EQ(login.status, 201);
}

TEST_P(UsersApiTest, InvalidInputNamesEachField) {
  HttpClient http = server().client();
  const HttpResult bad =
      post_user(http, {{"username", "Bad Name"}, {"role", "admin"}, {"password", "short"}});
  ASSERT_EQ(bad.status, 422);
  std::set<std::string> fields;
  const json problem = json::parse(bad.body);
  for (const auto& error : problem["errors"]) {
    fields.insert(error["field"].get<std::string>());
  }
  EXPECT_TRUE(fields.contains("username"));
  EXPECT_TRUE(fields.contains("password"));
  EXPECT_EQ(
      post_user(http, {{"username", "ok"}, {"role", "emperor"}, {"password", "long enough pw"}})
          .status,
      422);
}

TEST_P(UsersApiTest, DuplicateUsernameIsAConflict) {
  HttpClient http = server().client();
  const json body = {{"username", "ola"}, {"role", "user"}, {"password", "long enough pw"}};
  EXPECT_EQ(post_user(http, body).status, 201);
  EXPECT_EQ(post_user(http, body).status, 409);
}

TEST_P(UsersApiTest, DeactivatedUserCannotLogInAndTheLastAdminStays) {
  HttpClient http = server().client();
  const json created = json::parse(
      post_user(http, {{"username", "per"}, {"role", "user"}, {"password", "long enough pw"}})
          .body);
  const std::string path = "/api/v1/users/" + std::to_string(created["id"].get<long long>());
  EXPECT_EQ(http.patch(path, R"({"active": false})", "application/json", {auth_}).status, 200);
  EXPECT_EQ(
      http.post("/api/v1/session", json{{"username", "per"}, {"password", "long enough pw"}}.dump())
          .status,
      401);

  const HttpResult users = http.get("/api/v1/users", {auth_});
  long long admin_id = 0;
  const json list = json::parse(users.body);
  for (const auto& user : list["items"]) {
    if (user["username"] == "admin") {
      admin_id = user["id"].get<long long>();
    }
  }
  EXPECT_EQ(http.patch("/api/v1/users/" + std::to_string(admin_id), R"({"active": false})",
                       "application/json", {auth_})
                .status,
            409);
}

TEST_P(UsersApiTest, UnknownUserIs404) {
  HttpClient http = server().client();
  EXPECT_EQ(http.get("/api/v1/users/99999", {auth_}).status, 404);
  EXPECT_EQ(http.get("/api/v1/users/abc", {auth_}).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Databases, UsersApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
