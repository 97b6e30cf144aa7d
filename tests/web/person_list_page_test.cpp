#include "web/person_list_page.hpp"

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class PersonListPageTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    const auto actor = Actor::system("test");
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

TEST_P(PersonListPageTest, TheBuilderFiltersByConsentState) {
  const auto actor = Actor::system("test");
  auto& consents = server().services().consents();
  consent::NewConsentType type;
  type.key = "newsletter";
  type.names = {"Newsletter", "Nyhetsbrev", ""};
  type.purposes = {"News", "", ""};
  type.legal_basis = consent::LegalBasis::kA;
  consents.create_type(actor, type);
  const auto kari = server().services().person_search().search(actor, {}).items.front().id;
  consents.record(actor, kari, {"newsletter", true, consent::Source::kCrm, ""});

  HttpClient http = server().logged_in_client("admin");
  const HttpResult page = http.get("/persons");
  EXPECT_NE(page.body.find(">Consent: Newsletter</option>"), std::string::npos);
  const HttpResult granted = http.get("/persons?rows=1&f1=consent%3Anewsletter&o1=eq&v1=granted");
  ASSERT_EQ(granted.status, 200) << granted.body;
  EXPECT_NE(granted.body.find("Matches: 1"), std::string::npos);
  EXPECT_NE(granted.body.find("<option value=\"withdrawn\">Withdrawn</option>"), std::string::npos);
  const HttpResult none = http.get("/persons?rows=1&f1=consent%3Anewsletter&o1=eq&v1=none");
  EXPECT_NE(none.body.find("Matches: 2"), std::string::npos);
  const HttpResult bad = http.get("/persons?rows=1&f1=consent%3Anewsletter&o1=eq&v1=maybe");
  EXPECT_EQ(bad.status, 422);
}

TEST_P(PersonListPageTest, ABadConditionIsExplainedNotAServerError) {
  HttpClient http = server().logged_in_client("admin");
  const HttpResult bad = http.get("/persons?rows=1&f1=birth_date&o1=gt&v1=yesterday");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("alert-error"), std::string::npos);
  EXPECT_EQ(http.get("/persons?rows=99").status, 200);
}

// any of: city is Malmö, or the group (all of: last name Nordmann, city Bergen).
constexpr const char* kNestedQuery =
    "/persons?match=any&rows=1&f1=city&o1=eq&v1=Malm%C3%B6&groups=1&g1.match=all&g1.rows=2"
    "&g1.f1=last_name&g1.o1=eq&g1.v1=Nordmann&g1.f2=city&g1.o2=eq&g1.v2=bergen";

TEST_P(PersonListPageTest, NestedGroupsFromTheQueryStringAreShownAndFilter) {
  HttpClient http = server().logged_in_client("admin");
  const HttpResult nested = http.get(kNestedQuery);
  ASSERT_EQ(nested.status, 200) << nested.body;
  EXPECT_NE(nested.body.find("<fieldset class=\"filter-group\">"), std::string::npos);
  EXPECT_NE(nested.body.find("<legend>Group 1</legend>"), std::string::npos);
  EXPECT_NE(nested.body.find("<label for=\"g1-v2\">Value 2</label>"), std::string::npos);
  EXPECT_NE(nested.body.find("id=\"g1-v2\" name=\"g1.v2\" type=\"text\" value=\"bergen\""),
            std::string::npos);
  EXPECT_NE(nested.body.find("<option value=\"any\" selected>"), std::string::npos);
  EXPECT_NE(nested.body.find("Matches: 2"), std::string::npos);
  EXPECT_NE(nested.body.find("Kari Nordmann"), std::string::npos);
  EXPECT_NE(nested.body.find("Åsa Lindqvist"), std::string::npos);
  EXPECT_EQ(nested.body.find("Ola Nordmann"), std::string::npos);

  // The same rows with the group joined by any: every Nordmann counts.
  std::string any_group = kNestedQuery;
  any_group.replace(any_group.find("g1.match=all"), 12, "g1.match=any");
  EXPECT_NE(http.get(any_group).body.find("Matches: 3"), std::string::npos);
}

