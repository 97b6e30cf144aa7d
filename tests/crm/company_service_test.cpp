#include "crm/company_service.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class CompanyServiceTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    companies_ = std::make_unique<crm::CompanyService>(db(), *audit_, clock());
  }

  crm::CompanyService& companies() { return *companies_; }

  crm::Company create(const std::string& name, const std::string& city = "") {
    crm::Company company;
    company.name = name;
    company.city = city;
    return companies().create(user_, company);
  }

  long long insert_person(const std::string& first_name, const std::string& last_name,
                          std::optional<long long> company_id) {
    return db().write([&](soci::session& session) {
      const long long company = company_id.value_or(0);
      soci::indicator company_indicator = company_id ? soci::i_ok : soci::i_null;
      long long id = 0;
      session << "INSERT INTO persons (first_name, last_name, company_id, created_at, updated_at)"
                 " VALUES (:first_name, :last_name, :company_id, 0, 0) RETURNING id",
          soci::use(first_name), soci::use(last_name), soci::use(company, company_indicator),
          soci::into(id);
      return id;
    });
  }

  std::optional<long long> company_of(long long person_id) {
    return db().read([&](soci::session& session) -> std::optional<long long> {
      long long company_id = 0;
      soci::indicator indicator = soci::i_ok;
      session << "SELECT company_id FROM persons WHERE id = :id", soci::use(person_id),
          soci::into(company_id, indicator);
      if (indicator == soci::i_null) {
        return std::nullopt;
      }
      return company_id;
    });
  }

  std::vector<audit::AuditEvent> audit_events(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    query.limit = 500;
    return audit_->list(Actor::system("test"), query).items;
  }

  // A plain staff user: the CRM needs no more.
  const Actor user_{7, "kari", Role::kUser};

 private:
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<crm::CompanyService> companies_;
};

TEST_P(CompanyServiceTest, CreatesACompanyAndReadsItBackWithItsPersons) {
  crm::Company input;
  input.name = "Fjord Fisk AS";
  input.org_number = "912 345 678";
  input.street = "Bryggen 1";
  input.postal_code = "5003";
  input.city = "Bergen";
  input.country = "NO";
  input.phone = "+47 55 00 00 00";
  input.email = "post@fjordfisk.no";
  input.website = "https://fjordfisk.no";
  const crm::Company created = companies().create(user_, input);
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.version, 1);
  EXPECT_EQ(created.created_at, clock().now());

  const long long ola = insert_person("Ola", "Nordmann", created.id);
  const long long kari = insert_person("Kari", "Andersen", created.id);
  insert_person("Per", "Utenfor", std::nullopt);

  const crm::CompanyDetails details = companies().get(user_, created.id);
  EXPECT_EQ(details.company.name, "Fjord Fisk AS");
  EXPECT_EQ(details.company.website, "https://fjordfisk.no");
  EXPECT_EQ(details.company.org_number, "912 345 678");
  ASSERT_EQ(details.persons.size(), 2U);
  EXPECT_EQ(details.persons[0].id, kari);  // by last name
  EXPECT_EQ(details.persons[1].id, ola);
  EXPECT_EQ(details.persons[1].first_name, "Ola");
}

TEST_P(CompanyServiceTest, InvalidInputNamesEachField) {
  crm::Company input;
  input.email = "post@";
  input.website = "fjordfisk.no";
  input.phone = "ring meg";
  input.city = "Bergen\nNorway";
  const Error error = error_from([&] { companies().create(user_, input); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), UnorderedElementsAre("name", "email", "website", "phone", "city"));
}

TEST_P(CompanyServiceTest, NamesOfOnlySpacesAreMissingAndSurroundingSpacesGo) {
  EXPECT_THAT(fields_of(error_from([&] { create("   "); })), ElementsAre("name"));
  const crm::Company company = create("  Fjord Fisk AS ", " Bergen");
  EXPECT_EQ(company.name, "Fjord Fisk AS");
  EXPECT_EQ(company.city, "Bergen");
}

TEST_P(CompanyServiceTest, TooLongValuesAreInvalid) {
  crm::Company input;
  input.name = std::string(201, 'x');
  input.postal_code = std::string(51, '1');
  EXPECT_THAT(fields_of(error_from([&] { companies().create(user_, input); })),
              ElementsAre("name", "postal_code"));
  input.name = std::string(200, 'x');
  input.postal_code = "";
  EXPECT_NO_THROW(companies().create(user_, input));
}

