#include "api/history_api.hpp"

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

class HistoryApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().client());
    auth_ = "Authorization: Bearer " + server().api_token("admin");
    person_ = insert_person();
    history_path_ = "/api/v1/persons/" + std::to_string(person_) + "/history";
  }

  HttpResult post(const std::string& path, const std::string& body) {
    return http_->post(path, body, "application/json", {auth_});
  }
  HttpResult patch(const std::string& path, const std::string& body) {
    return http_->patch(path, body, "application/json", {auth_});
  }
  HttpResult get(const std::string& path) { return http_->get(path, {auth_}); }
  HttpResult del(const std::string& path) { return http_->del(path, {auth_}); }

  long long insert_person() {
    return server().services().database().write([](soci::session& session) {
      long long id = 0;
      session << "INSERT INTO persons (first_name, created_at, updated_at)"
                 " VALUES ('Kari', 0, 0) RETURNING id",
          soci::into(id);
      return id;
    });
  }

  json add_note(const std::string& date, const std::string& text) {
    const HttpResult added =
        post(history_path_, json{{"type", "call"}, {"date", date}, {"text", text}}.dump());
    EXPECT_EQ(added.status, 201) << added.body;
    return json::parse(added.body);
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
  long long person_ = 0;
  std::string history_path_;
};

TEST_P(HistoryApiTest, AddsListsChangesAndDeletesNotes) {
  const json note = add_note("2026-11-28", "Ringte om tilbudet.");
  EXPECT_EQ(note["person_id"], person_);
  EXPECT_EQ(note["type"], "call");
  EXPECT_EQ(note["date"], "2026-11-28");
  EXPECT_EQ(note["author"], "admin");
  const std::string note_path = "/api/v1/history/" + std::to_string(note["id"].get<long long>());

  const HttpResult listed = get(history_path_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json list = json::parse(listed.body);
  ASSERT_EQ(list["items"].size(), 1U);
  EXPECT_EQ(list["items"][0]["text"], "Ringte om tilbudet.");
  EXPECT_TRUE(list["next"].is_null());

  const HttpResult changed = patch(note_path, R"({"type": "meeting", "text": "Møte i stedet."})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body)["type"], "meeting");
  EXPECT_EQ(json::parse(changed.body)["date"], "2026-11-28");

  EXPECT_EQ(del(note_path).status, 204);
  EXPECT_EQ(del(note_path).status, 404);
  EXPECT_EQ(patch(note_path, R"({"text": "x"})").status, 404);
  EXPECT_EQ(json::parse(get(history_path_).body)["items"].size(), 0U);
}

TEST_P(HistoryApiTest, ListsNewestFirstPageByPage) {
  add_note("2026-01-01", "eldst");
  add_note("2026-03-01", "nyest");
  add_note("2026-02-01", "midten");
  const json first = json::parse(get(history_path_ + "?limit=2").body);
  ASSERT_EQ(first["items"].size(), 2U);
  EXPECT_EQ(first["items"][0]["text"], "nyest");
  EXPECT_EQ(first["items"][1]["text"], "midten");
  ASSERT_TRUE(first["next"].is_string());
  const json second =
      json::parse(get(history_path_ + "?limit=2&after=" + first["next"].get<std::string>()).body);
  ASSERT_EQ(second["items"].size(), 1U);
  EXPECT_EQ(second["items"][0]["text"], "eldst");
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_EQ(get(history_path_ + "?after=nonsense").status, 422);
  EXPECT_EQ(get(history_path_ + "?limit=x").status, 422);
}

TEST_P(HistoryApiTest, ReadingTheHistoryIsAudited) {
  add_note("2026-01-01", "notat");
  ASSERT_EQ(get(history_path_).status, 200);
  const HttpResult audit =
      get("/api/v1/audit?action=history.read&person_id=" + std::to_string(person_));
  ASSERT_EQ(audit.status, 200) << audit.body;
  const json events = json::parse(audit.body);
  ASSERT_EQ(events["items"].size(), 1U);
  EXPECT_EQ(events["items"][0]["actor"], "admin");
  EXPECT_EQ(events["items"][0]["person_id"], person_);
}

TEST_P(HistoryApiTest, BadInputNamesEachField) {
  const HttpResult bad =
      post(history_path_, R"({"type": "party", "date": "29.11.2026", "text": ""})");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"type", "date", "text"}));
  const HttpResult missing = post(history_path_, "{}");
  ASSERT_EQ(missing.status, 422);
  EXPECT_EQ(error_fields(missing), (std::set<std::string>{"type", "date", "text"}));
  const HttpResult wrong_type = post(history_path_, R"({"type": "note", "date": 20261129})");
  ASSERT_EQ(wrong_type.status, 422);
  EXPECT_EQ(error_fields(wrong_type), (std::set<std::string>{"date"}));
  const HttpResult unknown =
      post(history_path_, R"({"type": "note", "date": "2026-11-29", "text": "x", "mood": "ok"})");
  ASSERT_EQ(unknown.status, 422);
  EXPECT_EQ(error_fields(unknown), (std::set<std::string>{"mood"}));
  EXPECT_EQ(post(history_path_, "not json").status, 400);
  EXPECT_EQ(post(history_path_, "[]").status, 400);

  const json note = add_note("2026-01-01", "notat");
  const std::string note_path = "/api/v1/history/" + std::to_string(note["id"].get<long long>());
  const HttpResult cleared = patch(note_path, R"({"text": null, "date": "2026-02-30"})");
  ASSERT_EQ(cleared.status, 422);
  EXPECT_EQ(error_fields(cleared), (std::set<std::string>{"text", "date"}));
}