TEST_P(PersonListPageTest, BuilderButtonsAddAndRemoveGroupsAndRows) {
  HttpClient http = server().logged_in_client("admin");
  const HttpResult added =
      http.get("/persons?q=&match=all&rows=1&f1=city&o1=eq&v1=Oslo&act=add_group");
  ASSERT_EQ(added.status, 303);
  const std::string with_group = added.header("location");
  EXPECT_NE(with_group.find("&groups=1&g1.match=any&g1.rows=2&g1.f1=&"), std::string::npos);
  EXPECT_EQ(with_group.find("act="), std::string::npos);
  const HttpResult shown = http.get(with_group);
  ASSERT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("<legend>Group 1</legend>"), std::string::npos);
  EXPECT_NE(shown.body.find("value=\"Oslo\""), std::string::npos);
  EXPECT_NE(shown.body.find("Matches: 1"), std::string::npos);

  const HttpResult more = http.get(with_group + "&act=add_row.g1");
  EXPECT_NE(more.header("location").find("g1.rows=3"), std::string::npos);
  const HttpResult fewer =
      http.get("/persons?rows=1&groups=1&g1.rows=2&g1.f1=city&g1.f2=last_name&act=remove.g1.r1");
  EXPECT_NE(fewer.header("location").find("g1.rows=1&g1.f1=last_name&"), std::string::npos);
  const HttpResult removed = http.get(with_group + "&act=remove.g1");
  EXPECT_EQ(removed.header("location").find("groups="), std::string::npos);
  EXPECT_NE(removed.header("location").find("f1=city"), std::string::npos);
  // An unknown button only tidies the address.
  EXPECT_EQ(http.get("/persons?act=remove.g7").status, 303);
}

TEST_P(PersonListPageTest, ASavedNestedFilterRoundTrips) {
  std::string csrf;
  HttpClient http = server().logged_in_client("admin", &csrf);
  const HttpResult saved =
      http.post_form("/persons/saved-filters", {{"csrf", csrf},
                                                {"name", "Malmö or Bergen Nordmanns"},
                                                {"match", "any"},
                                                {"rows", "1"},
                                                {"f1", "city"},
                                                {"o1", "eq"},
                                                {"v1", "Malmö"},
                                                {"groups", "1"},
                                                {"g1.match", "all"},
                                                {"g1.rows", "2"},
                                                {"g1.f1", "last_name"},
                                                {"g1.o1", "eq"},
                                                {"g1.v1", "Nordmann"},
                                                {"g1.f2", "city"},
                                                {"g1.o2", "eq"},
                                                {"g1.v2", "bergen"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  const std::string location = saved.header("location");
  const long long id = std::stoll(location.substr(location.find('=') + 1));
  const auto stored = server().services().saved_filters().get(Actor::system("test"), id);
  EXPECT_EQ(stored.filter, nlohmann::json::parse(R"({"or": [
      {"field": "city", "op": "eq", "value": "Malmö"},
      {"and": [{"field": "last_name", "op": "eq", "value": "Nordmann"},
               {"field": "city", "op": "eq", "value": "bergen"}]}]})"));

  const HttpResult opened = http.get(location);
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_NE(opened.body.find("<legend>Group 1</legend>"), std::string::npos);
  EXPECT_NE(opened.body.find("name=\"g1.v1\" type=\"text\" value=\"Nordmann\""), std::string::npos);
  EXPECT_NE(opened.body.find("Matches: 2"), std::string::npos);
  EXPECT_EQ(opened.body.find("filter-json"), std::string::npos);
}

TEST_P(PersonListPageTest, ASavedFilterDeeperThanTheBuilderIsShownAsItIs) {
  const auto deep = nlohmann::json::parse(R"({"and": [{"or": [
      {"and": [{"field": "city", "op": "eq", "value": "Oslo"}]},
      {"not": {"field": "last_name", "op": "eq", "value": "Nordmann"}}]}]})");
  HttpClient http = server().logged_in_client("admin");
  const HttpResult saved =
      http.post("/api/v1/saved-filters", nlohmann::json{{"name", "Deep"}, {"filter", deep}}.dump(),
                "application/json", {"Authorization: Bearer " + server().api_token("admin")});
  ASSERT_EQ(saved.status, 201) << saved.body;
  const long long id = nlohmann::json::parse(saved.body)["id"].get<long long>();
  const HttpResult opened = http.get("/persons?saved=" + std::to_string(id));
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_NE(opened.body.find("class=\"mono filter-json\""), std::string::npos);
  EXPECT_NE(opened.body.find("deeper than the builder shows"), std::string::npos);
  EXPECT_NE(opened.body.find("name=\"saved\" value=\"" + std::to_string(id) + "\""),
            std::string::npos);
  EXPECT_EQ(opened.body.find("name=\"g1.match\""), std::string::npos);
  EXPECT_EQ(opened.body.find("id=\"f1\""), std::string::npos);
  // Ola (Oslo) and Åsa (not a Nordmann).
  EXPECT_NE(opened.body.find("Matches: 2"), std::string::npos);
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
