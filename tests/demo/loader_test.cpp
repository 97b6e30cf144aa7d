#include "demo/loader.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "common/validation.hpp"
#include "crm/field_service.hpp"
#include "crm/person_service.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using ::testing::ElementsAre;

constexpr long long kPersons = 600;

long long count(storage::Database& database, const std::string& sql) {
  return database.read([&sql](soci::session& session) {
    long long result = 0;
    session << sql, soci::into(result);
    return result;
  });
}

/// The first persons as "first|last|email|city|birth date" lines, by id.
std::vector<std::string> first_persons(storage::Database& database, int limit) {
  std::vector<std::string> lines;
  database.read([&](soci::session& session) {
    soci::rowset<soci::row> rows =
        session.prepare << "SELECT first_name, last_name, email, city, birth_date FROM persons "
                           "ORDER BY id LIMIT " +
                               std::to_string(limit);
    for (const soci::row& row : rows) {
      std::string line;
      for (std::size_t column = 0; column < 5; ++column) {
        line += storage::get_text(row, column) + "|";
      }
      lines.push_back(line);
    }
  });
  return lines;
}

std::vector<std::string> audit_details(storage::Database& database, const std::string& action) {
  std::vector<std::string> details;
  database.read([&](soci::session& session) {
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT details FROM audit_events WHERE action = :action ORDER BY id",
         soci::use(action));
    for (const soci::row& row : rows) {
      details.push_back(storage::get_text(row, 0));
    }
  });
  return details;
}

class DemoLoaderTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
  }

  demo::DemoSummary load(storage::Database& database, long long persons, std::uint64_t seed) {
    audit::AuditLog audit(database, clock());
    demo::DemoLoader loader(database, audit, clock());
    return loader.load(admin_, {persons, seed});
  }
  demo::DemoSummary load(long long persons, std::uint64_t seed) {
    return load(db(), persons, seed);
  }

  Actor admin_ = Actor::system("cli");
  std::unique_ptr<audit::AuditLog> audit_;
};

TEST_P(DemoLoaderTest, WritesWhatItReportsWithOneAuditEvent) {
  std::vector<long long> progress;
  demo::DemoLoader loader(db(), *audit_, clock());
  const auto summary = loader.load(admin_, {kPersons, 1}, [&](long long done, long long total) {
    EXPECT_EQ(total, kPersons);
    progress.push_back(done);
  });
  EXPECT_EQ(progress.back(), kPersons);
  EXPECT_EQ(summary.existing_persons, 0);
  EXPECT_EQ(summary.persons, kPersons);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM persons"), kPersons);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM companies"), summary.companies);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM history"), summary.history);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM activities"), summary.activities);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM participants"), summary.participants);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM person_values"), summary.values);
  EXPECT_EQ(summary.companies, 5);
  EXPECT_EQ(summary.activities, 12);
  EXPECT_GT(summary.history, kPersons / 2);
  EXPECT_GT(summary.participants, 0);
  EXPECT_GT(summary.values, kPersons);
  EXPECT_THAT(summary.fields_created, ElementsAre("customer_status", "interests"));
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM consent_events"), summary.consent_events);
  EXPECT_GT(summary.consent_events, 0);

  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM audit_events"), 1);
  const auto details = nlohmann::json::parse(audit_details(db(), "demo.load").at(0));
  EXPECT_EQ(details["persons"], kPersons);
  EXPECT_EQ(details["history"], summary.history);
  EXPECT_EQ(details["seed"], 1);
  EXPECT_TRUE(audit_->verify().intact);
}

TEST_P(DemoLoaderTest, TheSameSeedGivesTheSameDataAndAnotherSeedOtherData) {
  load(kPersons, 11);
  TestDatabase same(GetParam());
  load(same.database(), kPersons, 11);
  TestDatabase other(GetParam());
  load(other.database(), kPersons, 12);

  const auto first = first_persons(db(), 50);
  ASSERT_EQ(first.size(), 50U);
  EXPECT_EQ(first, first_persons(same.database(), 50));
  EXPECT_NE(first, first_persons(other.database(), 50));
  const std::string histories = "SELECT COUNT(*) FROM history";
  EXPECT_EQ(count(db(), histories), count(same.database(), histories));
}