TEST_P(CompanyServiceTest, MergePatchChangesOnlyTheGivenFieldsAndRaisesTheVersion) {
  crm::Company input;
  input.name = "Fjord Fisk AS";
  input.city = "Bergen";
  input.phone = "55 00 00 00";
  const crm::Company created = companies().create(user_, input);
  clock().advance(60);

  crm::CompanyPatch patch;
  patch.values = {{"city", "Ålesund"}, {"phone", ""}};
  const crm::Company updated = companies().update(user_, created.id, patch);
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.city, "Ålesund");
  EXPECT_EQ(updated.phone, "");
  EXPECT_EQ(updated.name, "Fjord Fisk AS");
  EXPECT_EQ(updated.updated_at, created.created_at + 60);

  const crm::CompanyDetails stored = companies().get(user_, created.id);
  EXPECT_EQ(stored.company.version, 2);
  EXPECT_EQ(stored.company.city, "Ålesund");
  EXPECT_EQ(stored.company.phone, "");

  const auto events = audit_events("company.update");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].details, R"({"fields":["city","phone"]})");
  EXPECT_EQ(events[0].entity_id, std::to_string(created.id));
  EXPECT_EQ(events[0].actor, "kari");
  EXPECT_THAT(events[0].details, Not(HasSubstr("lesund")));
}

TEST_P(CompanyServiceTest, AStaleVersionIsRefusedAndChangesNothing) {
  const crm::Company created = create("Fjord Fisk AS");
  crm::CompanyPatch first;
  first.values = {{"city", "Bergen"}};
  first.expected_version = 1;
  EXPECT_EQ(companies().update(user_, created.id, first).version, 2);

  crm::CompanyPatch stale;
  stale.values = {{"city", "Oslo"}};
  stale.expected_version = 1;
  const Error error = error_from([&] { companies().update(user_, created.id, stale); });
  EXPECT_EQ(error.kind(), ErrorKind::kPreconditionFailed);
  EXPECT_THAT(error.what(), HasSubstr("version 2"));
  EXPECT_EQ(companies().get(user_, created.id).company.city, "Bergen");
}

TEST_P(CompanyServiceTest, APatchThatChangesNothingKeepsTheVersion) {
  const crm::Company created = create("Fjord Fisk AS", "Bergen");
  crm::CompanyPatch patch;
  patch.values = {{"city", " Bergen "}};
  EXPECT_EQ(companies().update(user_, created.id, patch).version, 1);
  EXPECT_THAT(audit_events("company.update"), IsEmpty());
}

TEST_P(CompanyServiceTest, APatchCannotClearTheNameOrNameUnknownFields) {
  const crm::Company created = create("Fjord Fisk AS");
  crm::CompanyPatch patch;
  patch.values = {{"name", ""}, {"email", "not an address"}};
  EXPECT_THAT(fields_of(error_from([&] { companies().update(user_, created.id, patch); })),
              UnorderedElementsAre("name", "email"));
  patch.values = {{"shoe_size", "42"}, {"id", "9"}};
  EXPECT_THAT(fields_of(error_from([&] { companies().update(user_, created.id, patch); })),
              UnorderedElementsAre("shoe_size", "id"));
  EXPECT_EQ(companies().get(user_, created.id).company.version, 1);
}

TEST_P(CompanyServiceTest, ListsPageByPageInIdOrder) {
  std::vector<long long> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(create("Firma " + std::to_string(i)).id);
  }
  crm::CompanyQuery query;
  query.limit = 2;
  std::vector<long long> seen;
  for (int pages = 0; pages < 10; ++pages) {
    const crm::CompanyPage page = companies().list(user_, query);
    for (const auto& company : page.items) {
      seen.push_back(company.id);
    }
    if (!page.next) {
      break;
    }
    query.after = *page.next;
  }
  EXPECT_EQ(seen, ids);
}

TEST_P(CompanyServiceTest, ListFiltersByANamePrefixIgnoringCase) {
  create("Fjord Fisk AS");
  create("fjellsport AS");
  create("Havbruk AS");
  create("100% Fisk");
  crm::CompanyQuery query;
  query.name_prefix = "FJ";
  std::vector<std::string> names;
  for (const auto& company : companies().list(user_, query).items) {
    names.push_back(company.name);
  }
  EXPECT_THAT(names, ElementsAre("Fjord Fisk AS", "fjellsport AS"));

  // Wildcards in the prefix match themselves.
  query.name_prefix = "100%";
  EXPECT_EQ(companies().list(user_, query).items.size(), 1U);
  query.name_prefix = "%";
  EXPECT_THAT(companies().list(user_, query).items, IsEmpty());
  query.name_prefix = "_jord";
  EXPECT_THAT(companies().list(user_, query).items, IsEmpty());
}

