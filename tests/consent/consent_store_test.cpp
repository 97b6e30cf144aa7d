#include "consent/consent_store.hpp"

#include <gtest/gtest.h>

#include "query/crm_rows.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::consent {
namespace {

class ConsentStoreTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    vern::testing::CrmRows rows(db());
    kari_ = rows.person({{"first_name", "Kari"}});
    db().write([&](soci::session& session) {
      ConsentType type;
      type.key = "newsletter";
      type.names = type.purposes = {"Newsletter", "Nyhetsbrev", "Nyhetsbrev"};
      type.created_at = type.updated_at = 1;
      type_id_ = store_.insert_type(session, type);
      ConsentEvent event;
      event.person_id = kari_;
      event.granted = true;
      event.text_version = 1;
      event.actor = "test";
      event.occurred_at = 5;
      event_id_ = store_.append_event(session, type_id_, event);
    });
  }

  long long count(const std::string& sql) {
    return db().read([&](soci::session& session) {
      long long n = 0;
      session << sql, soci::into(n);
      return n;
    });
  }

  ConsentStore store_;
  long long kari_ = 0;
  long long type_id_ = 0;
  long long event_id_ = 0;
};

TEST_P(ConsentStoreTest, TheDatabaseRefusesToChangeOrDeleteAnEvent) {
  const std::string id = std::to_string(event_id_);
  EXPECT_THROW(db().write([&](soci::session& session) {
    session << "UPDATE consent_events SET granted = 0 WHERE id = " + id;
  }),
               soci::soci_error);
  EXPECT_THROW(db().write([&](soci::session& session) {
    session << "DELETE FROM consent_events WHERE id = " + id;
  }),
               soci::soci_error);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consent_events WHERE granted = 1"), 1);
}

TEST_P(ConsentStoreTest, AnEventGoesOnlyWithItsPerson) {
  db().write([&](soci::session& session) {
    session << "DELETE FROM persons WHERE id = " + std::to_string(kari_);
  });
  EXPECT_EQ(count("SELECT COUNT(*) FROM consent_events"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM person_consents"), 0);
}

TEST_P(ConsentStoreTest, TheCurrentStateFollowsTheLatestEvent) {
  db().write([&](soci::session& session) {
    ConsentEvent withdrawal;
    withdrawal.person_id = kari_;
    withdrawal.granted = false;
    withdrawal.text_version = 1;
    withdrawal.actor = "test";
    store_.append_event(session, type_id_, withdrawal);
  });
  const auto latest =
      db().read([&](soci::session& session) { return store_.latest_of(session, kari_); });
  ASSERT_EQ(latest.count("newsletter"), 1U);
  EXPECT_FALSE(latest.at("newsletter").granted);
  EXPECT_EQ(count("SELECT COUNT(*) FROM person_consents"), 1);
  const auto counts =
      db().read([&](soci::session& session) { return store_.state_counts(session); });
  ASSERT_EQ(counts.size(), 1U);
  EXPECT_EQ(counts[0].granted, 0);
  EXPECT_EQ(counts[0].withdrawn, 1);
  EXPECT_EQ(counts[0].none, 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, ConsentStoreTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::consent
