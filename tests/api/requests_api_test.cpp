// /api/v1/requests (the register of data-subject requests) and /api/v1/holidays over HTTP: the
// answers' shape, the list's order and paging, handling by privacy officers, the extension,
// optimistic versions, and the problems named in 4xx answers.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

constexpr const char* kNow = "2026-09-21T14:13:20Z";  // the test clock's first reading

class RequestsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    server().add_user("officer", Role::kPrivacyOfficer);
    officer_ = "Authorization: Bearer " + server().api_token("officer");
    const HttpResult created =
        post("/api/v1/persons", {{"first_name", "Kari"}, {"last_name", "Nordmann"}}, staff_);
    ASSERT_EQ(created.status, 201) << created.body;
    person_ = json::parse(created.body)["id"].get<long long>();
  }
  HttpResult post(const std::string& path, const json& body, const std::string& auth) {
    return http().post(path, body.dump(), "application/json", {auth});
  }
  HttpResult patch(const std::string& path, const json& body, const std::string& auth,
                   const std::vector<std::string>& headers = {}) {
    std::vector<std::string> all = headers;
    all.push_back(auth);
    return http().patch(path, body.dump(), "application/json", all);
  }
  json get(const std::string& path, const std::string& auth) {
    const HttpResult result = http().get(path, {auth});
    EXPECT_EQ(result.status, 200) << path << " " << result.body;
    return json::parse(result.body, nullptr, false);
  }
  static std::string path_of(long long id, const std::string& suffix = "") {
    return "/api/v1/requests/" + std::to_string(id) + suffix;
  }
  json create(const json& body, const std::string& auth) {
    const HttpResult created = post("/api/v1/requests", body, auth);
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body, nullptr, false);
  }
  json from_person(const std::string& received_at = "", const std::string& type = "access") {
    json body = {{"person_id", person_}, {"type", type}, {"channel", "email"}};
    if (!received_at.empty()) {
      body["received_at"] = received_at;
    }
    return create(body, staff_);
  }
  /// Expects a 422 application/problem+json that names `field`.
  static void expect_invalid(const HttpResult& result, const std::string& field) {
    EXPECT_EQ(result.status, 422) << result.body;
    EXPECT_EQ(result.header("content-type"), "application/problem+json");
    const json problem = json::parse(result.body, nullptr, false);
    std::vector<std::string> fields;
    if (problem.is_object() && problem.contains("errors")) {
      for (const auto& error : problem["errors"]) {
        fields.push_back(error["field"].get<std::string>());
      }
    }
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end())
        << "does not name " << field << ": " << result.body;
  }

  std::string officer_;
  long long person_ = 0;
};

TEST_P(RequestsApiTest, ARegisteredRequestCarriesItsDueDateAndStatus) {
  const HttpResult created = post("/api/v1/requests",
                                  {{"person_id", person_},
                                   {"type", "erasure"},
                                   {"channel", "phone"},
                                   {"received_at", "2026-08-31T09:30:00+02:00"},
                                   {"note", "Called from her mobile."}},
                                  staff_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("content-type"), "application/json");
  const json request = json::parse(created.body);
  EXPECT_GT(request["id"].get<long long>(), 0);
  EXPECT_EQ(request["version"], 1);
  EXPECT_EQ(request["person_id"], person_);
  EXPECT_TRUE(request["subject_name"].is_null());
  EXPECT_EQ(request["type"], "erasure");
  EXPECT_EQ(request["received_at"], "2026-08-31T07:30:00Z");
  EXPECT_EQ(request["channel"], "phone");
  EXPECT_EQ(request["note"], "Called from her mobile.");
  EXPECT_EQ(request["status"], "open");
  EXPECT_TRUE(request["rejection_reason"].is_null());
  EXPECT_EQ(request["due_at"], "2026-09-30");
  EXPECT_EQ(request["extension_months"], 0);
  EXPECT_TRUE(request["extension_reason"].is_null());
  EXPECT_TRUE(request["handled_by"].is_null());
  EXPECT_TRUE(request["completed_at"].is_null());
  EXPECT_EQ(request["created_by"], "staff");
  EXPECT_EQ(request["created_at"], kNow);
  EXPECT_EQ(request["updated_at"], kNow);
  EXPECT_EQ(get(path_of(request["id"].get<long long>()), staff_), request);

  // Someone outside the CRM, received now.
  const json outsider =
      create({{"subject_name", "Ola Utenfor"}, {"type", "access"}, {"channel", "letter"}}, staff_);
  EXPECT_TRUE(outsider["person_id"].is_null());
  EXPECT_EQ(outsider["subject_name"], "Ola Utenfor");
  EXPECT_EQ(outsider["received_at"], kNow);
  EXPECT_EQ(outsider["due_at"], "2026-10-21");
}

