#include "web/portal_settings_page.hpp"

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

// The portal settings form and the export links of the person page, without JavaScript.
class PortalSettingsPageTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
  }
  std::map<std::string, std::string> form() const {
    return {{"csrf", csrf_},
            {"organisation_name", "Nordlys AS"},
            {"contact_email", "post@nordlys.example"},
            {"dpo_email", "dpo@nordlys.example"},
            {"link_lifetime_hours", "24"},
            {"ht_call", "1"},
            {"show_consents", "1"},
            {"allow_export", "1"}};
  }
  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
};

TEST_P(PortalSettingsPageTest, AdminsSaveTheSettingsAndSeeThemAgain) {
  const HttpResult page = http_->get("/admin/portal");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"link_lifetime_hours\""), std::string::npos);
  EXPECT_NE(page.body.find("value=\"48\""), std::string::npos);  // the default
  EXPECT_NE(page.body.find("id=\"ht-meeting\""), std::string::npos);

  const HttpResult saved = http_->post_form("/admin/portal", form());
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("location"), "/admin/portal?done=1");
  const privacy::PortalSettings settings = server().services().portal_settings().get();
  EXPECT_EQ(settings.organisation.name, "Nordlys AS");
  EXPECT_EQ(settings.link_lifetime_hours, 24);
  EXPECT_EQ(settings.show_history_types, std::vector<std::string>{"call"});
  EXPECT_TRUE(settings.show_consents);
  EXPECT_FALSE(settings.show_activities);  // an unticked box
  EXPECT_TRUE(settings.allow_export);
  EXPECT_FALSE(settings.allow_erasure_request);

  const HttpResult again = http_->get("/admin/portal?done=1");
  EXPECT_NE(again.body.find("value=\"Nordlys AS\""), std::string::npos);
  EXPECT_NE(
      again.body.find("id=\"ht-call\" name=\"ht_call\" type=\"checkbox\" value=\"1\" checked"),
      std::string::npos)
      << again.body;
  EXPECT_NE(again.body.find("role=\"status\""), std::string::npos);
}

TEST_P(PortalSettingsPageTest, ErrorsShowBesideTheFieldsWithWhatWasTyped) {
  auto bad = form();
  bad["contact_email"] = "not an address";
  bad["link_lifetime_hours"] = "two days";
  const HttpResult result = http_->post_form("/admin/portal", bad);
  EXPECT_EQ(result.status, 422);
  EXPECT_NE(result.body.find("id=\"org-contact-error\""), std::string::npos) << result.body;
  EXPECT_NE(result.body.find("id=\"lifetime-error\""), std::string::npos);
  EXPECT_NE(result.body.find("value=\"two days\""), std::string::npos);
  EXPECT_NE(result.body.find("value=\"not an address\""), std::string::npos);
  EXPECT_NE(result.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(server().services().portal_settings().get().organisation.name, "");  // nothing saved
}

TEST_P(PortalSettingsPageTest, OnlyAdminsWithTheFormsTokenMayChangeThem) {
  auto no_csrf = form();
  no_csrf.erase("csrf");
  EXPECT_EQ(http_->post_form("/admin/portal", no_csrf).status, 403);
  server().add_user("kari", Role::kUser);
  std::string csrf;
  HttpClient user = server().logged_in_client("kari", &csrf);
  EXPECT_EQ(user.get("/admin/portal").status, 403);
  auto theirs = form();
  theirs["csrf"] = csrf;
  EXPECT_EQ(user.post_form("/admin/portal", theirs).status, 403);
  EXPECT_EQ(server().services().portal_settings().get().organisation.name, "");
}

TEST_P(PortalSettingsPageTest, ThePersonPageOffersBothExports) {
  const auto person =
      server().services().persons().create(Actor::system("test"), {{"first_name", "Kari"}});
  const std::string id = std::to_string(person.id);
  const HttpResult page = http_->get("/persons/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("href=\"/api/v1/persons/" + id + "/export.xlsx\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/api/v1/persons/" + id + "/export.json\""), std::string::npos);
  // The link works with the page's session cookie.
  const HttpResult download = http_->get("/api/v1/persons/" + id + "/export.json");
  EXPECT_EQ(download.status, 200);
  EXPECT_NE(download.body.find("vern.person-export/1"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Databases, PortalSettingsPageTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
