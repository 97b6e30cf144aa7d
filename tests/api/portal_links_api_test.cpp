#include "api/portal_links_api.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/time_format.hpp"
#include "support/portal_token.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class PortalLinksApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    person_ = create_person({{"first_name", "Åse"}, {"email", "ase@example.no"}});
  }
  long long create_person(const json& body) {
    const HttpResult created =
        http().post("/api/v1/persons", body.dump(), "application/json", {staff_});
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body)["id"].get<long long>();
  }
  static std::string links_path(long long person_id) {
    return "/api/v1/persons/" + std::to_string(person_id) + "/portal-links";
  }
  HttpResult send(long long person_id, const std::string& body = "{}") {
    return http().post(links_path(person_id), body, "application/json", {staff_});
  }
  long long person_ = 0;
};

TEST_P(PortalLinksApiTest, SendingALinkAnswersWithoutTheToken) {
  const HttpResult sent = send(person_, R"({"lifetime_hours": 2})");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const json body = json::parse(sent.body);
  EXPECT_EQ(body.size(), 3U);
  EXPECT_EQ(body["sent_to"], "ase@example.no");
  const UnixTime expected = server().clock().now() + 2 * 3600;
  EXPECT_EQ(body["expires_at"], format_rfc3339(expected));
  const std::string token = portal_token_from_outbox(server().services().database(), person_);
  ASSERT_EQ(token.size(), 43U);
  EXPECT_THAT(sent.body, Not(HasSubstr(token)));

  const HttpResult listed = http().get(links_path(person_), {staff_});
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_THAT(listed.body, Not(HasSubstr(token)));
  const json items = json::parse(listed.body)["items"];
  ASSERT_EQ(items.size(), 1U);
  const json& link = items[0];
  EXPECT_EQ(link["id"], body["id"]);
  EXPECT_EQ(link["sent_to"], "ase@example.no");
  EXPECT_EQ(link["language"], "en");
  EXPECT_EQ(link["created_by"], "staff");
  EXPECT_EQ(link["expires_at"], body["expires_at"]);
  EXPECT_TRUE(link["first_used_at"].is_null());
  EXPECT_TRUE(link["last_used_at"].is_null());
  EXPECT_TRUE(link["revoked_at"].is_null());
  EXPECT_TRUE(link["revoked_by"].is_null());
  EXPECT_EQ(link["status"], "active");
  EXPECT_TRUE(json::parse(listed.body)["next"].is_null());
}

TEST_P(PortalLinksApiTest, TheLifetimeDefaultsToTheSettingsAndTheBodyMayBeLeftOut) {
  const HttpResult sent = http().post(links_path(person_), "", "application/json", {staff_});
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(json::parse(sent.body)["expires_at"],
            format_rfc3339(server().clock().now() + 48 * 3600));
}

TEST_P(PortalLinksApiTest, BadInputIsA422NamingTheMember) {
  for (const std::string body :
       {R"({"lifetime_hours": 0})", R"({"lifetime_hours": 721})", R"({"lifetime_hours": "48"})",
        R"({"lifetime_hours": 1.5})", R"({"lifetime_hours": 99999999999999})"}) {
    const HttpResult result = send(person_, body);
    EXPECT_EQ(result.status, 422) << body;
    EXPECT_THAT(result.problem_fields(), ElementsAre("lifetime_hours")) << body;
  }
  const HttpResult unknown = send(person_, R"({"token": "mine"})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_THAT(unknown.problem_fields(), ElementsAre("token"));
  EXPECT_EQ(send(person_, "[1]").status, 400);

  const long long no_email = create_person({{"first_name", "Ola"}});
  const HttpResult refused = send(no_email);
  EXPECT_EQ(refused.status, 422);
  EXPECT_THAT(refused.problem_fields(), ElementsAre("email"));
  EXPECT_THAT(refused.body, HasSubstr("no e-mail address"));
  const HttpResult none = http().get(links_path(no_email), {staff_});
  EXPECT_EQ(json::parse(none.body)["items"].size(), 0U);
}

TEST_P(PortalLinksApiTest, UnknownPersonsAndLinksAre404AndStrangersAre401) {
  EXPECT_EQ(send(999).status, 404);
  EXPECT_EQ(http().get(links_path(999), {staff_}).status, 404);
  EXPECT_EQ(http().del("/api/v1/portal-links/999", {staff_}).status, 404);
  EXPECT_EQ(http().del("/api/v1/portal-links/abc", {staff_}).status, 404);
  EXPECT_EQ(http().post(links_path(person_), "{}", "application/json").status, 401);
  EXPECT_EQ(http().get(links_path(person_)).status, 401);
  EXPECT_EQ(http()
                .request("DELETE", "/api/v1/portal-links/1", "", {"Content-Type: application/json"})
                .status,
            401);
}

TEST_P(PortalLinksApiTest, DeletingRevokesAtOnceAndANewLinkRevokesTheOld) {
  const long long first = json::parse(send(person_).body)["id"].get<long long>();
  const long long second = json::parse(send(person_).body)["id"].get<long long>();
  const std::string path = "/api/v1/portal-links/" + std::to_string(second);
  EXPECT_EQ(http().del(path, {staff_}).status, 204);
  EXPECT_EQ(http().del(path, {admin_}).status, 204);  // twice is fine
  const json items = json::parse(http().get(links_path(person_), {admin_}).body)["items"];
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[0]["id"], second);
  EXPECT_EQ(items[0]["status"], "revoked");
  EXPECT_EQ(items[0]["revoked_by"], "staff");
  EXPECT_EQ(items[1]["id"], first);
  EXPECT_EQ(items[1]["status"], "revoked");
  EXPECT_FALSE(items[1]["revoked_at"].is_null());
}

TEST_P(PortalLinksApiTest, AnExpiredLinkIsListedAsExpired) {
  send(person_, R"({"lifetime_hours": 1})");
  server().clock().advance(3600);
  const json items = json::parse(http().get(links_path(person_), {staff_}).body)["items"];
  EXPECT_EQ(items[0]["status"], "expired");
}

INSTANTIATE_TEST_SUITE_P(Databases, PortalLinksApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
