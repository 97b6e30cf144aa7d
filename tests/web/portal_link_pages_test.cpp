#include "web/portal_link_pages.hpp"

#include <map>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/time_format.hpp"
#include "support/portal_token.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Sending and revoking portal links from the person page, without JavaScript.
class PortalLinkPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
    person_ = create_person("kari@example.no");
  }
  long long create_person(const std::string& email) {
    return server()
        .services()
        .persons()
        .create(Actor::system("test"),
                {{"first_name", "Kari"}, {"last_name", "Nordmann"}, {"email", email}})
        .id;
  }
  std::string person_path() const { return "/persons/" + std::to_string(person_); }
  std::vector<portal::PortalLink> stored_links() {
    return server().services().portal_links().list(Actor::system("test"), person_);
  }
  HttpResult send(const std::string& hours, bool with_csrf = true) {
    std::map<std::string, std::string> form = {{"lifetime_hours", hours}};
    if (with_csrf) {
      form["csrf"] = csrf_;
    }
    return http_->post_form(person_path() + "/portal-link", form);
  }

  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
  long long person_ = 0;
};

TEST_P(PortalLinkPagesTest, TheConfirmationShowsTheAddressAndTheLifetime) {
  const HttpResult page = http_->get(person_path() + "/portal-link");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("kari@example.no"));
  EXPECT_THAT(page.body, HasSubstr("name=\"lifetime_hours\" type=\"number\" min=\"1\" "
                                   "max=\"720\" step=\"1\" required value=\"48\""));
  EXPECT_THAT(page.body, HasSubstr("action=\"" + person_path() + "/portal-link\""));
  EXPECT_THAT(page.body, HasSubstr("name=\"csrf\" value=\"" + csrf_ + "\""));
  EXPECT_THAT(page.body, HasSubstr("English"));  // the e-mail's language
  EXPECT_TRUE(stored_links().empty());           // nothing is sent by looking
}

TEST_P(PortalLinkPagesTest, SendingNeedsTheFormsTokenAndGoesBackToThePerson) {
  EXPECT_EQ(send("5", false).status, 403);
  EXPECT_TRUE(stored_links().empty());

  const HttpResult sent = send("5");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("location"), person_path() + "?portal_link=sent");
  const auto links = stored_links();
  ASSERT_EQ(links.size(), 1U);
  EXPECT_EQ(links[0].expires_at, server().clock().now() + 5 * 3600);
  EXPECT_EQ(links[0].created_by, "admin");

  const HttpResult page = http_->get(person_path() + "?portal_link=sent");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("role=\"status\">The portal link is on its way"));
  EXPECT_THAT(page.body, HasSubstr("badge-ok\">Active"));
  EXPECT_THAT(page.body, HasSubstr(format_rfc3339(links[0].expires_at)));
  const std::string token = portal_token_from_outbox(server().services().database(), person_);
  ASSERT_FALSE(token.empty());
  EXPECT_THAT(page.body, Not(HasSubstr(token)));
  EXPECT_THAT(sent.body, Not(HasSubstr(token)));
}

TEST_P(PortalLinkPagesTest, ABadLifetimeIsShownBesideItsInput) {
  const HttpResult result = send("900");
  EXPECT_EQ(result.status, 422);
  EXPECT_THAT(result.body, HasSubstr("id=\"lifetime-error\""));
  EXPECT_THAT(result.body, HasSubstr("value=\"900\""));
  EXPECT_THAT(result.body, HasSubstr("aria-invalid=\"true\""));
  EXPECT_EQ(send("two").status, 422);
  EXPECT_TRUE(stored_links().empty());
}

TEST_P(PortalLinkPagesTest, TheSidePanelListsTheLinksAndRevokesTheUsableOne) {
  ASSERT_EQ(send("48").status, 303);
  const long long link_id = stored_links().front().id;
  const std::string revoke = person_path() + "/portal-links/" + std::to_string(link_id) + "/revoke";
  const HttpResult page = http_->get(person_path());
  EXPECT_THAT(page.body, HasSubstr("action=\"" + revoke + "\""));
  EXPECT_THAT(page.body, HasSubstr("href=\"" + person_path() + "/portal-link\""));

  EXPECT_EQ(http_->post_form(revoke, {}).status, 403);
  EXPECT_EQ(stored_links().front().status, portal::PortalLink::Status::kActive);
  const HttpResult revoked = http_->post_form(revoke, {{"csrf", csrf_}});
  ASSERT_EQ(revoked.status, 303);
  EXPECT_EQ(revoked.header("location"), person_path() + "?portal_link=revoked");
  EXPECT_EQ(stored_links().front().status, portal::PortalLink::Status::kRevoked);

  const HttpResult after = http_->get(person_path() + "?portal_link=revoked");
  EXPECT_THAT(after.body, HasSubstr("The portal link is revoked"));
  EXPECT_THAT(after.body, HasSubstr("badge-off\">Revoked"));
  EXPECT_THAT(after.body, Not(HasSubstr("action=\"" + revoke + "\"")));
  EXPECT_EQ(http_->post_form(person_path() + "/portal-links/999/revoke", {{"csrf", csrf_}}).status,
            404);
}

TEST_P(PortalLinkPagesTest, APersonWithoutEMailGetsAMessageAndNoButton) {
  person_ = create_person("");
  const HttpResult page = http_->get(person_path());
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("This person has no e-mail address"));
  EXPECT_THAT(page.body, Not(HasSubstr("href=\"" + person_path() + "/portal-link\"")));
  const HttpResult confirmation = http_->get(person_path() + "/portal-link");
  ASSERT_EQ(confirmation.status, 200);
  EXPECT_THAT(confirmation.body, HasSubstr("This person has no e-mail address"));
  EXPECT_THAT(confirmation.body, Not(HasSubstr("name=\"lifetime_hours\"")));
  const HttpResult refused = send("48");
  EXPECT_EQ(refused.status, 422);
  EXPECT_THAT(refused.body, HasSubstr("no e-mail address"));
  EXPECT_TRUE(stored_links().empty());
}

TEST_P(PortalLinkPagesTest, AnyStaffRoleMaySendALink) {
  server().add_user("kari", Role::kUser);
  std::string csrf;
  HttpClient user = server().logged_in_client("kari", &csrf);
  EXPECT_EQ(user.get(person_path() + "/portal-link").status, 200);
  const HttpResult sent =
      user.post_form(person_path() + "/portal-link", {{"csrf", csrf}, {"lifetime_hours", "48"}});
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(stored_links().size(), 1U);
}

INSTANTIATE_TEST_SUITE_P(Databases, PortalLinkPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
