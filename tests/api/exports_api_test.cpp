#include "api/exports_api.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class ExportsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    const HttpResult created = http().post("/api/v1/persons",
                                           json({{"first_name", "Åse"},
                                                 {"last_name", "Ødegård"},
                                                 {"email", "ase@example.no"},
                                                 {"city", "Tromsø"},
                                                 {"language", "sv"}})
                                               .dump(),
                                           "application/json", {staff_});
    ASSERT_EQ(created.status, 201) << created.body;
    person_ = json::parse(created.body)["id"].get<long long>();
    const HttpResult field =
        http().patch("/api/v1/fields/first_name", json({{"portal", "read"}}).dump(),
                     "application/json", {admin_});
    ASSERT_EQ(field.status, 200) << field.body;
  }
  std::string path(const std::string& format) const {
    return "/api/v1/persons/" + std::to_string(person_) + "/export." + format;
  }
  HttpResult patch_settings(const json& body, const std::string& auth) {
    return http().patch("/api/v1/portal/settings", body.dump(), "application/json", {auth});
  }
  static std::vector<std::string> error_fields(const HttpResult& result) {
    std::vector<std::string> fields;
    const json problem = json::parse(result.body);
    for (const auto& error : problem["errors"]) {
      fields.push_back(error["field"].get<std::string>());
    }
    return fields;
  }
  long long person_ = 0;
};

TEST_P(ExportsApiTest, JsonExportIsADownloadOfThePortalFields) {
  const HttpResult result = http().get(path("json"), {staff_});
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.header("content-type"), "application/json; charset=utf-8");
  const std::string disposition = result.header("content-disposition");
  EXPECT_EQ(disposition.rfind("attachment; filename=\"vern-export-ase-odegard-", 0), 0U)
      << disposition;
  EXPECT_TRUE(disposition.ends_with(".json\""));
  EXPECT_EQ(result.header("cache-control"), "no-store");
  const json exported = json::parse(result.body);
  EXPECT_EQ(exported["format"], "vern.person-export/1");
  EXPECT_EQ(exported["person"], json({{"first_name", "Åse"}}));
  EXPECT_EQ(exported["labels"]["first_name"], "Förnamn");    // the person's language
  EXPECT_EQ(result.body.find("Tromsø"), std::string::npos);  // city is hidden
}

