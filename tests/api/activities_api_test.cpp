#include "api/activities_api.hpp"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/soci.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class ActivitiesApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().client());
    auth_ = "Authorization: Bearer " + server().api_token("admin");
  }

  HttpResult post(const std::string& path, const std::string& body) {
    return http_->post(path, body, "application/json", {auth_});
  }
  HttpResult patch(const std::string& path, const std::string& body) {
    return http_->patch(path, body, "application/json", {auth_});
  }
  HttpResult get(const std::string& path) { return http_->get(path, {auth_}); }
  HttpResult del(const std::string& path) { return http_->del(path, {auth_}); }

  json create(const json& body) {
    const HttpResult created = post("/api/v1/activities", body.dump());
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body);
  }

  static std::string path_of(const json& activity) {
    return "/api/v1/activities/" + std::to_string(activity["id"].get<long long>());
  }

  long long insert_person(const std::string& first_name) {
    return server().services().database().write([&](soci::session& session) {
      long long id = 0;
      session << "INSERT INTO persons (first_name, last_name, created_at, updated_at)"
                 " VALUES (:first_name, 'Nordmann', 0, 0) RETURNING id",
          soci::use(first_name), soci::into(id);
      return id;
    });
  }

  static std::set<std::string> error_fields(const HttpResult& result) {
    std::set<std::string> fields;
    const json problem = json::parse(result.body);
    for (const auto& error : problem["errors"]) {
      fields.insert(error["field"].get<std::string>());
    }
    return fields;
  }

  std::unique_ptr<HttpClient> http_;
  std::string auth_;
};

TEST_P(ActivitiesApiTest, CreatesReadsChangesAndDeletesAnActivity) {
  const json created = create({{"name", "Vårseminar"},
                               {"type", "seminar"},
                               {"date", "2026-04-15"},
                               {"description", "Om personvern"}});
  EXPECT_EQ(created["name"], "Vårseminar");
  EXPECT_EQ(created["date"], "2026-04-15");
  const std::string path = path_of(created);

  const HttpResult read = get(path);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json::parse(read.body)["description"], "Om personvern");

  const HttpResult changed = patch(path, R"({"date": null, "type": "webinar"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_TRUE(json::parse(changed.body)["date"].is_null());
  EXPECT_EQ(json::parse(changed.body)["type"], "webinar");
  EXPECT_EQ(json::parse(changed.body)["name"], "Vårseminar");

  EXPECT_EQ(del(path).status, 204);
  EXPECT_EQ(get(path).status, 404);
  EXPECT_EQ(del(path).status, 404);
  EXPECT_EQ(patch(path, R"({"name": "x"})").status, 404);
}

TEST_P(ActivitiesApiTest, OnlyTheNameIsRequired) {
  const json created = create({{"name", "Kampanje"}});
  EXPECT_TRUE(created["date"].is_null());
  EXPECT_TRUE(created["type"].is_null());
  EXPECT_TRUE(created["description"].is_null());
}

TEST_P(ActivitiesApiTest, BadInputNamesEachField) {
  const HttpResult bad = post("/api/v1/activities", R"({"date": "15.04.2026", "type": 3})");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"type"}));
  const HttpResult values = post("/api/v1/activities", R"({"date": "15.04.2026"})");
  ASSERT_EQ(values.status, 422);
  EXPECT_EQ(error_fields(values), (std::set<std::string>{"name", "date"}));
  const HttpResult unknown = post("/api/v1/activities", R"({"name": "x", "venue": "Oslo"})");
  ASSERT_EQ(unknown.status, 422);
  EXPECT_EQ(error_fields(unknown), (std::set<std::string>{"venue"}));
  EXPECT_EQ(post("/api/v1/activities", "{").status, 400);

  const json activity = create({{"name", "Kampanje"}});
  const HttpResult cleared = patch(path_of(activity), R"({"name": null})");
  ASSERT_EQ(cleared.status, 422);
  EXPECT_EQ(error_fields(cleared), (std::set<std::string>{"name"}));
  EXPECT_EQ(patch(path_of(activity), "[]").status, 400);
}

TEST_P(ActivitiesApiTest, ListsPageByPage) {
  for (const char* name : {"En", "To", "Tre"}) {
    create({{"name", name}});
  }
  const json first = json::parse(get("/api/v1/activities?limit=2").body);
  ASSERT_EQ(first["items"].size(), 2U);
  ASSERT_TRUE(first["next"].is_string());
  const json second =
      json::parse(get("/api/v1/activities?limit=2&after=" + first["next"].get<std::string>()).body);
  ASSERT_EQ(second["items"].size(), 1U);
  EXPECT_EQ(second["items"][0]["name"], "Tre");
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_EQ(get("/api/v1/activities?after=0").status, 422);
  EXPECT_EQ(get("/api/v1/activities?limit=1000").status, 422);
}

