#include "web/person_pages.hpp"

#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class PersonPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
  }
  long long create_person(const std::string& first_name) {
    return server()
        .services()
        .persons()
        .create(Actor::system("test"), {{"first_name", first_name}})
        .id;
  }
  long long create_company(const std::string& name, const std::string& org_number = "") {
    crm::Company company;
    company.name = name;
    company.org_number = org_number;
    return server().services().companies().create(Actor::system("test"), company).id;
  }
  std::optional<long long> company_of(long long person_id) {
    return server().services().persons().get(Actor::system("test"), person_id).company_id;
  }
  HttpResult create_with_company(const std::string& company) {
    return http_->post_form("/persons/new",
                            {{"csrf", csrf_}, {"f.first_name", "Kari"}, {"company", company}});
  }
  long long created_id(const HttpResult& created) {
    const std::string location = created.header("location");
    return std::stoll(location.substr(location.rfind('/') + 1));
  }
  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
};

TEST_P(PersonPagesTest, CreatingAPersonShowsTheirPage) {
  const HttpResult created = http_->post_form("/persons/new", {{"csrf", csrf_},
                                                               {"f.first_name", "Kari"},
                                                               {"f.last_name", "Nordmann"},
                                                               {"f.language", "nb"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const HttpResult page = http_->get(created.header("location"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Kari Nordmann"), std::string::npos);
  EXPECT_NE(page.body.find("Norwegian"), std::string::npos);
}

TEST_P(PersonPagesTest, InvalidValuesAreShownBesideTheirFieldsAndKept) {
  const HttpResult invalid = http_->post_form(
      "/persons/new", {{"csrf", csrf_}, {"f.first_name", "Kari"}, {"f.email", "not-an-address"}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find("id=\"field-email-error\""), std::string::npos);
  EXPECT_NE(invalid.body.find("value=\"not-an-address\""), std::string::npos);
  EXPECT_NE(invalid.body.find("value=\"Kari\""), std::string::npos);
}

TEST_P(PersonPagesTest, ViewingAPersonIsAnAuditedRead) {
  const long long id = create_person("Ola");
  ASSERT_EQ(http_->get("/persons/" + std::to_string(id)).status, 200);
  audit::AuditQuery query;
  query.person_id = id;
  query.action = "person.read";
  EXPECT_EQ(server().services().audit().list(Actor::system("test"), query).items.size(), 1U);
}

TEST_P(PersonPagesTest, SavingOverANewerVersionShowsTheConflictAndLosesNothing) {
  const long long id = create_person("Ola");
  const std::string path = "/persons/" + std::to_string(id) + "/edit";
  // Someone else saves first.
  server().services().persons().patch(Actor::system("test"), id, {{"city", "Bergen"}}, 1);
  const HttpResult conflict = http_->post_form(
      path, {{"csrf", csrf_}, {"version", "1"}, {"f.first_name", "Ola"}, {"f.city", "Oslo"}});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_NE(conflict.body.find("value=\"Bergen\""), std::string::npos);
  EXPECT_NE(conflict.body.find("Oslo"), std::string::npos);
  EXPECT_NE(conflict.body.find("name=\"version\" value=\"2\""), std::string::npos);
  EXPECT_EQ(server().services().persons().get(Actor::system("test"), id).city, "Bergen");

  const HttpResult saved = http_->post_form(
      path, {{"csrf", csrf_}, {"version", "2"}, {"f.first_name", "Ola"}, {"f.city", "Oslo"}});
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(server().services().persons().get(Actor::system("test"), id).city, "Oslo");
}

TEST_P(PersonPagesTest, ThePersonPageNamesAndLinksTheirCompany) {
  const auto actor = Actor::system("test");
  crm::Company company;
  company.name = "Fjord Consulting AS";
  const auto created = server().services().companies().create(actor, company);
  const auto person = server().services().persons().create(
      actor, {{"first_name", "Ola"}, {"company_id", created.id}});
  const HttpResult page = http_->get("/persons/" + std::to_string(person.id));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<a href=\"/companies/" + std::to_string(created.id) +
                           "\">Fjord Consulting AS</a>"),
            std::string::npos);
}

TEST_P(PersonPagesTest, ACompanyIsPickedByItsExactNameIgnoringCase) {
  const long long fjord = create_company("Fjord Consulting AS", "912 345 678");
  create_company("Fjord Consulting AS Holding");
  const HttpResult created = create_with_company("  fjord CONSULTING as ");
  ASSERT_EQ(created.status, 303) << created.body;
  EXPECT_EQ(company_of(created_id(created)), fjord);
}

TEST_P(PersonPagesTest, ASharedNameIsPickedWithItsOrgNumber) {
  create_company("Nordlys AS", "911 111 111");
  const long long second = create_company("Nordlys AS", "922 222 222");
  const HttpResult created = create_with_company("nordlys as (922 222 222)");
  ASSERT_EQ(created.status, 303) << created.body;
  EXPECT_EQ(company_of(created_id(created)), second);
  // Spaces in the number do not matter.
  const HttpResult compact = create_with_company("Nordlys AS (922222222)");
  ASSERT_EQ(compact.status, 303) << compact.body;
  EXPECT_EQ(company_of(created_id(compact)), second);
}

TEST_P(PersonPagesTest, AnUnknownCompanyIsAnInlineErrorAndSavesNothing) {
  create_company("Fjord Consulting AS");
  const HttpResult unknown = create_with_company("Fjord Consulting");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("id=\"field-company_id-error\""), std::string::npos);
  EXPECT_NE(unknown.body.find("No company has this name"), std::string::npos);
  EXPECT_NE(unknown.body.find("value=\"Fjord Consulting\""), std::string::npos);
  EXPECT_NE(unknown.body.find("value=\"Kari\""), std::string::npos);
  query::PersonQuery everyone;
  everyone.count = true;
  EXPECT_EQ(server()
                .services()
                .person_search()
                .search(Actor::system("test"), everyone)
                .total.value_or(-1),
            0);
}

TEST_P(PersonPagesTest, AnAmbiguousCompanyNameAsksForTheOrgNumber) {
  create_company("Nordlys AS", "911 111 111");
  create_company("Nordlys AS", "922 222 222");
  const HttpResult ambiguous = create_with_company("Nordlys AS");
  EXPECT_EQ(ambiguous.status, 422);
  EXPECT_NE(ambiguous.body.find("id=\"field-company_id-error\""), std::string::npos);
  EXPECT_NE(ambiguous.body.find("organisation number"), std::string::npos);
  EXPECT_NE(ambiguous.body.find("Nordlys AS (911 111 111); Nordlys AS (922 222 222)"),
            std::string::npos);

  ASSERT_EQ(http_->post_form("/settings/language", {{"locale", "nb"}, {"csrf", csrf_}}).status,
            303);
  const HttpResult norwegian = create_with_company("Nordlys AS");
  EXPECT_EQ(norwegian.status, 422);
  EXPECT_NE(norwegian.body.find("Flere firma har dette navnet"), std::string::npos);
  EXPECT_NE(create_with_company("Sørlys AS").body.find("Ingen firma har dette navnet"),
            std::string::npos);
}

TEST_P(PersonPagesTest, TheEditFormShowsTheCompanyAndAnEmptyInputClearsIt) {
  const long long fjord = create_company("Fjord Consulting AS", "912 345 678");
  const auto person = server().services().persons().create(
      Actor::system("test"), {{"first_name", "Ola"}, {"company_id", fjord}});
  const std::string path = "/persons/" + std::to_string(person.id) + "/edit";
  const HttpResult form = http_->get(path);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"Fjord Consulting AS (912 345 678)\""), std::string::npos);
  EXPECT_NE(form.body.find("list=\"field-company_id-options\""), std::string::npos);

  const HttpResult cleared = http_->post_form(
      path, {{"csrf", csrf_}, {"version", "1"}, {"f.first_name", "Ola"}, {"company", ""}});
  ASSERT_EQ(cleared.status, 303) << cleared.body;
  EXPECT_EQ(company_of(person.id), std::nullopt);
}

TEST_P(PersonPagesTest, AnUnchangedCompanyIsKeptWhenAnotherHasTheSameName) {
  create_company("Nordlys AS");
  const long long second = create_company("Nordlys AS");
  const auto person = server().services().persons().create(
      Actor::system("test"), {{"first_name", "Ola"}, {"company_id", second}});
  const HttpResult saved = http_->post_form("/persons/" + std::to_string(person.id) + "/edit",
                                            {{"csrf", csrf_},
                                             {"version", "1"},
                                             {"f.first_name", "Ola"},
                                             {"f.city", "Tromsø"},
                                             {"company", "Nordlys AS"},
                                             {"company_current", std::to_string(second)}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(company_of(person.id), second);
}

TEST_P(PersonPagesTest, AConflictShowsTheCompanyTypedBesideTheSavedOne) {
  const long long fjord = create_company("Fjord Consulting AS");
  create_company("Nordlys AS", "922 222 222");
  const long long id = create_person("Ola");
  server().services().persons().patch(Actor::system("test"), id, {{"company_id", fjord}}, 1);
  const HttpResult conflict = http_->post_form(
      "/persons/" + std::to_string(id) + "/edit",
      {{"csrf", csrf_}, {"version", "1"}, {"f.first_name", "Ola"}, {"company", "nordlys as"}});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_NE(conflict.body.find("value=\"Fjord Consulting AS\""), std::string::npos);
  EXPECT_NE(conflict.body.find("<span class=\"mono\">nordlys as</span>"), std::string::npos);
  EXPECT_EQ(company_of(id), fjord);
}

TEST_P(PersonPagesTest, UnknownPersonIsA404Page) {
  const HttpResult missing = http_->get("/persons/999999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.header("content-type").find("text/html"), std::string::npos);
  EXPECT_EQ(http_->get("/persons/abc").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Databases, PersonPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
