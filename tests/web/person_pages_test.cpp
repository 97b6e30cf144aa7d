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
        .create(auth::Actor::system("test"), {{"first_name", first_name}})
        .id;
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
  EXPECT_EQ(server().services().audit().list(auth::Actor::system("test"), query).items.size(), 1U);
}

TEST_P(PersonPagesTest, SavingOverANewerVersionShowsTheConflictAndLosesNothing) {
  const long long id = create_person("Ola");
  const std::string path = "/persons/" + std::to_string(id) + "/edit";
  // Someone else saves first.
  server().services().persons().patch(auth::Actor::system("test"), id, {{"city", "Bergen"}}, 1);
  const HttpResult conflict = http_->post_form(
      path, {{"csrf", csrf_}, {"version", "1"}, {"f.first_name", "Ola"}, {"f.city", "Oslo"}});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_NE(conflict.body.find("value=\"Bergen\""), std::string::npos);
  EXPECT_NE(conflict.body.find("Oslo"), std::string::npos);
  EXPECT_NE(conflict.body.find("name=\"version\" value=\"2\""), std::string::npos);
  EXPECT_EQ(server().services().persons().get(auth::Actor::system("test"), id).city, "Bergen");

  const HttpResult saved = http_->post_form(
      path, {{"csrf", csrf_}, {"version", "2"}, {"f.first_name", "Ola"}, {"f.city", "Oslo"}});
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(server().services().persons().get(auth::Actor::system("test"), id).city, "Oslo");
}

TEST_P(PersonPagesTest, ThePersonPageNamesAndLinksTheirCompany) {
  const auto actor = auth::Actor::system("test");
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

TEST_P(PersonPagesTest, UnknownPersonIsA404Page) {
  const HttpResult missing = http_->get("/persons/999999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.header("content-type").find("text/html"), std::string::npos);
  EXPECT_EQ(http_->get("/persons/abc").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Databases, PersonPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