TEST_P(DemoLoaderTest, EveryReferenceHoldsAndEveryValueIsValid) {
  load(kPersons, 3);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM persons p WHERE p.company_id IS NOT NULL AND NOT "
                  "EXISTS (SELECT 1 FROM companies c WHERE c.id = p.company_id)"),
            0);
  EXPECT_GT(count(db(), "SELECT COUNT(*) FROM persons WHERE company_id IS NOT NULL"), 0);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM persons p JOIN companies c ON c.id = p.company_id "
                  "WHERE c.country <> p.country"),
            0);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM history h WHERE NOT EXISTS (SELECT 1 FROM persons "
                  "p WHERE p.id = h.person_id)"),
            0);
  EXPECT_EQ(count(db(), "SELECT COUNT(DISTINCT email) FROM persons"), kPersons);
  // Consents: two types; each person's current state is their latest event, and a withdrawal
  // always follows a grant.
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM consent_types"), 2);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM person_consents c JOIN consent_events e ON e.id = "
                  "c.event_id WHERE e.id <> (SELECT MAX(id) FROM consent_events l WHERE "
                  "l.person_id = c.person_id AND l.consent_type_id = c.consent_type_id)"),
            0);
  EXPECT_EQ(count(db(),
                  "SELECT COUNT(*) FROM consent_events w WHERE w.granted = 0 AND NOT EXISTS "
                  "(SELECT 1 FROM consent_events g WHERE g.person_id = w.person_id AND "
                  "g.consent_type_id = w.consent_type_id AND g.granted = 1 AND g.id < w.id)"),
            0);
  EXPECT_GT(count(db(), "SELECT COUNT(*) FROM person_consents WHERE granted = 0"), 0);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM person_values WHERE field_key = 'customer_status'"),
            kPersons);

  // Read back through the person service: the values pass the same validation as any write.
  crm::PersonService persons(db(), *audit_, clock());
  crm::FieldService fields(db(), *audit_, clock());
  const auto definitions = fields.list(admin_);
  for (long long id = 1; id <= 40; ++id) {
    const crm::Person person = persons.get(admin_, id);
    EXPECT_TRUE(validation::is_email(person.email)) << person.email;
    EXPECT_TRUE(person.custom.contains("customer_status"));
    for (const auto& field : definitions) {
      if (field.key == "language") {
        EXPECT_TRUE(field.has_option(person.language)) << person.language;
      }
      if (field.key == "interests" && person.custom.contains("interests")) {
        for (const auto& interest : person.custom["interests"]) {
          EXPECT_TRUE(field.has_option(interest.get<std::string>()));
        }
      }
    }
  }
}

TEST_P(DemoLoaderTest, ADatabaseWithPersonsGetsNothingMore) {
  const auto first = load(kPersons, 1);
  const long long events = count(db(), "SELECT COUNT(*) FROM audit_events");
  const auto second = load(kPersons, 2);
  EXPECT_EQ(second.existing_persons, kPersons);
  EXPECT_EQ(second.persons, 0);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM persons"), kPersons);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM companies"), first.companies);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM activities"), first.activities);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM audit_events"), events);
}

TEST_P(DemoLoaderTest, AFieldWithTheSameKeyButAnotherTypeIsLeftAlone) {
  crm::FieldService fields(db(), *audit_, clock());
  fields.create(admin_, {"interests", crm::FieldType::kText, {"Interests", "", ""}, {}});
  const auto summary = load(200, 1);
  EXPECT_THAT(summary.fields_created, ElementsAre("customer_status"));
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM person_values WHERE field_key = 'interests'"), 0);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM persons"), 200);
}

TEST_P(DemoLoaderTest, ZeroPersonsWritesNothing) {
  const auto summary = load(0, 1);
  EXPECT_EQ(summary.persons, 0);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM companies"), 0);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM audit_events"), 0);
}

TEST_P(DemoLoaderTest, OnlyAnAdminLoadsDemoData) {
  demo::DemoLoader loader(db(), *audit_, clock());
  const Actor user{7, "alice", Role::kUser};
  EXPECT_EQ(error_from([&] { loader.load(user, {10, 1}); }).kind(), ErrorKind::kForbidden);
  EXPECT_EQ(error_from([&] { loader.load(admin_, {-1, 1}); }).kind(), ErrorKind::kInvalid);
  EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM persons"), 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, DemoLoaderTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
