#include "web/person_list_page.hpp"

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class PersonListPageTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    const auto actor = auth::Actor::system("test");
    auto& persons = server().services().persons();
    persons.create(actor, {{"first_name", "Kari"}, {"last_name", "Nordmann"}, {"city", "Bergen"}});
    persons.create(actor, {{"first_name", "Ola"}, {"last_name", "Nordmann"}, {"city", "Oslo"}});
    persons.create(actor, {{"first_name", "Åsa"}, {"last_name", "Lindqvist"}, {"city", "Malmö"}});
  }
};

TEST_P(PersonListPageTest, SearchesByPrefixAndFiltersWithoutJavaScript) {
  HttpClient http = server().logged_in_client("admin");
  const HttpResult all = http.get("/persons");
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("Matches: 3"), std::string::npos);

  const HttpResult words = http.get("/persons?q=nord");
  EXPECT_NE(words.body.find("Matches: 2"), std::string::npos);
  EXPECT_EQ(words.body.find("Lindqvist"), std::string::npos);

  const HttpResult filtered = http.get("/persons?q=nord&match=all&rows=3&f1=city&o1=eq&v1=oslo");
  EXPECT_NE(filtered.body.find("Matches: 1"), std::string::npos);
  EXPECT_NE(filtered.body.find("Ola Nordmann"), std::string::npos);

  const HttpResult any =
      http.get("/persons?match=any&rows=2&f1=city&o1=eq&v1=Malm%C3%B6&f2=first_name&o2=eq&v2=Kari");
  EXPECT_NE(any.body.find("Matches: 2"), std::string::npos);
}

TEST_P(PersonListPageTest, ABadConditionIsExplainedNotAServerError) {
  HttpClient http = server().logged_in_client("admin");
  const HttpResult bad = http.get("/persons?rows=1&f1=birth_date&o1=gt&v1=yesterday");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("alert-error"), std::string::npos);
  EXPECT_EQ(http.get("/persons?rows=99").status, 200);
}

TEST_P(PersonListPageTest, ApiSearchPagesWithACursorAndCounts) {
  HttpClient http = server().client();
  const std::string auth = "Authorization: Bearer " + server().api_token("admin");
  const HttpResult first = http.get("/api/v1/persons?limit=2&count=true", {auth});
  ASSERT_EQ(first.status, 200) << first.body;
  const auto page = nlohmann::json::parse(first.body);
  EXPECT_EQ(page["total"], 3);
  ASSERT_EQ(page["items"].size(), 2U);
  ASSERT_TRUE(page["next"].is_string());
  const HttpResult second =
      http.get("/api/v1/persons?limit=2&after=" + page["next"].get<std::string>(), {auth});
  const auto rest = nlohmann::json::parse(second.body);
  ASSERT_EQ(rest["items"].size(), 1U);
  EXPECT_TRUE(rest["next"].is_null());

  const HttpResult search = http.post(
      "/api/v1/persons/search",
      R"({"filter": {"field": "city", "op": "starts_with", "value": "BER"}, "count": true})",
      "application/json", {auth});
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_EQ(nlohmann::json::parse(search.body)["total"], 1);
  const HttpResult bad = http.post("/api/v1/persons/search",
                                   R"({"filter": {"field": "shoe", "op": "eq", "value": 1}})",
                                   "application/json", {auth});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("filter.field"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Databases, PersonListPageTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
