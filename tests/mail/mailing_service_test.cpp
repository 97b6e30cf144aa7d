#include "mail/mailing_service.hpp"

#include <map>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "consent/consent_store.hpp"
#include "mail/outbox.hpp"
#include "query/crm_rows.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::mail {
namespace {

using ::testing::HasSubstr;

class MailingServiceTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    saved_filters_ = std::make_unique<query::SavedFilterService>(db(), *audit_, clock());
    service_ =
        std::make_unique<MailingService>(db(), *audit_, clock(), *saved_filters_, doorbell_,
                                         MailSettings{Mailbox{"post@vern.example", "Vern CRM"}});
    vern::testing::CrmRows rows(db());
    rows.execute(
        "INSERT INTO users (id, username, display_name, role, password_hash, created_at,"
        " updated_at) VALUES (7, 'kari', 'Kari', 'user', 'x', 0, 0)");
    const auto person = [&](const std::string& name, const std::string& email,
                            const std::string& city = "Bergen") {
      const long long id = rows.person({{"first_name", name},
                                        {"last_name", "Nordmann"},
                                        {"email", email},
                                        {"city", city},
                                        {"language", "nb"}});
      names_[id] = name;
      return id;
    };
    granted_ = person("Astrid", "astrid@example.no", "Oslo");
    const long long no_email = person("Bjørn", "");
    const long long restricted = person("Cecilie", "cecilie@example.no");
    const long long objecting = person("Dag", "dag@example.no", "Oslo");
    unconsented_ = person("Eva", "eva@example.no", "Oslo");
    const long long withdrawn = person("Frode", "frode@example.no");
    rows.execute("UPDATE persons SET processing_restricted = 1 WHERE id = " +
                 std::to_string(restricted));
    rows.execute("UPDATE persons SET objects_to_direct_marketing = 1 WHERE id = " +
                 std::to_string(objecting));
    db().write([&](soci::session& session) {
      const consent::ConsentStore store;
      consent::ConsentType type;
      type.key = "newsletter";
      type.names = type.purposes = {"News", "Nytt", "Nytt"};
      type.active = true;
      const long long newsletter = store.insert_type(session, type);
      for (const long long id : {granted_, no_email, restricted, objecting, withdrawn}) {
        consent::ConsentEvent event;
        event.person_id = id;
        event.granted = true;
        event.text_version = 1;
        event.actor = "test";
        store.append_event(session, newsletter, event);
        if (id == withdrawn) {
          event.granted = false;
          store.append_event(session, newsletter, event);
        }
      }
    });
  }

  MailingDraft marketing() {
    MailingDraft draft;
    draft.name = "Winter news";
    draft.purpose = consent::BulkPurpose::kMarketing;
    draft.consent_type = "newsletter";
    draft.subject = "Hei {{first_name}}!";
    draft.body =
        "Kjære {{name}},\nVelkommen til {{city}}.{{#email}} Vi skriver til {{email}}.{{/email}}\n";
    return draft;
  }

  std::map<std::string, long long> excluded(const Mailing& mailing) {
    std::map<std::string, long long> counts;
    for (const auto& [reason, count] : mailing.audience.excluded) {
      counts[std::string(consent::to_string(reason))] = count;
    }
    return counts;
  }

  /// Expands the mailing as the mail workers do, in batches of `batch`.
  void expand_all(int batch) {
    while (service_->expand_next(batch).has_value()) {
    }
  }

  long long count(const std::string& sql) {
    return db().read([&](soci::session& session) {
      long long value = 0;
      storage::DynamicQuery(sql).for_each_row(
          session, [&](const soci::row& row) { value = storage::get_int64(row, 0); });
      return value;
    });
  }

  const Actor staff_{7, "kari", Role::kUser};
  const Actor officer_{8, "personvern", Role::kPrivacyOfficer};
  Doorbell doorbell_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<query::SavedFilterService> saved_filters_;
  std::unique_ptr<MailingService> service_;
  std::map<long long, std::string> names_;
  long long granted_ = 0;
  long long unconsented_ = 0;
};

TEST_P(MailingServiceTest, MarketingReachesOnlyGrantedConsentsAndCountsEachExclusionOnce) {
  const Mailing mailing = service_->create(staff_, marketing());
  EXPECT_EQ(mailing.status, MailingStatus::kDraft);
  EXPECT_EQ(mailing.audience.included, 1);
  EXPECT_EQ(excluded(mailing),
            (std::map<std::string, long long>{
                {"no_email", 1}, {"restricted", 1}, {"objects", 1}, {"no_consent", 2}}));
}