TEST_P(ExportsApiTest, ExcelExportIsASpreadsheetDownload) {
  const HttpResult result = http().get(path("xlsx"), {staff_});
  ASSERT_EQ(result.status, 200);
  EXPECT_EQ(result.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_TRUE(result.header("content-disposition").ends_with(".xlsx\""));
  EXPECT_EQ(result.body.substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST_P(ExportsApiTest, EachExportIsAuditedAndBadRequestsAreRefused) {
  ASSERT_EQ(http().get(path("json"), {staff_}).status, 200);
  ASSERT_EQ(http().get(path("xlsx"), {staff_}).status, 200);
  const HttpResult audit = http().get(
      "/api/v1/audit?action=person.export&person_id=" + std::to_string(person_), {admin_});
  ASSERT_EQ(audit.status, 200) << audit.body;
  const json events = json::parse(audit.body)["items"];
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[0]["actor"], "staff");

  EXPECT_EQ(http().get("/api/v1/persons/999999/export.json", {staff_}).status, 404);
  EXPECT_EQ(http().get("/api/v1/persons/abc/export.xlsx", {staff_}).status, 404);
  EXPECT_EQ(http().get(path("json")).status, 401);
  EXPECT_EQ(http().get(path("csv"), {staff_}).status, 404);
}

TEST_P(ExportsApiTest, PortalSettingsHaveDefaultsAndOnlyAdminsChangeThem) {
  const HttpResult read = http().get("/api/v1/portal/settings", {staff_});
  ASSERT_EQ(read.status, 200) << read.body;
  const json defaults = json::parse(read.body);
  EXPECT_EQ(defaults["link_lifetime_hours"], 48);
  EXPECT_EQ(defaults["show_history_types"], json::array());
  EXPECT_EQ(defaults["show_activities"], true);
  EXPECT_EQ(defaults["show_consents"], true);
  EXPECT_EQ(defaults["allow_export"], true);
  EXPECT_EQ(defaults["allow_erasure_request"], true);
  EXPECT_EQ(defaults["organisation"]["name"], "");

  EXPECT_EQ(patch_settings({{"allow_export", false}}, staff_).status, 403);
  const json change = {{"link_lifetime_hours", 72},
                       {"show_history_types", {"call", "meeting"}},
                       {"show_activities", false},
                       {"allow_erasure_request", false},
                       {"organisation",
                        {{"name", "Nordlys AS"},
                         {"contact_email", "kundeservice@nordlys.example"},
                         {"dpo_email", "personvern@nordlys.example"}}}};
  const HttpResult changed = patch_settings(change, admin_);
  ASSERT_EQ(changed.status, 200) << changed.body;
  const json settings = json::parse(http().get("/api/v1/portal/settings", {staff_}).body);
  EXPECT_EQ(settings["link_lifetime_hours"], 72);
  EXPECT_EQ(settings["show_history_types"], json({"call", "meeting"}));
  EXPECT_EQ(settings["show_activities"], false);
  EXPECT_EQ(settings["show_consents"], true);  // untouched
  EXPECT_EQ(settings["allow_erasure_request"], false);
  EXPECT_EQ(settings["organisation"]["dpo_email"], "personvern@nordlys.example");
  EXPECT_TRUE(settings["updated_at"].is_string());

  const json exported = json::parse(http().get(path("json"), {staff_}).body);
  EXPECT_EQ(exported["controller"]["name"], "Nordlys AS");
  EXPECT_TRUE(exported["activities"].empty());

  const HttpResult audit = http().get("/api/v1/audit?action=portal_settings.update", {admin_});
  const json events = json::parse(audit.body)["items"];
  ASSERT_EQ(events.size(), 1U);
  EXPECT_NE(events[0]["details"].dump().find("organisation.name"), std::string::npos);
}

TEST_P(ExportsApiTest, BadPortalSettingsAre422NamingEachOne) {
  const HttpResult bad =
      patch_settings({{"link_lifetime_hours", 0},
                      {"show_history_types", {"call", "nonexistent"}},
                      {"show_consents", "yes"},
                      {"colour", "blue"},
                      {"organisation",
                       {{"contact_email", "not an address"}, {"dpo_email", 42}, {"phone", "+47"}}}},
                     admin_);
  ASSERT_EQ(bad.status, 422) << bad.body;
  const auto fields = error_fields(bad);
  for (const char* expected :
       {"colour", "show_consents", "organisation.phone", "organisation.dpo_email"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
  }
  const HttpResult values =
      patch_settings({{"link_lifetime_hours", 721},
                      {"show_history_types", {"call", "nonexistent"}},
                      {"organisation", {{"contact_email", "not an address"}}}},
                     admin_);
  ASSERT_EQ(values.status, 422) << values.body;
  EXPECT_EQ(error_fields(values),
            (std::vector<std::string>{"link_lifetime_hours", "organisation.contact_email",
                                      "show_history_types"}));
  EXPECT_EQ(patch_settings({{"link_lifetime_hours", 1.5}}, admin_).status, 422);
  EXPECT_EQ(http().patch("/api/v1/portal/settings", "[1]", "application/json", {admin_}).status,
            400);
  // Nothing of the refused changes was kept.
  const json settings = json::parse(http().get("/api/v1/portal/settings", {staff_}).body);
  EXPECT_EQ(settings["link_lifetime_hours"], 48);
  EXPECT_EQ(settings["show_history_types"], json::array());
}

INSTANTIATE_TEST_SUITE_P(Databases, ExportsApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