TEST_P(RequestsApiTest, TheListIsSortedByDueDateAndPaged) {
  const long long later = from_person("2026-09-10")["id"].get<long long>();
  const long long sooner = from_person("2026-08-25")["id"].get<long long>();
  const long long soonest = from_person("2026-08-03")["id"].get<long long>();
  const json first = get("/api/v1/requests?limit=2&count=true", staff_);
  ASSERT_EQ(first["items"].size(), 2U);
  EXPECT_EQ(first["items"][0]["id"], soonest);
  EXPECT_EQ(first["items"][1]["id"], sooner);
  EXPECT_EQ(first["total"], 3);
  ASSERT_TRUE(first["next"].is_string());
  const json second =
      get("/api/v1/requests?limit=2&after=" + first["next"].get<std::string>(), staff_);
  ASSERT_EQ(second["items"].size(), 1U);
  EXPECT_EQ(second["items"][0]["id"], later);
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_FALSE(second.contains("total"));

  ASSERT_EQ(patch(path_of(sooner), {{"status", "completed"}}, officer_).status, 200);
  const json open = get("/api/v1/requests?status=open,in_progress", staff_);
  ASSERT_EQ(open["items"].size(), 2U);
  EXPECT_EQ(get("/api/v1/requests?status=completed", staff_)["items"][0]["id"], sooner);
  EXPECT_EQ(get("/api/v1/requests?person_id=" + std::to_string(person_ + 1), staff_)["items"],
            json::array());
  EXPECT_EQ(get("/api/v1/requests?person_id=" + std::to_string(person_), staff_)["items"].size(),
            3U);
  expect_invalid(http().get("/api/v1/requests?status=closed", {staff_}), "status");
  expect_invalid(http().get("/api/v1/requests?person_id=abc", {staff_}), "person_id");
  expect_invalid(http().get("/api/v1/requests?limit=0", {staff_}), "limit");
  expect_invalid(http().get("/api/v1/requests?after=x", {staff_}), "after");
}

TEST_P(RequestsApiTest, PrivacyOfficersHandleRequestsAndUsersMayNot) {
  const long long id = from_person()["id"].get<long long>();
  EXPECT_EQ(patch(path_of(id), {{"status", "in_progress"}}, staff_).status, 403);
  EXPECT_EQ(post(path_of(id, "/extend"), {{"months", 1}, {"reason", "Complex"}}, staff_).status,
            403);
  EXPECT_EQ(http().del(path_of(id), {staff_}).status, 403);

  const HttpResult working = patch(path_of(id), {{"status", "in_progress"}}, officer_);
  ASSERT_EQ(working.status, 200) << working.body;
  EXPECT_EQ(json::parse(working.body)["handled_by"], "officer");
  const HttpResult rejected = patch(path_of(id), {{"status", "rejected"}}, officer_);
  expect_invalid(rejected, "rejection_reason");
  const HttpResult done = patch(
      path_of(id), {{"status", "rejected"}, {"rejection_reason", "Not the data subject."}}, admin_);
  ASSERT_EQ(done.status, 200) << done.body;
  const json closed = json::parse(done.body);
  EXPECT_EQ(closed["status"], "rejected");
  EXPECT_EQ(closed["rejection_reason"], "Not the data subject.");
  EXPECT_EQ(closed["completed_at"], kNow);
  EXPECT_EQ(closed["handled_by"], "admin");
  EXPECT_EQ(patch(path_of(id), {{"status", "open"}}, officer_).status, 409);
  EXPECT_EQ(post(path_of(id, "/extend"), {{"months", 1}, {"reason", "x"}}, officer_).status, 409);

  EXPECT_EQ(http().del(path_of(id), {officer_}).status, 204);
  EXPECT_EQ(http().get(path_of(id), {officer_}).status, 404);
  EXPECT_EQ(http().del(path_of(id), {officer_}).status, 404);
}