TEST_P(MailingServiceTest, ServiceMailingsLeaveOutOnlyMissingAddressesAndRestrictedPersons) {
  MailingDraft draft = marketing();
  draft.purpose = consent::BulkPurpose::kService;
  draft.consent_type.reset();
  const Mailing mailing = service_->create(staff_, draft);
  EXPECT_EQ(mailing.audience.included, 4);
  EXPECT_EQ(excluded(mailing),
            (std::map<std::string, long long>{{"no_email", 1}, {"restricted", 1}}));
}

TEST_P(MailingServiceTest, AFilterNarrowsTheAudience) {
  MailingDraft draft = marketing();
  draft.purpose = consent::BulkPurpose::kService;
  draft.consent_type.reset();
  draft.filter = nlohmann::json{{"field", "city"}, {"op", "eq"}, {"value", "Oslo"}};
  const Mailing mailing = service_->create(staff_, draft);
  EXPECT_EQ(mailing.audience.included, 3);  // Astrid, Dag and Eva live in Oslo
}

TEST_P(MailingServiceTest, BreachMailingsAreForPrivacyOfficers) {
  MailingDraft draft = marketing();
  draft.purpose = consent::BulkPurpose::kBreach;
  draft.consent_type.reset();
  EXPECT_EQ(vern::testing::error_from([&] { service_->create(staff_, draft); }).kind(),
            ErrorKind::kForbidden);
  EXPECT_EQ(service_->create(officer_, draft).audience.included, 4);
}

TEST_P(MailingServiceTest, BadDraftsAreRefusedNamingEachField) {
  MailingDraft draft = marketing();
  draft.name = " ";
  draft.consent_type.reset();
  draft.subject = "Hei {{fornavn}}";
  draft.body = "{{#vip}}unclosed";
  try {
    service_->create(staff_, draft);
    FAIL() << "accepted";
  } catch (const Error& error) {
    std::set<std::string> fields;
    for (const auto& field_error : error.field_errors()) {
      fields.insert(field_error.field);
    }
    EXPECT_EQ(fields, (std::set<std::string>{"name", "consent_type", "subject", "body"}));
  }
  draft = marketing();
  draft.body = "Invalid \xff UTF-8";
  EXPECT_EQ(
      vern::testing::fields_of(vern::testing::error_from([&] { service_->create(staff_, draft); })),
      std::vector<std::string>{"body"});
  draft = marketing();
  draft.consent_type = "no_such_type";
  EXPECT_EQ(vern::testing::error_from([&] { service_->create(staff_, draft); }).kind(),
            ErrorKind::kInvalid);
  draft = marketing();
  draft.purpose = consent::BulkPurpose::kService;  // a consent type only for marketing
  EXPECT_EQ(vern::testing::error_from([&] { service_->create(staff_, draft); }).kind(),
            ErrorKind::kInvalid);
  draft = marketing();
  draft.body = "Your link: {{portal_link}}";
  EXPECT_EQ(vern::testing::error_from([&] { service_->create(staff_, draft); }).kind(),
            ErrorKind::kInvalid);
  draft = marketing();
  draft.filter = nlohmann::json{{"field", "no_such_field"}, {"op", "eq"}, {"value", "x"}};
  EXPECT_EQ(vern::testing::error_from([&] { service_->create(staff_, draft); }).kind(),
            ErrorKind::kInvalid);
}

