#include "api/companies_api.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/time_format.hpp"
#include "storage/soci.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class CompaniesApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auth_ = "Authorization: Bearer " + server().api_token("admin");
  }

  HttpResult post(const std::string& path, const std::string& body) {
    return http_.post(path, body, "application/json", {auth_});
  }
  HttpResult patch(const std::string& path, const std::string& body,
                   std::vector<std::string> headers = {}) {
    headers.push_back(auth_);
    return http_.patch(path, body, "application/json", headers);
  }
  HttpResult get(const std::string& path) { return http_.get(path, {auth_}); }

  json create(const json& body) {
    const HttpResult created = post("/api/v1/companies", body.dump());
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body);
  }

  long long insert_person(const std::string& first_name, long long company_id) {
    return server().services().database().write([&](soci::session& session) {
      long long id = 0;
      session << "INSERT INTO persons (first_name, last_name, company_id, created_at, updated_at)"
                 " VALUES (:first_name, 'Nordmann', :company_id, 0, 0) RETURNING id",
          soci::use(first_name), soci::use(company_id), soci::into(id);
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

  static std::string path_of(const json& company) {
    return "/api/v1/companies/" + std::to_string(company["id"].get<long long>());
  }

  HttpClient http_ = HttpClient("");
  std::string auth_;
};

TEST_P(CompaniesApiTest, CreatesReadsChangesAndDeletesACompany) {
  http_ = server().client();
  const json created = create({{"name", "Fjord Fisk AS"},
                               {"city", "Bergen"},
                               {"email", "post@fjordfisk.no"},
                               {"website", "https://fjordfisk.no"}});
  EXPECT_EQ(created["version"], 1);
  EXPECT_EQ(created["name"], "Fjord Fisk AS");
  EXPECT_TRUE(created["phone"].is_null());
  EXPECT_TRUE(created["org_number"].is_null());
  EXPECT_EQ(created["created_at"], format_rfc3339(server().clock().now()));
  const std::string path = path_of(created);

  const HttpResult read = get(path);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.header("etag"), "\"1\"");
  EXPECT_EQ(json::parse(read.body)["city"], "Bergen");
  EXPECT_EQ(json::parse(read.body)["persons"], json::array());

  const HttpResult changed = patch(path, R"({"city": null, "phone": "+47 55 00 00 00"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  const json updated = json::parse(changed.body);
  EXPECT_EQ(updated["version"], 2);
  EXPECT_TRUE(updated["city"].is_null());
  EXPECT_EQ(updated["phone"], "+47 55 00 00 00");
  EXPECT_EQ(updated["email"], "post@fjordfisk.no");
  EXPECT_EQ(changed.header("etag"), "\"2\"");

  EXPECT_EQ(http_.del(path, {auth_}).status, 204);
  EXPECT_EQ(get(path).status, 404);
  EXPECT_EQ(http_.del(path, {auth_}).status, 404);
}

TEST_P(CompaniesApiTest, InvalidInputNamesEachField) {
  http_ = server().client();
  const HttpResult bad = post(
      "/api/v1/companies",
      json{{"email", "post@"}, {"website", "ftp://fjordfisk.no"}, {"phone", 5555}, {"fax", "55"}}
          .dump());
  ASSERT_EQ(bad.status, 422) << bad.body;
  // Types and unknown members are checked first, then the values.
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"phone", "fax"}));
  const HttpResult unknown =
      post("/api/v1/companies", json{{"name", "X"}, {"fax", "55"}, {"id", "3"}}.dump());
  ASSERT_EQ(unknown.status, 422);
  EXPECT_EQ(error_fields(unknown), (std::set<std::string>{"fax", "id"}));
  const HttpResult values =
      post("/api/v1/companies", json{{"email", "post@"}, {"website", "ftp://fjordfisk.no"}}.dump());
  ASSERT_EQ(values.status, 422);
  EXPECT_EQ(error_fields(values), (std::set<std::string>{"name", "email", "website"}));
}

TEST_P(CompaniesApiTest, MalformedBodiesAreBadRequests) {
  http_ = server().client();
  EXPECT_EQ(post("/api/v1/companies", "{not json").status, 400);
  EXPECT_EQ(post("/api/v1/companies", R"(["Fjord Fisk AS"])").status, 400);
  EXPECT_EQ(post("/api/v1/companies", "").status, 400);
  const json company = create({{"name", "Fjord Fisk AS"}});
  EXPECT_EQ(patch(path_of(company), R"("name")").status, 400);
  EXPECT_EQ(patch(path_of(company), "null").status, 400);
}

