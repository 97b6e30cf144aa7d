#include "api/consents_api.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

const json kNewsletter = {{"key", "newsletter"},
                          {"names", {{"en", "Newsletter"}, {"nb", "Nyhetsbrev"}}},
                          {"purposes", {{"en", "We send you our monthly newsletter by e-mail."}}},
                          {"legal_basis", "a"},
                          {"portal_changeable", true}};

class ConsentsApiTest : public ApiTest {
 protected:
  HttpResult post(const std::string& path, const json& body, const std::string& auth) {
    return http().post(path, body.dump(), "application/json", {auth});
  }
  HttpResult patch(const std::string& path, const json& body) {
    return http().patch(path, body.dump(), "application/json", {admin_});
  }
  json get(const std::string& path, const std::string& auth) {
    const HttpResult result = http().get(path, {auth});
    EXPECT_EQ(result.status, 200) << path << " " << result.body;
    return json::parse(result.body);
  }
  long long person(const std::string& first_name, const std::string& city = "") {
    const HttpResult created =
        post("/api/v1/persons", {{"first_name", first_name}, {"city", city}}, staff_);
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body)["id"].get<long long>();
  }
  std::string consents_of(long long id) {
    return "/api/v1/persons/" + std::to_string(id) + "/consents";
  }
  HttpResult consent(long long id, const std::string& type, bool granted) {
    return post(consents_of(id), {{"consent_type", type}, {"granted", granted}}, staff_);
  }
  std::vector<std::string> field_errors(const HttpResult& result) {
    std::vector<std::string> fields;
    const json problem = json::parse(result.body);
    for (const auto& error : problem["errors"]) {
      fields.push_back(error["field"].get<std::string>());
    }
    return fields;
  }
};

TEST_P(ConsentsApiTest, AdminsDefineConsentTypesWithTextsInThreeLanguages) {
  const HttpResult created = post("/api/v1/consent-types", kNewsletter, admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  const json type = json::parse(created.body);
  EXPECT_EQ(type["key"], "newsletter");
  EXPECT_EQ(type["names"]["nb"], "Nyhetsbrev");
  EXPECT_EQ(type["names"]["sv"], "Newsletter");  // falls back to English
  EXPECT_EQ(type["purposes"]["sv"], "We send you our monthly newsletter by e-mail.");
  EXPECT_EQ(type["legal_basis"], "a");
  EXPECT_EQ(type["active"], true);
  EXPECT_EQ(type["portal_changeable"], true);
  EXPECT_EQ(type["text_version"], 1);

  const json list = get("/api/v1/consent-types", staff_);
  ASSERT_EQ(list["items"].size(), 1U);
  EXPECT_EQ(list["items"][0]["key"], "newsletter");
  EXPECT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 409);
}

TEST_P(ConsentsApiTest, BadConsentTypesAre422NamingEachField) {
  const HttpResult bad = post("/api/v1/consent-types",
                              {{"key", "Bad Key"}, {"names", {{"nb", "Bare norsk"}}}}, admin_);
  ASSERT_EQ(bad.status, 422) << bad.body;
  const std::vector<std::string> fields = field_errors(bad);
  for (const char* field : {"key", "names.en", "purposes.en", "legal_basis"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end()) << field;
  }
  json wrong_basis = kNewsletter;
  wrong_basis["legal_basis"] = "g";
  EXPECT_EQ(post("/api/v1/consent-types", wrong_basis, admin_).status, 422);
  json unknown = kNewsletter;
  unknown["colour"] = "red";
  EXPECT_EQ(post("/api/v1/consent-types", unknown, admin_).status, 422);
  EXPECT_EQ(post("/api/v1/consent-types", kNewsletter, staff_).status, 403);
}