TEST_P(ActivitiesApiTest, ManagesParticipants) {
  const json activity = create({{"name", "Vårseminar"}});
  const std::string participants = path_of(activity) + "/participants";
  const long long kari = insert_person("Kari");
  const long long ola = insert_person("Ola");

  const HttpResult added =
      post(participants, json{{"person_id", kari}, {"status", "invited"}}.dump());
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(json::parse(added.body)["status"], "invited");
  EXPECT_EQ(json::parse(added.body)["first_name"], "Kari");
  EXPECT_EQ(post(participants, json{{"person_id", ola}, {"status", "registered"}}.dump()).status,
            201);
  const HttpResult changed =
      post(participants, json{{"person_id", kari}, {"status", "attended"}}.dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body)["status"], "attended");

  const HttpResult listed = get(participants);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json list = json::parse(listed.body);
  ASSERT_EQ(list["items"].size(), 2U);
  EXPECT_EQ(list["items"][0]["person_id"], kari);
  EXPECT_EQ(list["items"][0]["status"], "attended");
  EXPECT_EQ(list["items"][0]["last_name"], "Nordmann");
  EXPECT_TRUE(list["items"][0]["updated_at"].is_string());
  EXPECT_EQ(list["items"][1]["status"], "registered");

  EXPECT_EQ(del(participants + "/" + std::to_string(kari)).status, 204);
  EXPECT_EQ(del(participants + "/" + std::to_string(kari)).status, 404);
  EXPECT_EQ(json::parse(get(participants).body)["items"].size(), 1U);
}

TEST_P(ActivitiesApiTest, ParticipantInputIsValidated) {
  const json activity = create({{"name", "Vårseminar"}});
  const std::string participants = path_of(activity) + "/participants";
  const long long kari = insert_person("Kari");
  const HttpResult bad_status =
      post(participants, json{{"person_id", kari}, {"status", "maybe"}}.dump());
  ASSERT_EQ(bad_status.status, 422);
  EXPECT_EQ(error_fields(bad_status), (std::set<std::string>{"status"}));
  const HttpResult missing = post(participants, "{}");
  ASSERT_EQ(missing.status, 422);
  EXPECT_EQ(error_fields(missing), (std::set<std::string>{"person_id", "status"}));
  const HttpResult text_id =
      post(participants, json{{"person_id", std::to_string(kari)}, {"status", "invited"}}.dump());
  ASSERT_EQ(text_id.status, 422);
  EXPECT_EQ(error_fields(text_id), (std::set<std::string>{"person_id"}));
  EXPECT_EQ(post(participants, json{{"person_id", 99999}, {"status", "invited"}}.dump()).status,
            404);
  EXPECT_EQ(post("/api/v1/activities/99999/participants",
                 json{{"person_id", kari}, {"status", "invited"}}.dump())
                .status,
            404);
  EXPECT_EQ(get("/api/v1/activities/99999/participants").status, 404);
  EXPECT_EQ(post(participants, "nope").status, 400);
}

TEST_P(ActivitiesApiTest, ListingParticipantsIsAudited) {
  const json activity = create({{"name", "Vårseminar"}});
  const std::string participants = path_of(activity) + "/participants";
  const long long kari = insert_person("Kari");
  ASSERT_EQ(post(participants, json{{"person_id", kari}, {"status", "invited"}}.dump()).status,
            201);
  ASSERT_EQ(get(participants).status, 200);
  const json reads = json::parse(get("/api/v1/audit?action=activity.participants.read").body);
  ASSERT_EQ(reads["items"].size(), 1U);
  EXPECT_EQ(reads["items"][0]["entity_id"], std::to_string(activity["id"].get<long long>()));
  const json adds = json::parse(
      get("/api/v1/audit?action=activity.participant.add&person_id=" + std::to_string(kari)).body);
  EXPECT_EQ(adds["items"].size(), 1U);
}

TEST_P(ActivitiesApiTest, AnyStaffUserMayDeleteButCredentialsAreNeeded) {
  HttpClient anonymous = server().client();
  EXPECT_EQ(anonymous.get("/api/v1/activities").status, 401);
  server().add_user("ola", Role::kUser);
  auth_ = "Authorization: Bearer " + server().api_token("ola");
  const json activity = create({{"name", "Kampanje"}});
  EXPECT_EQ(del(path_of(activity)).status, 204);
}

INSTANTIATE_TEST_SUITE_P(Databases, ActivitiesApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
