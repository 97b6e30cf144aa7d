#include "imports/person_import.hpp"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "consent/consent_service.hpp"
#include "crm/company_service.hpp"
#include "crm/field_service.hpp"
#include "crm/person_service.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

auto problem(std::size_t line, const std::string& field) {
  return AllOf(Field(&imports::ImportProblem::line, line),
               Field(&imports::ImportProblem::field, field));
}

class PersonImportTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    fields_ = std::make_unique<crm::FieldService>(db(), *audit_, clock());
    persons_ = std::make_unique<crm::PersonService>(db(), *audit_, clock());
    fields_->create(admin_,
                    {"shoe_size", crm::FieldType::kNumber, {"Shoe size", "Skostørrelse", ""}, {}});
    fields_->create(admin_, {"interests",
                             crm::FieldType::kMultiOption,
                             {"Interests", "Interesser", ""},
                             {{"ski", {"Skiing", "", ""}}, {"golf", {"Golf", "", ""}}}});
    fields_->create(admin_, {"vip", crm::FieldType::kBoolean, {"VIP", "", ""}, {}});
    fields_->create(admin_, {"member_since", crm::FieldType::kDate, {"Member since", "", ""}, {}});
  }

  imports::ImportSummary import(const std::string& csv,
                                imports::ImportMode mode = imports::ImportMode::kWrite,
                                imports::OnDuplicate on_duplicate = imports::OnDuplicate::kSkip,
                                std::size_t max_rows = imports::kMaxImportRows) {
    std::istringstream input(csv);
    imports::PersonImporter importer(db(), *audit_, clock());
    imports::ImportObserver observer;
    observer.on_problem = [this](const imports::ImportProblem& found) { heard_.push_back(found); };
    return importer.run(admin_, input, {mode, on_duplicate, max_rows}, observer);
  }

  long long count(const std::string& sql) {
    return db().read([&sql](soci::session& session) {
      long long result = 0;
      session << sql, soci::into(result);
      return result;
    });
  }
  long long persons() { return count("SELECT COUNT(*) FROM persons"); }
  long long events(const std::string& action) {
    return count("SELECT COUNT(*) FROM audit_events WHERE action = '" + action + "'");
  }
  json last_details(const std::string& action) {
    return db().read([&action](soci::session& session) {
      std::string details;
      session << "SELECT details FROM audit_events WHERE action = :action ORDER BY id DESC LIMIT 1",
          soci::use(action), soci::into(details);
      return json::parse(details);
    });
  }
  long long id_of(const std::string& email) {
    return count("SELECT id FROM persons WHERE email = '" + email + "'");
  }

  Actor admin_ = Actor::system("cli");
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<crm::FieldService> fields_;
  std::unique_ptr<crm::PersonService> persons_;
  std::vector<imports::ImportProblem> heard_;
};

TEST_P(PersonImportTest, ImportsBuiltInAndCustomFieldsFromASemicolonFile) {
  crm::CompanyService companies(db(), *audit_, clock());
  crm::Company input;
  input.name = "Fjordbygg AS";
  const long long company_id = companies.create(admin_, input).id;
  const std::string csv =
      "\xEF\xBB\xBF"
      "Fornavn;last_name;E-post;Skostørrelse;interests;vip;member_since;company_id;"
      "language\r\n"
      "Kari;Nordmann;Kari@Example.NO;39,5;ski|golf;ja;2021-03-01;" +
      std::to_string(company_id) + ";nb\r\n" + "Ola;Nordmann;ola@example.no;;;nei;;;\r\n";
  const auto summary = import(csv);
  EXPECT_TRUE(summary.written());
  EXPECT_EQ(summary.rows, 2U);
  EXPECT_EQ(summary.imported, 2U);
  EXPECT_THAT(summary.problems, IsEmpty());

  const crm::Person kari = persons_->get(admin_, id_of("kari@example.no"));
  EXPECT_EQ(kari.first_name, "Kari");
  EXPECT_EQ(kari.version, 1);
  EXPECT_EQ(kari.language, "nb");
  EXPECT_EQ(kari.company_id, company_id);
  EXPECT_EQ(kari.custom["shoe_size"], 39.5);
  EXPECT_EQ(kari.custom["interests"], json({"golf", "ski"}));
  EXPECT_EQ(kari.custom["vip"], true);
  EXPECT_EQ(kari.custom["member_since"], "2021-03-01");
  const crm::Person ola = persons_->get(admin_, id_of("ola@example.no"));
  EXPECT_EQ(ola.custom, json({{"vip", false}}));
  EXPECT_FALSE(ola.company_id);
}