TEST_P(HistoryApiTest, AnUnknownPersonIs404) {
  EXPECT_EQ(get("/api/v1/persons/99999/history").status, 404);
  EXPECT_EQ(post("/api/v1/persons/99999/history",
                 R"({"type": "note", "date": "2026-01-01", "text": "x"})")
                .status,
            404);
  EXPECT_EQ(get("/api/v1/persons/abc/history").status, 404);
}

TEST_P(HistoryApiTest, AdminsManageHistoryTypes) {
  const HttpResult listed = get("/api/v1/history-types");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json types = json::parse(listed.body);
  ASSERT_EQ(types["items"].size(), 4U);
  EXPECT_TRUE(types["items"][0]["builtin"].get<bool>());
  EXPECT_TRUE(types["items"][0]["labels"].contains("sv"));

  const HttpResult created = post(
      "/api/v1/history-types",
      R"({"key": "webinar", "labels": {"en": "Webinar", "nb": "Nettseminar", "sv": "Webbinarium"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["labels"]["sv"], "Webbinarium");
  EXPECT_FALSE(json::parse(created.body)["builtin"].get<bool>());
  EXPECT_EQ(
      post("/api/v1/history-types", R"({"key": "webinar", "labels": {"en": "Again"}})").status,
      409);

  EXPECT_EQ(
      post(history_path_, R"({"type": "webinar", "date": "2026-01-01", "text": "Deltok"})").status,
      201);
  EXPECT_EQ(del("/api/v1/history-types/webinar").status, 409);  // in use
  EXPECT_EQ(del("/api/v1/history-types/note").status, 409);     // built in
  EXPECT_EQ(del("/api/v1/history-types/nothing").status, 404);

  EXPECT_EQ(post("/api/v1/history-types", R"({"key": "kurs", "labels": {"en": "Course"}})").status,
            201);
  EXPECT_EQ(del("/api/v1/history-types/kurs").status, 204);
}

TEST_P(HistoryApiTest, HistoryTypeInputIsValidated) {
  const HttpResult bad =
      post("/api/v1/history-types", R"({"key": "Web Inar", "labels": {"nb": "Nett"}})");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"key", "labels.en"}));
  EXPECT_EQ(post("/api/v1/history-types", R"({"key": "kurs", "labels": "Course"})").status, 422);
  EXPECT_EQ(post("/api/v1/history-types", R"({"key": 5, "labels": {"en": "Course"}})").status, 422);
  EXPECT_EQ(post("/api/v1/history-types", "[]").status, 400);
}

TEST_P(HistoryApiTest, OnlyAdminsAddOrDeleteHistoryTypes) {
  server().add_user("ola", Role::kUser);
  auth_ = "Authorization: Bearer " + server().api_token("ola");
  EXPECT_EQ(get("/api/v1/history-types").status, 200);
  EXPECT_EQ(post("/api/v1/history-types", R"({"key": "kurs", "labels": {"en": "Course"}})").status,
            403);
  EXPECT_EQ(del("/api/v1/history-types/note").status, 403);
  // Notes are for every staff user.
  EXPECT_EQ(add_note("2026-01-01", "notat")["author"], "ola");
}

TEST_P(HistoryApiTest, NeedsCredentials) {
  HttpClient anonymous = server().client();
  EXPECT_EQ(anonymous.get(history_path_).status, 401);
  EXPECT_EQ(anonymous.get("/api/v1/history-types").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Databases, HistoryApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