TEST_P(MailingServiceTest, PreviewRendersForTheFirstRecipientOrAGivenPersonAndIsAudited) {
  const Mailing mailing = service_->create(staff_, marketing());
  const MailingPreview first = service_->preview(staff_, mailing.id, std::nullopt);
  EXPECT_EQ(first.person_id, granted_);
  EXPECT_EQ(first.to, "astrid@example.no");
  EXPECT_EQ(first.subject, "Hei Astrid!");
  EXPECT_EQ(first.body,
            "Kjære Astrid Nordmann,\nVelkommen til Oslo. Vi skriver til astrid@example.no.\n");
  EXPECT_TRUE(first.included);
  const MailingPreview other = service_->preview(staff_, mailing.id, unconsented_);
  EXPECT_EQ(other.subject, "Hei Eva!");
  EXPECT_FALSE(other.included);
  EXPECT_EQ(
      vern::testing::error_from([&] { service_->preview(staff_, mailing.id, 999'999); }).kind(),
      ErrorKind::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'mailing.preview'"
                  " AND person_id = " +
                  std::to_string(granted_)),
            1);
}

TEST_P(MailingServiceTest, SendingQueuesOneMessageANoteAndAnAuditEventPerRecipient) {
  MailingDraft draft = marketing();
  draft.purpose = consent::BulkPurpose::kService;
  draft.consent_type.reset();
  const Mailing created = service_->create(staff_, draft);
  const Mailing sending = service_->send(staff_, created.id);
  EXPECT_EQ(sending.status, MailingStatus::kQueuing);
  EXPECT_EQ(sending.audience.included, 4);
  EXPECT_EQ(vern::testing::error_from([&] { service_->send(staff_, created.id); }).kind(),
            ErrorKind::kConflict);
  EXPECT_EQ(vern::testing::error_from([&] { service_->remove(staff_, created.id); }).kind(),
            ErrorKind::kConflict);

  expand_all(3);  // two batches, the second short
  const Mailing queued = service_->get(staff_, created.id);
  EXPECT_EQ(queued.status, MailingStatus::kSending);
  EXPECT_EQ(queued.total, 4);
  EXPECT_EQ(queued.waiting, 4);
  EXPECT_EQ(excluded(queued),
            (std::map<std::string, long long>{{"no_email", 1}, {"restricted", 1}}));

  const OutboxStore outbox(db().dialect());
  const auto messages = db().read([&](soci::session& session) {
    return outbox.list(session, OutboxQuery{std::nullopt, created.id, std::nullopt, 100});
  });
  ASSERT_EQ(messages.size(), 4U);
  std::set<std::string> recipients;
  for (const auto& message : messages) {
    recipients.insert(message.recipient);
    EXPECT_EQ(message.sender, "post@vern.example");
    EXPECT_EQ(message.subject, "Hei " + names_.at(*message.person_id) + "!");
    const auto full =
        db().read([&](soci::session& session) { return outbox.find(session, message.id); });
    ASSERT_TRUE(full->data.has_value());
    EXPECT_THAT(*full->data, HasSubstr("From: \"Vern CRM\" <post@vern.example>\r\n"));
    EXPECT_THAT(*full->data, HasSubstr("To: \"" + names_.at(*message.person_id) + " Nordmann\" <" +
                                       message.recipient + ">\r\n"));
  }
  EXPECT_EQ(recipients, (std::set<std::string>{"astrid@example.no", "dag@example.no",
                                               "eva@example.no", "frode@example.no"}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM history WHERE type = 'email' AND author = 'kari'"), 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'mailing.recipient'"
                  " AND person_id IS NOT NULL"),
            4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM history WHERE person_id = " + std::to_string(granted_) +
                  " AND text LIKE 'Mailing%Winter news%Hei Astrid!'"),
            1);

  // Delivered: the mailing is done once nothing is left to send.
  service_->finish_done();
  EXPECT_EQ(service_->get(staff_, created.id).status, MailingStatus::kSending);
  db().write([&](soci::session& session) {
    const auto claimed = outbox.claim(session, "w", clock().now(), clock().now() + 60, 100);
    std::vector<DeliveryResult> results;
    for (const auto& message : claimed) {
      results.push_back({message.id, DeliveryResult::Outcome::kSent, 0, ""});
    }
    outbox.complete(session, "w", results, clock().now());
  });
  service_->finish_done();
  const Mailing done = service_->get(staff_, created.id);
  EXPECT_EQ(done.status, MailingStatus::kDone);
  EXPECT_EQ(done.sent, 4);
  EXPECT_TRUE(done.finished_at.has_value());
}

TEST_P(MailingServiceTest, ADraftCanChangeAndBeDeletedAndASavedFilterIsCopiedIn) {
  const auto saved = saved_filters_->create(
      staff_, "Oslo", nlohmann::json{{"field", "city"}, {"op", "eq"}, {"value", "Oslo"}}, false);
  MailingDraft draft = marketing();
  draft.purpose = consent::BulkPurpose::kService;
  draft.consent_type.reset();
  draft.saved_filter_id = saved.id;
  const Mailing created = service_->create(staff_, draft);
  EXPECT_EQ(created.audience.included, 3);
  ASSERT_TRUE(created.draft.filter.has_value());
  EXPECT_EQ((*created.draft.filter)["value"], "Oslo");
  MailingChanges changes;
  changes.name = "Renamed";
  changes.audience = std::pair(std::nullopt, std::nullopt);  // everyone
  const Mailing changed = service_->change(staff_, created.id, changes);
  EXPECT_EQ(changed.draft.name, "Renamed");
  EXPECT_EQ(changed.audience.included, 4);
  service_->remove(staff_, created.id);
  EXPECT_EQ(vern::testing::error_from([&] { service_->get(staff_, created.id); }).kind(),
            ErrorKind::kNotFound);
}

TEST_P(MailingServiceTest, AnEmptyAudienceFinishesAtOnce) {
  MailingDraft draft = marketing();
  draft.filter = nlohmann::json{{"field", "city"}, {"op", "eq"}, {"value", "Tromsø"}};
  const Mailing created = service_->create(staff_, draft);
  EXPECT_EQ(created.audience.included, 0);
  service_->send(staff_, created.id);
  expand_all(10);
  service_->finish_done();
  const Mailing done = service_->get(staff_, created.id);
  EXPECT_EQ(done.status, MailingStatus::kDone);
  EXPECT_EQ(done.total, 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, MailingServiceTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::mail