TEST_P(PersonImportTest, AuditsEveryPersonByFieldNamesAndTheImportByCounts) {
  const auto summary = import("first_name,email,shoe_size\nKari,kari@example.no,38\nOla,,\n");
  ASSERT_TRUE(summary.written());
  EXPECT_EQ(events("person.create"), 2);
  const json details = last_details("person.create");
  EXPECT_EQ(details["fields"], json({"first_name"}));
  EXPECT_EQ(details["source"], "import");
  EXPECT_EQ(events("person.import"), 1);
  const json import_details = last_details("person.import");
  EXPECT_EQ(import_details["imported"], 2);
  EXPECT_EQ(import_details["rows"], 2);
  EXPECT_EQ(import_details["on_duplicate"], "skip");
  EXPECT_THAT(import_details.dump(), Not(HasSubstr("Kari")));
  EXPECT_TRUE(audit_->verify().intact);
}

TEST_P(PersonImportTest, ADryRunReportsEveryBadRowByLineAndFieldAndWritesNothing) {
  const std::string csv =
      "first_name,email,shoe_size,interests,member_since\n"  // line 1
      "Kari,kari@example.no,38,ski,2020-01-01\n"             // 2: fine
      "Ola,not-an-address,big,chess,2023-02-29\n"            // 3: four problems
      "\"Per\nPaulsen\",per@example.no,40,,\n"               // 4-5: a line break in a name
      "Liv,liv@example.no,41\n"                              // 6: ragged
      ",,,,\n"                                               // 7: empty, skipped
      ",,42,,\n";                                            // 8: no name or e-mail
  const auto summary = import(csv, imports::ImportMode::kDryRun);
  EXPECT_FALSE(summary.written());
  EXPECT_EQ(summary.rows, 5U);
  EXPECT_EQ(summary.bad_rows, 4U);
  EXPECT_EQ(summary.imported, 1U);
  EXPECT_THAT(summary.problems,
              ElementsAre(problem(3, "email"), problem(3, "shoe_size"), problem(3, "interests"),
                          problem(3, "member_since"), problem(4, "first_name"), problem(6, ""),
                          problem(8, "last_name")));
  EXPECT_EQ(heard_.size(), summary.problems.size());
  EXPECT_EQ(summary.problem_count, 7U);
  EXPECT_EQ(persons(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'person.%'"), 0);
}

TEST_P(PersonImportTest, OneBadRowKeepsTheWholeFileOut) {
  const auto summary =
      import("first_name,email\nKari,kari@example.no\nOla,ola@example.no\nPer,per@@example.no\n");
  EXPECT_FALSE(summary.written());
  EXPECT_THAT(summary.problems, ElementsAre(problem(4, "email")));
  EXPECT_EQ(persons(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'person.%'"), 0);
}

TEST_P(PersonImportTest, AnUnknownColumnIsAnErrorBeforeAnyRowIsRead) {
  const Error error = error_from([&] { import("first_name,favourite_colour,id\nKari,red,5\n"); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), ElementsAre("favourite_colour", "id"));
  EXPECT_EQ(persons(), 0);
}

TEST_P(PersonImportTest, AnEmptyFileIsAnError) {
  EXPECT_EQ(error_from([&] { import(""); }).kind(), ErrorKind::kInvalid);
}

TEST_P(PersonImportTest, DuplicatesInTheDatabaseAreSkippedIgnoringCase) {
  persons_->create(admin_, json{{"first_name", "Kari"}, {"email", "kari@example.no"}});
  const auto summary = import("first_name,email\nKaroline,KARI@Example.no\nOla,ola@example.no\n");
  EXPECT_TRUE(summary.written());
  EXPECT_EQ(summary.imported, 1U);
  EXPECT_EQ(summary.skipped, 1U);
  EXPECT_EQ(persons_->get(admin_, id_of("kari@example.no")).first_name, "Kari");
  EXPECT_EQ(persons(), 2);
}

TEST_P(PersonImportTest, UpdatingADuplicateMergesTheNonEmptyValues) {
  const auto kari = persons_->create(admin_, json{{"first_name", "Kari"},
                                                  {"email", "kari@example.no"},
                                                  {"phone", "+47 22 00 00 00"},
                                                  {"city", "Oslo"},
                                                  {"custom", {{"shoe_size", 38}}}});
  const auto summary = import("email,phone,city,shoe_size,vip\nkari@example.no,,Bergen,38,yes\n",
                              imports::ImportMode::kWrite, imports::OnDuplicate::kUpdate);
  EXPECT_TRUE(summary.written());
  EXPECT_EQ(summary.updated, 1U);
  const crm::Person merged = persons_->get(admin_, kari.id);
  EXPECT_EQ(merged.version, 2);
  EXPECT_EQ(merged.city, "Bergen");
  EXPECT_EQ(merged.phone, "+47 22 00 00 00");
  EXPECT_EQ(merged.custom["shoe_size"], 38);
  EXPECT_EQ(merged.custom["vip"], true);
  EXPECT_EQ(last_details("person.update")["fields"], json({"city", "custom.vip"}));
}

TEST_P(PersonImportTest, ADuplicateWithNothingNewIsLeftAsItIs) {
  const auto kari =
      persons_->create(admin_, json{{"first_name", "Kari"}, {"email", "kari@example.no"}});
  const auto summary = import("first_name,email\nKari,kari@example.no\n",
                              imports::ImportMode::kWrite, imports::OnDuplicate::kUpdate);
  EXPECT_EQ(summary.updated, 0U);
  EXPECT_EQ(summary.unchanged, 1U);
  EXPECT_EQ(persons_->get(admin_, kari.id).version, 1);
  EXPECT_EQ(events("person.update"), 0);
}

TEST_P(PersonImportTest, DuplicatesWithinTheFileAreSkippedOrMerged) {
  const std::string csv =
      "first_name,email,city\nKari,kari@example.no,Oslo\nKari,Kari@example.no,Bergen\n";
  const auto skipped = import(csv);
  EXPECT_EQ(skipped.imported, 1U);
  EXPECT_EQ(skipped.skipped, 1U);
  EXPECT_EQ(persons_->get(admin_, id_of("kari@example.no")).city, "Oslo");

  TestDatabase other(GetParam());
  audit::AuditLog audit(other.database(), clock());
  imports::PersonImporter importer(other.database(), audit, clock());
  std::istringstream input(csv);
  const auto merged =
      importer.run(admin_, input, {imports::ImportMode::kWrite, imports::OnDuplicate::kUpdate});
  EXPECT_EQ(merged.imported, 1U);
  EXPECT_EQ(merged.updated, 1U);
  crm::PersonService other_persons(other.database(), audit, clock());
  const crm::Person kari = other_persons.get(admin_, 1);
  EXPECT_EQ(kari.city, "Bergen");
  EXPECT_EQ(kari.version, 2);
}

TEST_P(PersonImportTest, ADryRunCountsWhatItWouldDo) {
  persons_->create(admin_, json{{"first_name", "Kari"}, {"email", "kari@example.no"}});
  const auto summary = import("first_name,email\nKaroline,kari@example.no\nOla,ola@example.no\n",
                              imports::ImportMode::kDryRun, imports::OnDuplicate::kUpdate);
  EXPECT_EQ(summary.mode, imports::ImportMode::kDryRun);
  EXPECT_EQ(summary.imported, 1U);
  EXPECT_EQ(summary.updated, 1U);
  EXPECT_EQ(persons(), 1);
  EXPECT_EQ(persons_->get(admin_, 1).first_name, "Kari");
}

TEST_P(PersonImportTest, ACompanyMustExist) {
  const auto summary = import("first_name,company_id\nKari,999\nOla,abc\n");
  EXPECT_THAT(summary.problems, ElementsAre(problem(2, "company_id"), problem(3, "company_id")));
  EXPECT_EQ(persons(), 0);
}

TEST_P(PersonImportTest, AMalformedFileIsReportedAtItsLineAndNothingIsWritten) {
  const auto summary = import("first_name,email\nKari,kari@example.no\nOla,\"ola@example.no\n");
  EXPECT_FALSE(summary.complete);
  EXPECT_THAT(summary.problems, ElementsAre(problem(3, "")));
  EXPECT_THAT(summary.problems.at(0).message, HasSubstr("not closed"));
  EXPECT_EQ(persons(), 0);
}

TEST_P(PersonImportTest, AFileWithTooManyRowsIsRefused) {
  const auto summary =
      import("first_name\nA\nB\nC\n", imports::ImportMode::kWrite, imports::OnDuplicate::kSkip, 2);
  EXPECT_FALSE(summary.complete);
  EXPECT_THAT(summary.problems, ElementsAre(problem(4, "")));
  EXPECT_EQ(persons(), 0);
}

TEST_P(PersonImportTest, OnlyAnAdminImports) {
  std::istringstream input("first_name\nKari\n");
  imports::PersonImporter importer(db(), *audit_, clock());
  const Actor user{7, "alice", Role::kUser};
  EXPECT_EQ(error_from([&] { importer.run(user, input, {}); }).kind(), ErrorKind::kForbidden);
}

TEST_P(PersonImportTest, ReportsProgress) {
  std::string csv = "first_name,email\n";
  for (int i = 0; i < 2500; ++i) {
    csv += "P" + std::to_string(i) + ",p" + std::to_string(i) + "@example.no\n";
  }
  std::istringstream input(csv);
  imports::PersonImporter importer(db(), *audit_, clock());
  std::vector<std::size_t> rows;
  imports::ImportObserver observer;
  observer.on_progress = [&rows](const imports::ImportProgress& at) { rows.push_back(at.rows); };
  const auto summary = importer.run(admin_, input, {}, observer);
  EXPECT_EQ(summary.imported, 2500U);
  EXPECT_THAT(rows, ElementsAre(1000, 2000, 2500));
  EXPECT_EQ(persons(), 2500);
}

TEST_P(PersonImportTest, ConsentColumnsRecordEventsWithSourceImport) {
  consent::ConsentService consents(db(), *audit_, clock());
  consent::NewConsentType type;
  type.key = "newsletter";
  type.names = {"Newsletter", "", ""};
  type.purposes = {"Monthly news", "", ""};
  type.legal_basis = consent::LegalBasis::kA;
  consents.create_type(admin_, type);

  // A bad value is a problem on its line, and nothing is written.
  auto summary = import("email;newsletter\nkari@example.no;ja\nola@example.no;maybe\n");
  EXPECT_FALSE(summary.written());
  ASSERT_EQ(summary.problems.size(), 1U);
  EXPECT_EQ(summary.problems[0].line, 3U);
  EXPECT_EQ(summary.problems[0].field, "newsletter");
  EXPECT_EQ(count("SELECT COUNT(*) FROM consent_events"), 0);

  summary = import("email;newsletter\nkari@example.no;ja\nola@example.no;no\nper@example.no;\n");
  ASSERT_TRUE(summary.written());
  const auto kari = consents.of_person(admin_, id_of("kari@example.no"));
  ASSERT_EQ(kari.events.size(), 1U);
  EXPECT_TRUE(kari.events[0].granted);
  EXPECT_EQ(kari.events[0].source, consent::Source::kImport);
  EXPECT_EQ(kari.events[0].text_version, 1);
  EXPECT_EQ(consents.of_person(admin_, id_of("ola@example.no")).current[0].state,
            consent::State::kWithdrawn);
  EXPECT_TRUE(consents.of_person(admin_, id_of("per@example.no")).events.empty());
  EXPECT_EQ(events("consent.grant"), 1);
  EXPECT_EQ(events("consent.withdraw"), 1);

  // Importing the same again changes nothing; a changed answer is one new event.
  summary = import("email;newsletter\nkari@example.no;yes\nola@example.no;yes\n",
                   imports::ImportMode::kWrite, imports::OnDuplicate::kUpdate);
  ASSERT_TRUE(summary.written());
  EXPECT_EQ(summary.unchanged, 1U);
  EXPECT_EQ(summary.updated, 1U);
  EXPECT_EQ(consents.of_person(admin_, id_of("kari@example.no")).events.size(), 1U);
  const auto ola = consents.of_person(admin_, id_of("ola@example.no"));
  EXPECT_EQ(ola.events.size(), 2U);
  EXPECT_EQ(ola.current[0].state, consent::State::kGranted);

  // An unknown consent key is an unknown column.
  EXPECT_THROW(import("email;no_such_consent\nx@example.no;yes\n"), Error);
}

INSTANTIATE_TEST_SUITE_P(Databases, PersonImportTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
