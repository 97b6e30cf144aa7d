#include "web/company_pages.hpp"

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class CompanyPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
  }
  crm::Company create_company(const std::string& name) {
    crm::Company company;
    company.name = name;
    return server().services().companies().create(system_, company);
  }
  const Actor system_ = Actor::system("test");
  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
};

TEST_P(CompanyPagesTest, CreatingACompanyShowsItsPageWithItsPersons) {
  const HttpResult created = http_->post_form(
      "/companies/new", {{"csrf", csrf_}, {"name", "Fjord & Fjell AS"}, {"city", "Bergen"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string path = created.header("location");
  const long long id = std::stoll(path.substr(std::string("/companies/").size()));
  const auto person = server().services().persons().create(
      system_, {{"first_name", "Kari"}, {"last_name", "Nordmann"}, {"company_id", id}});

  const HttpResult page = http_->get(path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Fjord &amp; Fjell AS"), std::string::npos);
  EXPECT_NE(page.body.find("Bergen"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/persons/" + std::to_string(person.id) + "\">Kari Nordmann"),
            std::string::npos);
}

TEST_P(CompanyPagesTest, AMissingNameIsShownBesideItsFieldAndTheInputKept) {
  const HttpResult invalid =
      http_->post_form("/companies/new", {{"csrf", csrf_}, {"name", ""}, {"city", "Tromsø"}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find("id=\"company-name-error\""), std::string::npos);
  EXPECT_NE(invalid.body.find("value=\"Tromsø\""), std::string::npos);
}

TEST_P(CompanyPagesTest, ListSearchesByNamePrefixAndPagesWithNext) {
  for (int i = 0; i < 52; ++i) {
    create_company("Acme " + std::to_string(i));
  }
  create_company("Nordlys AS");
  const HttpResult search = http_->get("/companies?q=Nord");
  ASSERT_EQ(search.status, 200);
  EXPECT_NE(search.body.find("Nordlys AS"), std::string::npos);
  EXPECT_EQ(search.body.find("Acme 1"), std::string::npos);

  const HttpResult first = http_->get("/companies?q=Acme");
  ASSERT_EQ(first.status, 200);
  const auto next = first.body.find("/companies?q=Acme&amp;after=");
  ASSERT_NE(next, std::string::npos);
  const auto end = first.body.find('"', next);
  std::string link = first.body.substr(next, end - next);
  link.replace(link.find("&amp;"), 5, "&");
  const HttpResult second = http_->get(link);
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("Acme 51"), std::string::npos);
  EXPECT_EQ(second.body.find("after="), std::string::npos);
}

TEST_P(CompanyPagesTest, SavingOverANewerVersionShowsTheConflictAndLosesNothing) {
  const auto company = create_company("Nordlys AS");
  const std::string path = "/companies/" + std::to_string(company.id) + "/edit";
  ASSERT_EQ(http_->get(path).status, 200);
  crm::CompanyPatch theirs;
  theirs.values = {{"city", "Bergen"}};
  server().services().companies().update(system_, company.id, theirs);

  const HttpResult conflict = http_->post_form(
      path, {{"csrf", csrf_}, {"version", "1"}, {"name", "Nordlys AS"}, {"city", "Oslo"}});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_NE(conflict.body.find("value=\"Bergen\""), std::string::npos);
  EXPECT_NE(conflict.body.find("Oslo"), std::string::npos);
  EXPECT_NE(conflict.body.find("name=\"version\" value=\"2\""), std::string::npos);

  const HttpResult saved = http_->post_form(
      path, {{"csrf", csrf_}, {"version", "2"}, {"name", "Nordlys AS"}, {"city", "Oslo"}});
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(server().services().companies().get(system_, company.id).company.city, "Oslo");

  const HttpResult invalid =
      http_->post_form(path, {{"csrf", csrf_}, {"version", "3"}, {"name", ""}});
  EXPECT_EQ(invalid.status, 422);
}

TEST_P(CompanyPagesTest, DeletingACompanyKeepsItsPersons) {
  const auto company = create_company("Nordlys AS");
  const auto person = server().services().persons().create(
      system_, {{"first_name", "Ola"}, {"company_id", company.id}});
  const HttpResult deleted =
      http_->post_form("/companies/" + std::to_string(company.id) + "/delete", {{"csrf", csrf_}});
  EXPECT_EQ(deleted.status, 303);
  EXPECT_EQ(deleted.header("location"), "/companies");
  EXPECT_EQ(http_->get("/companies/" + std::to_string(company.id)).status, 404);
  EXPECT_EQ(http_->get("/persons/" + std::to_string(person.id)).status, 200);
}

TEST_P(CompanyPagesTest, UnknownCompaniesAndMissingCsrfAreRefused) {
  EXPECT_EQ(http_->get("/companies/999999").status, 404);
  EXPECT_EQ(http_->get("/companies/abc/edit").status, 404);
  EXPECT_EQ(http_->post_form("/companies/new", {{"name", "No token AS"}}).status, 403);
  EXPECT_EQ(server().client().get("/companies").status / 100, 3);
}

INSTANTIATE_TEST_SUITE_P(Databases, CompanyPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