TEST_P(RequestsApiTest, AnExtensionOfTwoMonthsCountsFromReceipt) {
  server().clock().set(1'864'000'000);  // 2029-01-24
  // Received in the future: refused.
  const HttpResult refused = post("/api/v1/requests",
                                  {{"person_id", person_},
                                   {"type", "access"},
                                   {"channel", "email"},
                                   {"received_at", "2029-01-31T08:00:00Z"}},
                                  staff_);
  expect_invalid(refused, "received_at");

  server().clock().set(1'865'000'000);  // 2029-02-04
  const long long id = from_person("2029-01-31T08:00:00Z")["id"].get<long long>();
  const std::string extend = path_of(id, "/extend");
  expect_invalid(post(extend, {{"months", 2}}, officer_), "reason");
  expect_invalid(post(extend, {{"months", 3}, {"reason", "Complex"}}, officer_), "months");
  expect_invalid(post(extend, {{"months", "2"}, {"reason", "Complex"}}, officer_), "months");
  expect_invalid(post(extend, {{"months", 2}, {"reason", "Complex"}, {"weeks", 1}}, officer_),
                 "weeks");
  const HttpResult extended =
      post(extend, {{"months", 2}, {"reason", "Records in three archives."}}, officer_);
  ASSERT_EQ(extended.status, 200) << extended.body;
  const json answer = json::parse(extended.body);
  EXPECT_EQ(answer["due_at"], "2029-04-30");
  EXPECT_EQ(answer["extension_months"], 2);
  EXPECT_EQ(answer["extension_reason"], "Records in three archives.");
  expect_invalid(post(extend, {{"months", 1}, {"reason", "More"}}, officer_), "months");
}

TEST_P(RequestsApiTest, AStaleIfMatchIsRefusedWith412) {
  const long long id = from_person()["id"].get<long long>();
  const HttpResult fresh =
      patch(path_of(id), {{"status", "in_progress"}}, officer_, {"If-Match: \"1\""});
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(json::parse(fresh.body)["version"], 2);
  EXPECT_EQ(patch(path_of(id), {{"status", "completed"}}, officer_, {"If-Match: \"1\""}).status,
            412);
  EXPECT_EQ(patch(path_of(id), {{"note", "x"}}, officer_, {"If-Match: one"}).status, 400);
  EXPECT_EQ(get(path_of(id), officer_)["status"], "in_progress");
}

TEST_P(RequestsApiTest, BadInputIsA4xxThatNamesTheProblem) {
  const HttpResult empty = post("/api/v1/requests", json::object(), staff_);
  expect_invalid(empty, "subject_name");
  expect_invalid(empty, "type");
  expect_invalid(empty, "channel");
  expect_invalid(post("/api/v1/requests",
                      {{"person_id", "12"}, {"type", "access"}, {"channel", "email"}}, staff_),
                 "person_id");
  expect_invalid(
      post("/api/v1/requests",
           {{"person_id", person_ + 1000}, {"type", "access"}, {"channel", "email"}}, staff_),
      "person_id");
  expect_invalid(post("/api/v1/requests",
                      {{"subject_name", "Ola"},
                       {"type", "access"},
                       {"channel", "email"},
                       {"status", "completed"}},
                      staff_),
                 "status");
  expect_invalid(post("/api/v1/requests",
                      {{"subject_name", "Ola"},
                       {"type", "access"},
                       {"channel", "email"},
                       {"received_at", "last week"}},
                      staff_),
                 "received_at");
  expect_invalid(post("/api/v1/requests",
                      {{"subject_name", 7}, {"type", "access"}, {"channel", "email"}}, staff_),
                 "subject_name");
  EXPECT_EQ(http().post("/api/v1/requests", "{not json", "application/json", {staff_}).status, 400);
  const long long id = from_person()["id"].get<long long>();
  expect_invalid(patch(path_of(id), {{"colour", "red"}}, officer_), "colour");
  expect_invalid(patch(path_of(id), {{"type", "complaint"}}, officer_), "type");
  EXPECT_EQ(http().get("/api/v1/requests/999999", {staff_}).status, 404);
  EXPECT_EQ(http().get("/api/v1/requests/abc", {staff_}).status, 404);
  EXPECT_EQ(patch("/api/v1/requests/999999", {{"note", "x"}}, officer_).status, 404);
  EXPECT_EQ(
      post("/api/v1/requests/999999/extend", {{"months", 1}, {"reason", "x"}}, officer_).status,
      404);
  EXPECT_EQ(http().get("/api/v1/requests").status, 401);
  EXPECT_EQ(get("/api/v1/requests", staff_)["items"].size(), 1U);
}

TEST_P(RequestsApiTest, EveryStepShowsInThePersonsAuditTrail) {
  const long long id = from_person()["id"].get<long long>();
  get(path_of(id), staff_);
  ASSERT_EQ(patch(path_of(id), {{"status", "completed"}}, officer_).status, 200);
  const json audit = get("/api/v1/audit?person_id=" + std::to_string(person_), admin_);
  std::vector<std::string> actions;
  for (const auto& event : audit["items"]) {
    actions.push_back(event["action"].get<std::string>());
  }
  for (const char* action : {"request.create", "request.read", "request.update"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
  }
}

TEST_P(RequestsApiTest, AdminsReplaceTheHolidaysThatDeadlinesSkip) {
  EXPECT_EQ(get("/api/v1/holidays", staff_), json({{"holidays", json::array()}}));
  const json list = {{"holidays",
                      {{{"date", "2026-12-25"}, {"name", "Første juledag"}},
                       {{"date", "2026-12-24"}, {"name", "Julaften"}}}}};
  EXPECT_EQ(http()
                .request("PUT", "/api/v1/holidays", list.dump(),
                         {staff_, "Content-Type: application/json"})
                .status,
            403);
  const HttpResult put = http().request("PUT", "/api/v1/holidays", list.dump(),
                                        {admin_, "Content-Type: application/json"});
  ASSERT_EQ(put.status, 200) << put.body;
  const json answer = json::parse(put.body);
  EXPECT_EQ(answer["holidays"][0], json({{"date", "2026-12-24"}, {"name", "Julaften"}}));
  EXPECT_EQ(answer["rescheduled"], 0);
  EXPECT_EQ(get("/api/v1/holidays", staff_)["holidays"].size(), 2U);

  const auto put_body = [&](const json& body) {
    return http().request("PUT", "/api/v1/holidays", body.dump(),
                          {admin_, "Content-Type: application/json"});
  };
  expect_invalid(put_body({{"holidays", {{{"date", "2026-13-01"}, {"name", "x"}}}}}),
                 "holidays[0].date");
  expect_invalid(put_body({{"holidays", {{{"date", "2026-12-01"}}, {{"day", "2026-12-02"}}}}}),
                 "holidays[1]");
  expect_invalid(put_body({{"holidays", "2026-12-24"}}), "holidays");
  expect_invalid(put_body(json::object()), "holidays");
  EXPECT_EQ(get("/api/v1/holidays", staff_)["holidays"].size(), 2U);
}

INSTANTIATE_TEST_SUITE_P(Databases, RequestsApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
