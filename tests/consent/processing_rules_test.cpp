#include "consent/processing_rules.hpp"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "consent/consent_store.hpp"
#include "query/crm_rows.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::consent {
namespace {

class BulkRulesTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    vern::testing::CrmRows rows(db());
    const auto person = [&](const std::string& name, const std::string& email) {
      const long long id = rows.person({{"first_name", name}, {"email", email}});
      ids_[id] = name;
      return id;
    };
    const long long a = person("a", "a@example.no");
    const long long b = person("b", "");
    const long long c = person("c", "c@example.no");
    const long long d = person("d", "d@example.no");
    person("e", "e@example.no");
    const long long f = person("f", "f@example.no");
    const long long g = person("g", "");
    rows.execute("UPDATE persons SET processing_restricted = 1 WHERE id IN (" + std::to_string(c) +
                 ", " + std::to_string(g) + ")");
    rows.execute("UPDATE persons SET objects_to_direct_marketing = 1 WHERE id = " +
                 std::to_string(d));
    db().write([&](soci::session& session) {
      const ConsentStore store;
      ConsentType type;
      type.key = "newsletter";
      type.names = type.purposes = {"x", "x", "x"};
      const long long newsletter = store.insert_type(session, type);
      for (const long long id : {a, b, c, d, f}) {
        ConsentEvent event;
        event.person_id = id;
        event.granted = true;
        event.text_version = 1;
        event.actor = "test";
        store.append_event(session, newsletter, event);
        if (id == f) {
          event.granted = false;  // f withdrew again
          store.append_event(session, newsletter, event);
        }
      }
    });
  }

  std::string names(const storage::DynamicQuery& query) {
    std::string found;
    db().read([&](soci::session& session) {
      query.for_each_row(
          session, [&](const soci::row& row) { found += ids_.at(storage::get_int64(row, 0)); });
    });
    return found;
  }
  std::string included(const BulkRules& rules) {
    storage::DynamicQuery query("SELECT p.id FROM persons p WHERE ");
    rules.append_included(query);
    return names(query.append(" ORDER BY p.first_name"));
  }
  std::string excluded(const BulkRules& rules, Exclusion reason) {
    storage::DynamicQuery query("SELECT p.id FROM persons p WHERE ");
    rules.append_excluded_for(query, reason);
    return names(query.append(" ORDER BY p.first_name"));
  }

  std::map<long long, std::string> ids_;
};

TEST_P(BulkRulesTest, MarketingReachesOnlyWillingReachablePersons) {
  const BulkRules rules(BulkPurpose::kMarketing, "newsletter");
  EXPECT_EQ(included(rules), "a");
  EXPECT_EQ(excluded(rules, Exclusion::kNoEmail), "bg");
  EXPECT_EQ(excluded(rules, Exclusion::kRestricted), "c");
  EXPECT_EQ(excluded(rules, Exclusion::kObjects), "d");
  EXPECT_EQ(excluded(rules, Exclusion::kNoConsent), "ef");
}

TEST_P(BulkRulesTest, ServiceMessagesLeaveOutRestrictedPersons) {
  const BulkRules rules(BulkPurpose::kService, std::nullopt);
  EXPECT_EQ(included(rules), "adef");
  EXPECT_EQ(excluded(rules, Exclusion::kNoEmail), "bg");
  EXPECT_EQ(excluded(rules, Exclusion::kRestricted), "c");
  EXPECT_EQ(excluded(rules, Exclusion::kObjects), "");
  EXPECT_EQ(excluded(rules, Exclusion::kNoConsent), "");
}

TEST_P(BulkRulesTest, BreachNotificationsReachEveryoneWithAnAddressButTheRestricted) {
  const BulkRules rules(BulkPurpose::kBreach, std::nullopt);
  EXPECT_EQ(included(rules), "adef");
  EXPECT_EQ(excluded(rules, Exclusion::kNoEmail), "bg");
  EXPECT_EQ(excluded(rules, Exclusion::kRestricted), "c");
  EXPECT_EQ(excluded(rules, Exclusion::kObjects), "");
}

TEST_P(BulkRulesTest, MarketingWithAnUnknownConsentTypeReachesNoOne) {
  EXPECT_EQ(included(BulkRules(BulkPurpose::kMarketing, "no_such_type")), "");
  EXPECT_EQ(included(BulkRules(BulkPurpose::kMarketing, std::nullopt)), "");
}

INSTANTIATE_TEST_SUITE_P(Databases, BulkRulesTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::consent
