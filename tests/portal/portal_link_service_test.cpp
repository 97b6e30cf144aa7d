#include "portal/portal_link_service.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "common/time_format.hpp"
#include "mail/outbox.hpp"
#include "privacy/portal_settings_service.hpp"
#include "query/crm_rows.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "support/portal_token.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using portal::OpenedLink;
using portal::PortalLink;

constexpr std::int64_t kHour = 3600;
constexpr const char* kBaseUrl = "https://vern.example/";
constexpr const char* kClient = "192.0.2.7";

class PortalLinkServiceTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    settings_ = std::make_unique<privacy::PortalSettingsService>(db(), *audit_, clock());
    portal::PortalLinkOptions options;
    options.base_url = kBaseUrl;
    options.from = {"no-reply@vern.example", "Vern"};
    links_ = std::make_unique<portal::PortalLinkService>(db(), *audit_, clock(), doorbell_,
                                                         std::move(options));
    person_ = person("Kari", "kari@example.no", "nb");
  }

  portal::PortalLinkService& links() { return *links_; }
  privacy::PortalSettingsService& settings() { return *settings_; }

  long long person(const std::string& first_name, const std::string& email,
                   const std::string& language) {
    return CrmRows(db()).person({{"first_name", first_name},
                                 {"last_name", "Nordmann"},
                                 {"email", email},
                                 {"language", language}});
  }

  void name_organisation(const std::string& name) {
    privacy::PortalSettingsChanges changes;
    changes.organisation_name = name;
    settings().update(admin_, changes);
  }

  /// The text of every row of `table`: each listed column as text, NULL as "".
  std::string table_text(const std::string& table, const std::vector<std::string>& columns) {
    storage::DynamicQuery query("SELECT ");
    for (std::size_t i = 0; i < columns.size(); ++i) {
      query.append(i > 0 ? " || '|' || " : "").append("COALESCE(CAST(");
      query.append(columns[i]).append(" AS TEXT), '')");
    }
    query.append(" FROM ").append(table);
    std::string text;
    db().read([&](soci::session& session) {
      query.for_each_row(session, [&](const soci::row& row) {
        text.append(storage::get_text(row, 0)).append("\n");
      });
    });
    return text;
  }

  long long count(const std::string& table) {
    storage::DynamicQuery query("SELECT COUNT(*) FROM ");
    query.append(table);
    return db().read([&](soci::session& session) { return query.first_integer(session); });
  }

  std::vector<mail::OutboxMessage> link_mail() {
    mail::OutboxQuery query;
    query.limit = 100;
    const mail::OutboxStore outbox(db().dialect());
    auto listed = db().read([&](soci::session& session) { return outbox.list(session, query); });
    std::vector<mail::OutboxMessage> messages;
    for (const auto& message : listed) {
      messages.push_back(
          *db().read([&](soci::session& session) { return outbox.find(session, message.id); }));
    }
    return messages;
  }

  std::string token_of(long long person_id) { return portal_token_from_outbox(db(), person_id); }

  /// The plain text of a composed message: what follows its headers, decoded.
  static std::string text_of(const std::string& composed) {
    return decode_quoted_printable(composed.substr(composed.find("\r\n\r\n") + 4));
  }

  std::vector<audit::AuditEvent> audit_events(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    query.limit = 500;
    return audit_->list(admin_, query).items;
  }

  OpenedLink open_new_link() {
    links().send(user_, person_, std::nullopt);
    return links().open(token_of(person_), kClient);
  }

  const Actor user_{7, "kari.s", Role::kUser};
  const Actor admin_{9, "ada", Role::kAdmin};
  long long person_ = 0;

 private:
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<privacy::PortalSettingsService> settings_;
  mail::Doorbell doorbell_;
  std::unique_ptr<portal::PortalLinkService> links_;
};

