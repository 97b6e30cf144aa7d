#include "web/mailing_pages.hpp"

#include <gtest/gtest.h>

#include "mail/outbox.hpp"
#include "storage/soci.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

// The mailing and outbox pages without JavaScript: plain forms, POST-redirect-GET.
class MailingPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    http_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
    server().services().persons().create(
        system_, {{"first_name", "Kari"}, {"last_name", "Nordmann"}, {"email", "kari@example.no"}});
    server().services().persons().create(system_, {{"first_name", "Ola"}});  // no e-mail
  }
  HttpResult compose(const std::map<std::string, std::string>& fields) {
    std::map<std::string, std::string> form = {{"csrf", csrf_},
                                               {"name", "Service notice"},
                                               {"purpose", "service"},
                                               {"subject", "Hei {{first_name}}"},
                                               {"body", "Hello {{name}}."}};
    for (const auto& [key, value] : fields) {
      form[key] = value;
    }
    return http_->post_form("/mailings", form);
  }
  const Actor system_ = Actor::system("test");
  std::string csrf_;
  std::unique_ptr<HttpClient> http_;
};

TEST_P(MailingPagesTest, AFormWithErrorsShowsThemAndKeepsWhatWasTyped) {
  const HttpResult bad =
      compose({{"purpose", "marketing"}, {"name", ""}, {"subject", "Hei {{fornavn}}"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("value=\"Hei {{fornavn}}\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("{{fornavn}} is not a field."), std::string::npos);
  EXPECT_NE(bad.body.find("aria-invalid=\"true\""), std::string::npos);
  const HttpResult no_json = compose({{"filter", "{not json"}});
  EXPECT_EQ(no_json.status, 422);
  EXPECT_NE(no_json.body.find("{not json"), std::string::npos);
}

TEST_P(MailingPagesTest, ADraftShowsItsCountsAndPreviewAndIsSentOnlyWhenConfirmed) {
  const HttpResult created = compose({});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string path = created.header("location");
  const HttpResult draft = http_->get(path);
  ASSERT_EQ(draft.status, 200);
  EXPECT_NE(draft.body.find("Hei Kari"), std::string::npos) << draft.body;
  EXPECT_NE(draft.body.find("Hello Kari Nordmann."), std::string::npos);

  const HttpResult unconfirmed = http_->post_form(path + "/send", {{"csrf", csrf_}});
  EXPECT_EQ(unconfirmed.status, 422);
  const auto id = std::stoll(path.substr(path.rfind('/') + 1));
  EXPECT_EQ(server().services().mailings().get(system_, id).status, mail::MailingStatus::kDraft);

  const HttpResult sent = http_->post_form(path + "/send", {{"csrf", csrf_}, {"confirm", "1"}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  while (server().services().mailings().expand_next().has_value()) {
  }
  const HttpResult progress = http_->get(path);
  ASSERT_EQ(progress.status, 200);
  EXPECT_NE(progress.body.find("<progress"), std::string::npos);
  // A draft's form is gone once it is sent.
  EXPECT_EQ(http_->get(path + "/edit").status, 303);

  const HttpResult outbox = http_->get("/outbox?mailing_id=" + std::to_string(id));
  ASSERT_EQ(outbox.status, 200);
  EXPECT_NE(outbox.body.find("kari@example.no"), std::string::npos);
}

TEST_P(MailingPagesTest, AFailedMessageIsSentAgainFromTheOutbox) {
  ASSERT_EQ(compose({}).status, 303);
  const auto mailing = server().services().mailings().list(system_, std::nullopt, 1).front();
  server().services().mailings().send(system_, mailing.id);
  while (server().services().mailings().expand_next().has_value()) {
  }
  auto& database = server().services().database();
  database.write([](soci::session& session) {
    session << "UPDATE outbox SET status = 'failed', last_error = '550 5.1.1 No such user'";
  });
  const HttpResult failed = http_->get("/outbox?status=failed");
  ASSERT_EQ(failed.status, 200);
  EXPECT_NE(failed.body.find("550 5.1.1 No such user"), std::string::npos);
  const auto message = server().services().outbox().list(system_, mail::OutboxQuery{}).front();
  const HttpResult retried = http_->post_form("/outbox/" + std::to_string(message.id) + "/retry",
                                              {{"csrf", csrf_}, {"status", "failed"}});
  ASSERT_EQ(retried.status, 303) << retried.body;
  const auto after = server().services().outbox().list(system_, mail::OutboxQuery{}).front();
  EXPECT_EQ(after.status, mail::OutboxStatus::kQueued);
  // Without the form's CSRF token nothing happens.
  EXPECT_EQ(http_->post_form("/outbox/" + std::to_string(message.id) + "/retry", {}).status, 403);
}

TEST_P(MailingPagesTest, ThePagesAreForStaffOnly) {
  HttpClient anonymous = server().client();
  EXPECT_EQ(anonymous.get("/mailings").status, 303);
  EXPECT_EQ(anonymous.get("/outbox").status, 303);
}

INSTANTIATE_TEST_SUITE_P(Databases, MailingPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