TEST_P(ConsentsApiTest, AChangedPurposeIsANewTextVersionAndTheOldOneStays) {
  ASSERT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 201);
  const long long kari = person("Kari");
  ASSERT_EQ(consent(kari, "newsletter", true).status, 201);

  // A new name alone keeps the version; a new purpose text raises it.
  HttpResult renamed = patch("/api/v1/consent-types/newsletter", {{"names", {{"en", "News"}}}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(json::parse(renamed.body)["text_version"], 1);
  const HttpResult changed = patch("/api/v1/consent-types/newsletter",
                                   {{"purposes", {{"en", "We send you news every week."}}}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body)["text_version"], 2);

  const json type = get("/api/v1/consent-types/newsletter", staff_);
  ASSERT_EQ(type["versions"].size(), 2U);
  EXPECT_EQ(type["versions"][0]["text_version"], 2);
  EXPECT_EQ(type["versions"][0]["purposes"]["en"], "We send you news every week.");
  EXPECT_EQ(type["versions"][1]["text_version"], 1);
  EXPECT_EQ(type["versions"][1]["purposes"]["en"], "We send you our monthly newsletter by e-mail.");

  // Kari agreed to version 1; a new grant is under version 2.
  const json before = get(consents_of(kari), staff_);
  EXPECT_EQ(before["current"][0]["text_version"], 1);
  ASSERT_EQ(consent(kari, "newsletter", true).status, 201);
  const json after = get(consents_of(kari), staff_);
  EXPECT_EQ(after["current"][0]["text_version"], 2);
  EXPECT_EQ(after["events"][1]["text_version"], 1);
  // Each event with the exact words it was given under.
  EXPECT_EQ(after["events"][0]["purposes"]["en"], "We send you news every week.");
  EXPECT_EQ(after["events"][1]["purposes"]["en"], "We send you our monthly newsletter by e-mail.");
}

TEST_P(ConsentsApiTest, GrantAndWithdrawAreEventsAndTheLatestIsTheState) {
  ASSERT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 201);
  json events_type = kNewsletter;
  events_type["key"] = "events";
  ASSERT_EQ(post("/api/v1/consent-types", events_type, admin_).status, 201);
  const long long kari = person("Kari");

  const HttpResult granted = post(consents_of(kari),
                                  {{"consent_type", "newsletter"},
                                   {"granted", true},
                                   {"source", "form"},
                                   {"note", "Signed up at the fair"}},
                                  staff_);
  ASSERT_EQ(granted.status, 201) << granted.body;
  const json event = json::parse(granted.body);
  EXPECT_EQ(event["granted"], true);
  EXPECT_EQ(event["source"], "form");
  EXPECT_EQ(event["actor"], "staff");
  EXPECT_EQ(event["text_version"], 1);
  server().clock().advance(60);
  ASSERT_EQ(consent(kari, "newsletter", false).status, 201);

  const json consents = get(consents_of(kari), staff_);
  ASSERT_EQ(consents["current"].size(), 2U);
  const json& events_state = consents["current"][0];
  EXPECT_EQ(events_state["consent_type"], "events");
  EXPECT_EQ(events_state["state"], "none");
  EXPECT_TRUE(events_state["since"].is_null());
  const json& newsletter = consents["current"][1];
  EXPECT_EQ(newsletter["state"], "withdrawn");
  EXPECT_EQ(newsletter["source"], "api");
  EXPECT_FALSE(newsletter["since"].is_null());
  ASSERT_EQ(consents["events"].size(), 2U);
  EXPECT_EQ(consents["events"][0]["granted"], false);  // newest first
  EXPECT_EQ(consents["events"][1]["note"], "Signed up at the fair");
}

TEST_P(ConsentsApiTest, BadConsentEventsAreRefused) {
  ASSERT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 201);
  const long long kari = person("Kari");
  EXPECT_EQ(consent(kari, "no_such_type", true).status, 422);
  EXPECT_EQ(consent(kari + 1000, "newsletter", true).status, 404);
  EXPECT_EQ(post(consents_of(kari), {{"consent_type", "newsletter"}}, staff_).status, 422);
  EXPECT_EQ(post(consents_of(kari),
                 {{"consent_type", "newsletter"}, {"granted", true}, {"source", "portal"}}, staff_)
                .status,
            422);  // only the portal records portal consents
  EXPECT_EQ(
      post(consents_of(kari), {{"consent_type", "newsletter"}, {"granted", "yes"}}, staff_).status,
      422);
  EXPECT_EQ(
      post(consents_of(kari),
           {{"consent_type", "newsletter"}, {"granted", true}, {"note", std::string(1001, 'x')}},
           staff_)
          .status,
      422);
  EXPECT_EQ(http().get(consents_of(kari + 1000), {staff_}).status, 404);
  EXPECT_TRUE(get(consents_of(kari), staff_)["events"].empty());
}