TEST_P(PortalLinkServiceTest, TheTokenHas256BitsAndOnlyItsHashIsStored) {
  const PortalLink link = links().send(user_, person_, std::nullopt);
  const std::string token = token_of(person_);
  ASSERT_EQ(token.size(), 43U);  // 32 bytes, unpadded base64url
  const OpenedLink opened = links().open(token, kClient);
  ASSERT_EQ(opened.outcome, OpenedLink::Outcome::kOpened);

  const std::string links_text = table_text(
      "portal_links",
      {"id", "person_id", "token_hash", "sent_to", "language", "created_by", "revoked_by"});
  EXPECT_THAT(links_text, HasSubstr(crypto::sha256_hex(token)));
  EXPECT_THAT(links_text, Not(HasSubstr(token)));
  const std::string sessions_text = table_text("portal_sessions", {"token_hash", "csrf_token"});
  EXPECT_THAT(sessions_text, HasSubstr(crypto::sha256_hex(opened.session_token)));
  EXPECT_THAT(sessions_text, Not(HasSubstr(token)));
  EXPECT_THAT(sessions_text, Not(HasSubstr(opened.session_token)));
  const std::string audit_text =
      table_text("audit_events", {"actor", "action", "entity", "entity_id", "details"});
  EXPECT_THAT(audit_text, Not(HasSubstr(token)));
  EXPECT_THAT(audit_text, Not(HasSubstr(opened.session_token)));
  EXPECT_THAT(audit_text, Not(HasSubstr("kari@example.no")));  // nor the address
  EXPECT_THAT(table_text("outbox", {"kind", "sender", "recipient", "subject", "message_id",
                                    "last_error", "claimed_by"}),
              Not(HasSubstr(token)));
  EXPECT_EQ(link.sent_to, "kari@example.no");
}

TEST_P(PortalLinkServiceTest, TheLinkGoesOutByEMailInThePersonsLanguage) {
  name_organisation("Nordlys AS");
  const long long swede = person("Sven", "sven@example.se", "sv");
  const long long dane = person("Dorte", "dorte@example.dk", "da");
  const PortalLink norwegian = links().send(user_, person_, std::nullopt);
  links().send(user_, swede, std::nullopt);
  links().send(user_, dane, std::nullopt);

  const auto messages = link_mail();
  ASSERT_EQ(messages.size(), 3U);
  std::map<long long, mail::OutboxMessage> by_person;
  for (const auto& message : messages) {
    EXPECT_EQ(message.kind, "portal_link");
    EXPECT_EQ(message.status, mail::OutboxStatus::kQueued);
    EXPECT_FALSE(message.mailing_id.has_value());
    by_person[*message.person_id] = message;
  }
  const std::string expires = "2026-09-23T14:13:20Z";  // the test clock plus 48 hours
  ASSERT_EQ(format_rfc3339(norwegian.expires_at), expires);

  const auto& nb = by_person.at(person_);
  EXPECT_EQ(nb.recipient, "kari@example.no");
  EXPECT_EQ(nb.subject, "Dine personopplysninger hos Nordlys AS");
  const std::string nb_text = text_of(*nb.data);
  EXPECT_THAT(nb_text, HasSubstr("Hei Kari,"));
  EXPECT_THAT(nb_text, HasSubstr("personopplysningene Nordlys AS har om deg"));
  EXPECT_THAT(nb_text, HasSubstr("https://vern.example/p/" + token_of(person_) + "\r\n"));
  EXPECT_THAT(nb_text, HasSubstr("onsdag 23. september 2026 kl. 14.13 UTC"));
  EXPECT_THAT(*nb.data, HasSubstr("\r\nTo: \"Kari Nordmann\" <kari@example.no>\r\n"));

  const auto& sv = by_person.at(swede);
  EXPECT_EQ(sv.subject, "Dina personuppgifter hos Nordlys AS");
  const std::string sv_text = text_of(*sv.data);
  EXPECT_THAT(sv_text, HasSubstr("Hej Sven,"));
  EXPECT_THAT(sv_text, HasSubstr("onsdag 23 september 2026 kl. 14.13 UTC"));
  EXPECT_THAT(sv_text, HasSubstr("https://vern.example/p/" + token_of(swede)));

  const auto& en = by_person.at(dane);  // Danish is not one of the portal's: English
  EXPECT_EQ(en.subject, "Your personal data at Nordlys AS");
  const std::string en_text = text_of(*en.data);
  EXPECT_THAT(en_text, HasSubstr("Hello Dorte,"));
  EXPECT_THAT(en_text, HasSubstr("Wednesday 23 September 2026 at 14:13 UTC"));
  EXPECT_THAT(en_text, HasSubstr("https://vern.example/p/" + token_of(dane)));
  EXPECT_THAT(en_text, HasSubstr("\r\nNordlys AS\r\n"));  // signed by the organisation
}