TEST_P(CompanyServiceTest, ALabelNamesACompanyByNameOrByNameAndOrgNumber) {
  auto with_org = [this](const std::string& name, const std::string& org_number) {
    crm::Company company;
    company.name = name;
    company.org_number = org_number;
    return companies().create(user_, company).id;
  };
  const long long first = with_org("Nordlys AS", "911 111 111");
  const long long second = with_org("Nordlys AS", "922 222 222");
  const long long bracketed = with_org("Bygg (Norge)", "");
  auto ids = [this](const std::string& label, std::optional<long long> current = std::nullopt) {
    std::vector<long long> found;
    for (const auto& company : companies().find_by_label(user_, label, current)) {
      found.push_back(company.id);
    }
    return found;
  };
  EXPECT_THAT(ids("NORDLYS as"), ElementsAre(first, second));
  EXPECT_THAT(ids(" Nordlys AS (922 222 222) "), ElementsAre(second));
  EXPECT_THAT(ids("Nordlys AS (922222222)"), ElementsAre(second));
  EXPECT_THAT(ids("Nordlys AS", second), ElementsAre(second));
  EXPECT_THAT(ids("bygg (norge)"), ElementsAre(bracketed));
  EXPECT_THAT(ids("Nordlys AS (933 333 333)"), IsEmpty());
  EXPECT_THAT(ids("Nordlys"), IsEmpty());
  EXPECT_THAT(ids("Nordlys AS ()"), IsEmpty());
  EXPECT_THAT(ids("   "), IsEmpty());
  // A wildcard is a character like any other.
  EXPECT_THAT(ids("Nordlys A_"), IsEmpty());
}

TEST_P(CompanyServiceTest, ABadCursorIsInvalid) {
  crm::CompanyQuery query;
  query.after = "abc";
  EXPECT_THAT(fields_of(error_from([&] { companies().list(user_, query); })), ElementsAre("after"));
}

TEST_P(CompanyServiceTest, DeletingACompanyKeepsItsPersons) {
  const crm::Company company = create("Fjord Fisk AS");
  const long long person = insert_person("Ola", "Nordmann", company.id);
  EXPECT_EQ(company_of(person), company.id);
  companies().remove(user_, company.id);
  EXPECT_EQ(company_of(person), std::nullopt);
  EXPECT_EQ(error_from([&] { companies().get(user_, company.id); }).kind(), ErrorKind::kNotFound);
  const auto events = audit_events("company.delete");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].details, R"({"persons_unlinked":1})");
}

TEST_P(CompanyServiceTest, AnUnknownCompanyIsNotFound) {
  crm::CompanyPatch patch;
  patch.values = {{"city", "Bergen"}};
  EXPECT_EQ(error_from([&] { companies().get(user_, 999); }).kind(), ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { companies().update(user_, 999, patch); }).kind(),
            ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { companies().remove(user_, 999); }).kind(), ErrorKind::kNotFound);
}

TEST_P(CompanyServiceTest, ShowingPersonsIsAnAuditedRead) {
  const crm::Company empty = create("Tomt AS");
  companies().get(user_, empty.id);
  EXPECT_THAT(audit_events("company.persons.read"), IsEmpty());

  const crm::Company company = create("Fjord Fisk AS");
  insert_person("Ola", "Nordmann", company.id);
  companies().get(user_, company.id);
  const auto events = audit_events("company.persons.read");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].entity, "company");
  EXPECT_EQ(events[0].entity_id, std::to_string(company.id));
  EXPECT_THAT(events[0].details, Not(HasSubstr("Ola")));
}

TEST_P(CompanyServiceTest, CreationIsAuditedWithTheFieldsGiven) {
  const crm::Company company = create("Fjord Fisk AS", "Bergen");
  const auto events = audit_events("company.create");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].entity_id, std::to_string(company.id));
  EXPECT_EQ(events[0].details, R"({"fields":["name","city"]})");
}

TEST_P(CompanyServiceTest, ThePersonsListIsCappedAt200) {
  const crm::Company company = create("Stort AS");
  db().write([&](soci::session& session) {
    for (int i = 0; i < crm::kMaxCompanyPersons + 5; ++i) {
      const std::string last_name = "Person " + std::to_string(1000 + i);
      session << "INSERT INTO persons (last_name, company_id, created_at, updated_at)"
                 " VALUES (:last_name, :company_id, 0, 0)",
          soci::use(last_name), soci::use(company.id);
    }
  });
  EXPECT_EQ(companies().get(user_, company.id).persons.size(),
            static_cast<std::size_t>(crm::kMaxCompanyPersons));
}

INSTANTIATE_TEST_SUITE_P(Databases, CompanyServiceTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
