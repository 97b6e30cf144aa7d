#include "api/persons_api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class PersonsApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auth_ = "Authorization: Bearer " + server().api_token("admin");
  }
  HttpResult create(HttpClient& http, const json& body) {
    return http.post("/api/v1/persons", body.dump(), "application/json", {auth_});
  }
  std::string auth_;
};

TEST_P(PersonsApiTest, CreateReadAndPatchWithVersions) {
  HttpClient http = server().client();
  const HttpResult created = create(http, {{"first_name", "Kari"}, {"last_name", "Nordmann"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const json person = json::parse(created.body);
  EXPECT_EQ(created.header("etag"), "\"1\"");
  EXPECT_TRUE(person["email"].is_null());
  EXPECT_EQ(person["custom"], json::object());
  const std::string path = "/api/v1/persons/" + std::to_string(person["id"].get<long long>());

  const HttpResult read = http.get(path, {auth_});
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(json::parse(read.body)["last_name"], "Nordmann");

  const HttpResult patched =
      http.patch(path, R"({"city":"Tromsø"})", "application/json", {auth_, "If-Match: \"1\""});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json::parse(patched.body)["city"], "Tromsø");
  EXPECT_EQ(patched.header("etag"), "\"2\"");

  const HttpResult stale =
      http.patch(path, R"({"city":"Oslo"})", "application/json", {auth_, "If-Match: \"1\""});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.header("content-type"), "application/problem+json");
  EXPECT_EQ(
      http.patch(path, R"({"city":"Oslo"})", "application/json", {auth_, "If-Match: soon"}).status,
      400);
}

TEST_P(PersonsApiTest, InvalidInputIs422NamingEachField) {
  HttpClient http = server().client();
  const HttpResult bad = create(http, {{"email", "nope"}, {"birth_date", "tomorrow"}});
  ASSERT_EQ(bad.status, 422);
  const json problem = json::parse(bad.body);
  std::set<std::string> fields;
  for (const auto& error : problem["errors"]) {
    fields.insert(error["field"].get<std::string>());
  }
  EXPECT_TRUE(fields.contains("email"));
  EXPECT_TRUE(fields.contains("birth_date"));
  EXPECT_EQ(http.post("/api/v1/persons", "[]", "application/json", {auth_}).status, 400);
  EXPECT_EQ(http.post("/api/v1/persons", "{", "application/json", {auth_}).status, 400);
}

TEST_P(PersonsApiTest, UnknownPersonIs404AndDeleteIsForAdmins) {
  HttpClient http = server().client();
  EXPECT_EQ(http.get("/api/v1/persons/777", {auth_}).status, 404);
  const json person = json::parse(create(http, {{"first_name", "Ola"}}).body);
  const std::string path = "/api/v1/persons/" + std::to_string(person["id"].get<long long>());
  server().add_user("clerk", Role::kUser);
  const std::string clerk = "Authorization: Bearer " + server().api_token("clerk");
  EXPECT_EQ(http.get(path, {clerk}).status, 200);
  EXPECT_EQ(http.del(path, {clerk}).status, 403);
  EXPECT_EQ(http.del(path, {auth_}).status, 204);
  EXPECT_EQ(http.get(path, {auth_}).status, 404);
}

TEST_P(PersonsApiTest, CustomFieldsAreDefinedAndValidatedOverTheApi) {
  HttpClient http = server().client();
  const HttpResult field = http.post("/api/v1/fields",
                                     json{{"key", "segment"},
                                          {"type", "option"},
                                          {"labels", {{"en", "Segment"}, {"nb", "Segment"}}},
                                          {"options", {{{"value", "gold"}}, {{"value", "silver"}}}}}
                                         .dump(),
                                     "application/json", {auth_});
  ASSERT_EQ(field.status, 201) << field.body;
  EXPECT_EQ(create(http, {{"first_name", "A"}, {"custom", {{"segment", "bronze"}}}}).status, 422);
  const HttpResult ok = create(http, {{"first_name", "A"}, {"custom", {{"segment", "gold"}}}});
  ASSERT_EQ(ok.status, 201);
  EXPECT_EQ(json::parse(ok.body)["custom"]["segment"], "gold");

  const HttpResult portal =
      http.patch("/api/v1/fields/segment", R"({"portal":"edit","portal_order":3})",
                 "application/json", {auth_});
  ASSERT_EQ(portal.status, 200);
  EXPECT_EQ(json::parse(portal.body)["portal"], "edit");
  EXPECT_EQ(
      http.patch("/api/v1/fields/segment", R"({"portal":"sometimes"})", "application/json", {auth_})
          .status,
      422);
  EXPECT_EQ(http.del("/api/v1/fields/segment", {auth_}).status, 409);
  EXPECT_EQ(http.del("/api/v1/fields/segment?confirm=true", {auth_}).status, 204);
  EXPECT_EQ(http.del("/api/v1/fields/email?confirm=true", {auth_}).status, 409);
}

TEST_P(PersonsApiTest, FieldListHasBuiltInsAndOnlyAdminsAddFields) {
  HttpClient http = server().client();
  const HttpResult list = http.get("/api/v1/fields", {auth_});
  ASSERT_EQ(list.status, 200);
  const json fields = json::parse(list.body);
  EXPECT_EQ(fields["items"][0]["key"], "first_name");
  EXPECT_EQ(fields["items"][0]["portal"], "hidden");
  server().add_user("clerk", Role::kUser);
  const std::string clerk = "Authorization: Bearer " + server().api_token("clerk");
  EXPECT_EQ(http.post("/api/v1/fields", R"({"key":"x1","type":"text","labels":{"en":"X"}})",
                      "application/json", {clerk})
                .status,
            403);
  EXPECT_EQ(http.post("/api/v1/fields", R"({"key":"Bad Key","type":"colour"})", "application/json",
                      {auth_})
                .status,
            422);
}

INSTANTIATE_TEST_SUITE_P(Databases, PersonsApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