TEST_P(PortalLinkServiceTest, WithoutAnOrganisationNameTheMailNamesVern) {
  links().send(user_, person_, std::nullopt);
  const auto messages = link_mail();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages.front().subject, "Dine personopplysninger hos Vern");
}

TEST_P(PortalLinkServiceTest, APersonWithoutEMailGetsNoLink) {
  const long long no_email = person("Ola", "", "nb");
  const Error error = error_from([&] { links().send(user_, no_email, std::nullopt); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), ElementsAre("email"));
  EXPECT_THAT(error.field_errors().front().message, HasSubstr("no e-mail address"));
  EXPECT_EQ(count("portal_links"), 0);
  EXPECT_EQ(count("outbox"), 0);
  EXPECT_THAT(audit_events("portal_link.create"), IsEmpty());
  EXPECT_TRUE(links().preview(user_, no_email).send_to.empty());
}

TEST_P(PortalLinkServiceTest, AnAddressMailCannotUseGetsNoLink) {
  const long long unusable = person("Kåre", "kåre@eksempel.no", "nb");
  const Error error = error_from([&] { links().send(user_, unusable, std::nullopt); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), ElementsAre("email"));
  EXPECT_EQ(count("portal_links"), 0);
  EXPECT_EQ(count("outbox"), 0);
}

TEST_P(PortalLinkServiceTest, UnknownPersonsAndLinksAreNotFound) {
  EXPECT_EQ(error_from([&] { links().send(user_, 999, std::nullopt); }).kind(),
            ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { links().list(user_, 999); }).kind(), ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { links().preview(user_, 999); }).kind(), ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { links().revoke(user_, 999); }).kind(), ErrorKind::kNotFound);
}

TEST_P(PortalLinkServiceTest, TheLifetimeComesFromTheSettingsUnlessGivenWithinBounds) {
  const UnixTime now = clock().now();
  EXPECT_EQ(links().send(user_, person_, std::nullopt).expires_at, now + 48 * kHour);
  privacy::PortalSettingsChanges changes;
  changes.link_lifetime_hours = 24;
  settings().update(admin_, changes);
  EXPECT_EQ(links().preview(user_, person_).lifetime_hours, 24);
  EXPECT_EQ(links().send(user_, person_, std::nullopt).expires_at, now + 24 * kHour);
  EXPECT_EQ(links().send(user_, person_, 1).expires_at, now + kHour);
  EXPECT_EQ(links().send(user_, person_, 720).expires_at, now + 720 * kHour);
  for (const int hours : {0, -5, 721}) {
    const Error error = error_from([&] { links().send(user_, person_, hours); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
    EXPECT_THAT(fields_of(error), ElementsAre("lifetime_hours"));
  }
  EXPECT_EQ(count("portal_links"), 4);
}

TEST_P(PortalLinkServiceTest, ANewLinkRevokesTheOlderOnesAndTheirSessions) {
  const OpenedLink first = open_new_link();
  ASSERT_EQ(first.outcome, OpenedLink::Outcome::kOpened);
  ASSERT_TRUE(links().session(first.session_token).has_value());
  const std::string first_token = token_of(person_);

  clock().advance(10);
  const PortalLink second = links().send(admin_, person_, std::nullopt);
  EXPECT_FALSE(links().session(first.session_token).has_value());
  EXPECT_EQ(links().open(first_token, kClient).outcome, OpenedLink::Outcome::kGone);

  const auto listed = links().list(user_, person_);
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0].id, second.id);  // newest first
  EXPECT_EQ(listed[0].status, PortalLink::Status::kActive);
  EXPECT_EQ(listed[1].status, PortalLink::Status::kRevoked);
  EXPECT_EQ(listed[1].revoked_by, "ada");
  EXPECT_EQ(listed[1].revoked_at, clock().now());
  EXPECT_EQ(listed[1].created_by, "kari.s");
  EXPECT_EQ(listed[1].created_by_user_id, 7);
  EXPECT_TRUE(listed[1].first_used_at.has_value());
  EXPECT_EQ(count("portal_sessions"), 0);

  const auto revocations = audit_events("portal_link.revoke");
  ASSERT_EQ(revocations.size(), 1U);
  EXPECT_EQ(revocations[0].person_id, person_);
  EXPECT_EQ(nlohmann::json::parse(revocations[0].details),
            (nlohmann::json{{"link_id", listed[1].id}, {"reason", "replaced"}}));
}