TEST_P(ConsentsApiTest, EventsCannotBeChangedOrDeletedThroughAnyEndpoint) {
  ASSERT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 201);
  const long long kari = person("Kari");
  const HttpResult granted = consent(kari, "newsletter", true);
  ASSERT_EQ(granted.status, 201);
  const std::string event_id = std::to_string(json::parse(granted.body)["id"].get<long long>());
  for (const std::string& path : {consents_of(kari), consents_of(kari) + "/" + event_id}) {
    EXPECT_GE(http()
                  .request("PATCH", path, R"({"granted":false})",
                           {admin_, "Content-Type: application/json"})
                  .status,
              404)
        << path;
    EXPECT_GE(http()
                  .request("PUT", path, R"({"granted":false})",
                           {admin_, "Content-Type: application/json"})
                  .status,
              404)
        << path;
    EXPECT_GE(http().del(path, {admin_}).status, 404) << path;
  }
  // A type with consents is only deactivated: the proof stays.
  const HttpResult removed = http().del("/api/v1/consent-types/newsletter", {admin_});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(json::parse(removed.body)["active"], false);
  const json consents = get(consents_of(kari), staff_);
  ASSERT_EQ(consents["events"].size(), 1U);
  EXPECT_EQ(consents["events"][0]["granted"], true);
  EXPECT_EQ(consents["current"][0]["state"], "granted");
  // ... and no new consents are taken for it.
  EXPECT_EQ(consent(kari, "newsletter", true).status, 422);
}

TEST_P(ConsentsApiTest, AnUnusedTypeIsDeleted) {
  ASSERT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 201);
  EXPECT_EQ(http().del("/api/v1/consent-types/newsletter", {staff_}).status, 403);
  EXPECT_EQ(http().del("/api/v1/consent-types/newsletter", {admin_}).status, 204);
  EXPECT_EQ(http().get("/api/v1/consent-types/newsletter", {admin_}).status, 404);
  EXPECT_EQ(http().del("/api/v1/consent-types/newsletter", {admin_}).status, 404);
}

TEST_P(ConsentsApiTest, SearchFiltersByConsentState) {
  ASSERT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 201);
  const long long kari = person("Kari", "Oslo");
  const long long ola = person("Ola", "Oslo");
  const long long per = person("Per", "Bergen");
  ASSERT_EQ(consent(kari, "newsletter", true).status, 201);
  ASSERT_EQ(consent(ola, "newsletter", true).status, 201);
  ASSERT_EQ(consent(ola, "newsletter", false).status, 201);
  const auto search = [&](const json& filter) {
    const HttpResult found =
        post("/api/v1/persons/search", {{"filter", filter}, {"count", true}}, staff_);
    EXPECT_EQ(found.status, 200) << found.body;
    std::vector<long long> ids;
    const json page = json::parse(found.body);
    for (const auto& item : page["items"]) {
      ids.push_back(item["id"].get<long long>());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_EQ(search({{"consent", "newsletter"}, {"state", "granted"}}),
            std::vector<long long>{kari});
  EXPECT_EQ(search({{"consent", "newsletter"}, {"state", "withdrawn"}}),
            std::vector<long long>{ola});
  EXPECT_EQ(search({{"consent", "newsletter"}, {"state", "none"}}), std::vector<long long>{per});
  EXPECT_EQ(search({{"and",
                     {{{"consent", "newsletter"}, {"state", "none"}},
                      {{"field", "city"}, {"op", "eq"}, {"value", "oslo"}}}}}),
            std::vector<long long>{});
  const HttpResult unknown =
      post("/api/v1/persons/search",
           {{"filter", {{"or", {{{"consent", "no_such"}, {"state", "granted"}}}}}}}, staff_);
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(field_errors(unknown), std::vector<std::string>{"filter.or[0].consent"});
  // Saved filters are checked the same way.
  EXPECT_EQ(
      post("/api/v1/saved-filters",
           {{"name", "Odd"}, {"filter", {{"consent", "no_such"}, {"state", "granted"}}}}, staff_)
          .status,
      422);
}

TEST_P(ConsentsApiTest, ConsentChangesAndReadsAreAudited) {
  ASSERT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 201);
  const long long kari = person("Kari");
  ASSERT_EQ(consent(kari, "newsletter", true).status, 201);
  get(consents_of(kari), staff_);
  const json audit = get("/api/v1/audit?person_id=" + std::to_string(kari), admin_);
  std::vector<std::string> actions;
  for (const auto& event : audit["items"]) {
    actions.push_back(event["action"].get<std::string>());
  }
  EXPECT_NE(std::find(actions.begin(), actions.end(), "consent.grant"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "consent.read"), actions.end());
  const json all = get("/api/v1/audit?action=consent_type.create", admin_);
  EXPECT_EQ(all["items"].size(), 1U);
}

INSTANTIATE_TEST_SUITE_P(Databases, ConsentsApiTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::testing