TEST_P(CompaniesApiTest, IfMatchGuardsAgainstLostUpdates) {
  http_ = server().client();
  const json company = create({{"name", "Fjord Fisk AS"}});
  const std::string path = path_of(company);
  EXPECT_EQ(patch(path, R"({"city": "Bergen"})", {"If-Match: \"1\""}).status, 200);
  const HttpResult stale = patch(path, R"({"city": "Oslo"})", {"If-Match: \"1\""});
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(json::parse(get(path).body)["city"], "Bergen");
  EXPECT_EQ(patch(path, R"({"city": "Oslo"})", {"If-Match: W/\"2\""}).status, 200);
  EXPECT_EQ(patch(path, R"({"city": "Oslo"})", {"If-Match: banana"}).status, 400);
}

TEST_P(CompaniesApiTest, APatchCannotClearTheNameOrSetBadValues) {
  http_ = server().client();
  const json company = create({{"name", "Fjord Fisk AS"}});
  const HttpResult bad = patch(path_of(company), R"({"name": null, "email": "nope"})");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"name", "email"}));
  const HttpResult wrong_type = patch(path_of(company), R"({"city": ["Bergen"]})");
  ASSERT_EQ(wrong_type.status, 422);
  EXPECT_EQ(error_fields(wrong_type), (std::set<std::string>{"city"}));
  EXPECT_EQ(json::parse(get(path_of(company)).body)["version"], 1);
}

TEST_P(CompaniesApiTest, ListsPageByPageAndByNamePrefix) {
  http_ = server().client();
  for (const char* name : {"Fjord Fisk AS", "Fjellsport AS", "Havbruk AS"}) {
    create({{"name", name}});
  }
  const HttpResult first = get("/api/v1/companies?limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  const json first_page = json::parse(first.body);
  ASSERT_EQ(first_page["items"].size(), 2U);
  ASSERT_TRUE(first_page["next"].is_string());
  const json second_page = json::parse(
      get("/api/v1/companies?limit=2&after=" + first_page["next"].get<std::string>()).body);
  ASSERT_EQ(second_page["items"].size(), 1U);
  EXPECT_EQ(second_page["items"][0]["name"], "Havbruk AS");
  EXPECT_TRUE(second_page["next"].is_null());

  const json found = json::parse(get("/api/v1/companies?q=fj").body);
  ASSERT_EQ(found["items"].size(), 2U);
  EXPECT_FALSE(found["items"][0].contains("persons"));

  EXPECT_EQ(get("/api/v1/companies?limit=0").status, 422);
  EXPECT_EQ(get("/api/v1/companies?limit=501").status, 422);
  EXPECT_EQ(get("/api/v1/companies?after=x").status, 422);
}

TEST_P(CompaniesApiTest, ACompanyShowsItsPersons) {
  http_ = server().client();
  const json company = create({{"name", "Fjord Fisk AS"}});
  const long long ola = insert_person("Ola", company["id"].get<long long>());
  const json read = json::parse(get(path_of(company)).body);
  ASSERT_EQ(read["persons"].size(), 1U);
  EXPECT_EQ(read["persons"][0]["id"], ola);
  EXPECT_EQ(read["persons"][0]["first_name"], "Ola");
  EXPECT_EQ(read["persons"][0]["last_name"], "Nordmann");

  // Deleting the company leaves the person, without a company.
  EXPECT_EQ(http_.del(path_of(company), {auth_}).status, 204);
  const auto company_id = server().services().database().read([&](soci::session& session) {
    long long value = 0;
    soci::indicator indicator = soci::i_ok;
    session << "SELECT company_id FROM persons WHERE id = :id", soci::use(ola),
        soci::into(value, indicator);
    return indicator == soci::i_null ? std::optional<long long>() : value;
  });
  EXPECT_EQ(company_id, std::nullopt);
}

TEST_P(CompaniesApiTest, UnknownCompaniesAre404) {
  http_ = server().client();
  EXPECT_EQ(get("/api/v1/companies/99999").status, 404);
  EXPECT_EQ(get("/api/v1/companies/abc").status, 404);
  EXPECT_EQ(patch("/api/v1/companies/99999", R"({"city": "Bergen"})").status, 404);
  EXPECT_EQ(http_.del("/api/v1/companies/0", {auth_}).status, 404);
}

TEST_P(CompaniesApiTest, NeedsCredentialsButNoSpecialRole) {
  http_ = server().client();
  EXPECT_EQ(http_.get("/api/v1/companies").status, 401);
  EXPECT_EQ(http_.post("/api/v1/companies", R"({"name": "X"})").status, 401);
  server().add_user("ola", Role::kUser);
  auth_ = "Authorization: Bearer " + server().api_token("ola");
  const json company = create({{"name", "Fjord Fisk AS"}});
  EXPECT_EQ(http_.del(path_of(company), {auth_}).status, 204);
}

INSTANTIATE_TEST_SUITE_P(Databases, CompaniesApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