TEST_P(PortalLinkServiceTest, OpeningAUsableLinkStartsASessionThatLastsNoLongerThanTheLink) {
  const PortalLink link = links().send(user_, person_, 2);
  clock().advance(60);
  const OpenedLink opened = links().open(token_of(person_), kClient);
  ASSERT_EQ(opened.outcome, OpenedLink::Outcome::kOpened);
  EXPECT_EQ(opened.language, "nb");
  EXPECT_EQ(opened.session_token.size(), 43U);
  EXPECT_EQ(opened.session.person_id, person_);
  EXPECT_EQ(opened.session.link_id, link.id);
  EXPECT_EQ(opened.session.expires_at, link.expires_at);
  EXPECT_FALSE(opened.session.csrf_token.empty());

  const auto session = links().session(opened.session_token);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->person_id, person_);
  EXPECT_EQ(session->csrf_token, opened.session.csrf_token);
  const auto used = links().list(user_, person_).front();
  EXPECT_EQ(used.first_used_at, clock().now());
  EXPECT_EQ(used.last_used_at, clock().now());

  const auto opens = audit_events("portal.open");
  ASSERT_EQ(opens.size(), 1U);
  EXPECT_EQ(opens[0].actor, "portal");
  EXPECT_EQ(opens[0].actor_user_id, 0);
  EXPECT_EQ(opens[0].person_id, person_);

  clock().set(link.expires_at);
  EXPECT_FALSE(links().session(opened.session_token).has_value());
  EXPECT_EQ(links().open(token_of(person_), kClient).outcome, OpenedLink::Outcome::kGone);
}

TEST_P(PortalLinkServiceTest, UnknownExpiredAndRevokedTokensOpenNothing) {
  EXPECT_EQ(links().open(crypto::random_token(), kClient).outcome, OpenedLink::Outcome::kUnknown);
  EXPECT_EQ(links().open("", kClient).outcome, OpenedLink::Outcome::kUnknown);

  const PortalLink link = links().send(user_, person_, std::nullopt);
  const std::string token = token_of(person_);
  clock().advance(48 * kHour);
  const OpenedLink expired = links().open(token, kClient);
  EXPECT_EQ(expired.outcome, OpenedLink::Outcome::kGone);
  EXPECT_EQ(expired.language, "nb");
  EXPECT_TRUE(expired.session_token.empty());

  links().send(user_, person_, std::nullopt);
  const std::string fresh = token_of(person_);
  links().revoke(user_, links().list(user_, person_).front().id);
  EXPECT_EQ(links().open(fresh, kClient).outcome, OpenedLink::Outcome::kGone);
  EXPECT_EQ(count("portal_sessions"), 0);

  const auto refused = audit_events("portal.open_refused");
  ASSERT_EQ(refused.size(), 2U);
  EXPECT_EQ(nlohmann::json::parse(refused[0].details).at("reason"), "revoked");
  EXPECT_EQ(nlohmann::json::parse(refused[1].details).at("reason"), "expired");
  EXPECT_EQ(refused[1].entity_id, std::to_string(link.id));
}

TEST_P(PortalLinkServiceTest, RevokingEndsTheSessionsAtOnceAndTwiceIsHarmless) {
  const OpenedLink opened = open_new_link();
  ASSERT_EQ(opened.outcome, OpenedLink::Outcome::kOpened);
  const long long link_id = opened.session.link_id;
  links().revoke(user_, link_id);
  EXPECT_FALSE(links().session(opened.session_token).has_value());
  links().revoke(admin_, link_id);
  const auto listed = links().list(user_, person_);
  EXPECT_EQ(listed.front().status, PortalLink::Status::kRevoked);
  EXPECT_EQ(listed.front().revoked_by, "kari.s");  // the first revocation stands
  const auto revocations = audit_events("portal_link.revoke");
  ASSERT_EQ(revocations.size(), 1U);
  EXPECT_EQ(revocations[0].actor, "kari.s");
  EXPECT_EQ(revocations[0].entity_id, std::to_string(link_id));
}

TEST_P(PortalLinkServiceTest, TheLastUseIsRecordedAtMostOnceAMinute) {
  const OpenedLink opened = open_new_link();
  const UnixTime opened_at = clock().now();
  clock().advance(30);
  ASSERT_TRUE(links().session(opened.session_token).has_value());
  EXPECT_EQ(links().list(user_, person_).front().last_used_at, opened_at);
  clock().advance(31);
  ASSERT_TRUE(links().session(opened.session_token).has_value());
  const auto link = links().list(user_, person_).front();
  EXPECT_EQ(link.last_used_at, clock().now());
  EXPECT_EQ(link.first_used_at, opened_at);
}

TEST_P(PortalLinkServiceTest, EndingASessionLogsOut) {
  const OpenedLink opened = open_new_link();
  links().end_session(opened.session_token);
  EXPECT_FALSE(links().session(opened.session_token).has_value());
  links().end_session(opened.session_token);  // again: nothing
  links().end_session("");
  EXPECT_FALSE(links().session("").has_value());
  const auto logouts = audit_events("portal.logout");
  ASSERT_EQ(logouts.size(), 1U);
  EXPECT_EQ(logouts[0].person_id, person_);
  // The link still works: the subject may open it again.
  EXPECT_EQ(links().open(token_of(person_), kClient).outcome, OpenedLink::Outcome::kOpened);
}

TEST_P(PortalLinkServiceTest, RepeatedBadTokensFromOneAddressAreThrottled) {
  links().send(user_, person_, std::nullopt);
  const std::string token = token_of(person_);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(links().open(crypto::random_token(), kClient).outcome, OpenedLink::Outcome::kUnknown);
  }
  // Even the right token is refused now, from that address only.
  EXPECT_EQ(error_from([&] { links().open(token, kClient); }).kind(), ErrorKind::kThrottled);
  EXPECT_EQ(links().open(token, "198.51.100.1").outcome, OpenedLink::Outcome::kOpened);
  // Failed logins from the address are counted apart: its bad tokens do not lock staff out.
  clock().advance(15 * 60 + 1);
  EXPECT_EQ(links().open(token, kClient).outcome, OpenedLink::Outcome::kOpened);
}

TEST_P(PortalLinkServiceTest, EveryStaffStepIsAudited) {
  const PortalLink link = links().send(user_, person_, 12);
  links().list(user_, person_);
  links().preview(user_, person_);
  links().revoke(user_, link.id);
  const auto created = audit_events("portal_link.create");
  ASSERT_EQ(created.size(), 1U);
  EXPECT_EQ(created[0].person_id, person_);
  EXPECT_EQ(created[0].entity, "portal_link");
  EXPECT_EQ(nlohmann::json::parse(created[0].details),
            (nlohmann::json{{"link_id", link.id}, {"lifetime_hours", 12}}));
  EXPECT_EQ(audit_events("portal_link.list").size(), 1U);
  EXPECT_EQ(audit_events("portal_link.preview").size(), 1U);
  EXPECT_EQ(audit_events("portal_link.revoke").size(), 1U);
}

TEST_P(PortalLinkServiceTest, ASentLinkMailLosesItsContentAtOnce) {
  links().send(user_, person_, std::nullopt);
  const UnixTime now = clock().now();
  mail::NewOutboxMessage other;
  other.kind = "mailing";
  other.sender = "no-reply@vern.example";
  other.recipient = "ola@example.no";
  other.subject = "News";
  other.message_id = "x@vern.example";
  other.data = "Subject: News\r\n\r\nHello\r\n";
  const mail::OutboxStore outbox(db().dialect());
  db().write([&](soci::session& session) { outbox.enqueue(session, {other}, now); });
  db().write([&](soci::session& session) {
    const auto claimed = outbox.claim(session, "worker", now, now + 300, 10);
    ASSERT_EQ(claimed.size(), 2U);
    std::vector<mail::DeliveryResult> results;
    for (const auto& message : claimed) {
      results.push_back({message.id, mail::DeliveryResult::Outcome::kSent, 0, ""});
    }
    outbox.complete(session, "worker", results, now);
  });
  for (const auto& message : link_mail()) {
    EXPECT_EQ(message.status, mail::OutboxStatus::kSent);
    EXPECT_EQ(message.data.has_value(), message.kind == "mailing") << message.kind;
  }
  EXPECT_EQ(token_of(person_), "");
}

INSTANTIATE_TEST_SUITE_P(Databases, PortalLinkServiceTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
