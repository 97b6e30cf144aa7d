#include "privacy/data_package.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "privacy/xlsx_export.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

/// Runs `command` and returns what it printed; the test fails when it does not exit with 0.
std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return output;
  }
  char buffer[4096];
  std::size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    output.append(buffer, read);
  }
  EXPECT_EQ(pclose(pipe), 0) << command << "\n" << output;
  return output;
}

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("vern-package-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

/// Checks each JSON export against docs/export.schema.json with Debian's python3-jsonschema.
void expect_valid_exports(const std::vector<std::string>& exports) {
  json all = json::array();
  for (const auto& text : exports) {
    all.push_back(json::parse(text));
  }
  const auto path = temp_file("exports.json", all.dump());
  const std::string output =
      run("/usr/bin/python3 -c 'import json, sys, jsonschema; "
          "schema = json.load(open(sys.argv[1])); "
          "jsonschema.Draft202012Validator.check_schema(schema); "
          "validator = jsonschema.Draft202012Validator(schema); "
          "docs = json.load(open(sys.argv[2])); "
          "[validator.validate(doc) for doc in docs]; print(\"valid\", len(docs))' " VERN_SOURCE_DIR
          "/docs/export.schema.json " +
          path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(output, "valid " + std::to_string(exports.size()) + "\n");
}

class DataPackageTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auto& fields = services().fields();
    fields.create(
        admin_,
        {"shoe_size", crm::FieldType::kNumber, {"Shoe size", "Skostørrelse", "Skostorlek"}, {}});
    fields.create(admin_, {"member", crm::FieldType::kBoolean, {"Member", "Medlem", "Medlem"}, {}});
    fields.create(admin_, {"interests",
                           crm::FieldType::kMultiOption,
                           {"Interests", "Interesser", "Intressen"},
                           {{"football", {"Football", "Fotball", "Fotboll"}},
                            {"skiing", {"Skiing", "Ski", "Skidåkning"}}}});
    fields.create(admin_,
                  {"secret_note", crm::FieldType::kText, {"Secret", "Hemmelig", "Hemlig"}, {}});
    const long long company = services().companies().create(admin_, company_named("Kmarker AS")).id;
    person_ = services()
                  .persons()
                  .create(admin_, {{"first_name", "Fmarker"},
                                   {"last_name", "Lmarker"},
                                   {"email", "emarker@example.no"},
                                   {"phone", "+47 22 11 00 01"},
                                   {"mobile", "+47 900 00 002"},
                                   {"street", "Smarkergate 1"},
                                   {"postal_code", "9917"},
                                   {"city", "Cmarkerby"},
                                   {"country", "Nmarkerland"},
                                   {"birth_date", "1980-02-03"},
                                   {"title", "Tmarker"},
                                   {"company_id", company},
                                   {"language", "nb"},
                                   {"custom",
                                    {{"shoe_size", 43},
                                     {"member", true},
                                     {"interests", {"skiing", "football"}},
                                     {"secret_note", "Xmarker hemmelig"}}}})
                  .id;
  }

  static crm::Company company_named(const std::string& name) {
    crm::Company company;
    company.name = name;
    return company;
  }

  app::Services& services() { return server().services(); }

  void set_portal(const std::string& key, crm::PortalAccess access, int order) {
    crm::FieldChanges changes;
    changes.portal = access;
    changes.portal_order = order;
    services().fields().change(admin_, key, changes);
  }

  void show(std::vector<std::string> history_types, bool consents, bool activities) {
    privacy::PortalSettingsChanges changes;
    changes.show_history_types = std::move(history_types);
    changes.show_consents = consents;
    changes.show_activities = activities;
    services().portal_settings().update(admin_, changes);
  }

  void note(const std::string& type, const std::string& date, const std::string& text) {
    services().history().create(admin_, person_, {type, date, text});
  }

  const Actor admin_ = Actor::system("test");
  long long person_ = 0;
};

TEST_P(DataPackageTest, HoldsOnlyThePortalFieldsInPortalOrderInThePersonsLanguage) {
  set_portal("email", crm::PortalAccess::kEdit, 1);
  set_portal("first_name", crm::PortalAccess::kRead, 2);
  set_portal("language", crm::PortalAccess::kRead, 3);
  set_portal("birth_date", crm::PortalAccess::kRead, 4);
  set_portal("company_id", crm::PortalAccess::kRead, 5);
  set_portal("interests", crm::PortalAccess::kEdit, 6);
  set_portal("member", crm::PortalAccess::kRead, 7);
  set_portal("shoe_size", crm::PortalAccess::kRead, 8);

  const privacy::PersonDataPackage package = services().packages().build(person_);
  EXPECT_EQ(package.language, "nb");
  EXPECT_EQ(package.person_name, "Fmarker Lmarker");
  std::vector<std::string> keys;
  for (const auto& field : package.fields) {
    keys.push_back(field.key);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"email", "first_name", "language", "birth_date",
                                            "company_id", "interests", "member", "shoe_size"}));
  EXPECT_EQ(package.fields[0].label, "E-post");
  EXPECT_TRUE(package.fields[0].editable);
  EXPECT_FALSE(package.fields[1].editable);
  EXPECT_EQ(package.fields[1].label, "Fornavn");
  EXPECT_EQ(package.fields[2].value, "Norsk");  // the option's label, not "nb"
  EXPECT_EQ(package.fields[3].value, "1980-02-03");
  EXPECT_EQ(package.fields[3].kind, privacy::ValueKind::kDate);
  EXPECT_EQ(package.fields[4].value, "Kmarker AS");    // the company's name, not its id
  EXPECT_EQ(package.fields[5].value, "Fotball, Ski");  // as stored: in the options' order
  EXPECT_EQ(package.fields[6].value, "Ja");
  EXPECT_EQ(package.fields[6].kind, privacy::ValueKind::kBoolean);
  EXPECT_EQ(package.fields[7].value, "43");
  EXPECT_EQ(package.fields[7].kind, privacy::ValueKind::kNumber);

  const json exported = json::parse(privacy::render_json(package));
  EXPECT_EQ(exported["format"], "vern.person-export/1");
  EXPECT_EQ(exported["person"]["interests"], json({"Fotball", "Ski"}));
  EXPECT_EQ(exported["person"]["member"], true);
  EXPECT_EQ(exported["person"]["shoe_size"], 43);
  EXPECT_EQ(exported["person"]["company_id"], "Kmarker AS");
  EXPECT_EQ(exported["labels"]["shoe_size"], "Skostørrelse");
  // nlohmann::json sorts keys when parsing, so the order is checked on the text.
  const std::string text = privacy::render_json(package);
  EXPECT_LT(text.find("\"format\""), text.find("\"exported_at\""));
  EXPECT_LT(text.find("\"exported_at\""), text.find("\"controller\""));
  EXPECT_LT(text.find("\"controller\""), text.find("\"person\""));
  EXPECT_LT(text.find("\"person\""), text.find("\"labels\""));
  EXPECT_LT(text.find("\"labels\""), text.find("\"consents\""));
  EXPECT_LT(text.find("\"consents\""), text.find("\"history\""));
  EXPECT_LT(text.find("\"history\""), text.find("\"activities\""));
  EXPECT_LT(text.find("\"email\""), text.find("\"first_name\""));  // portal order
  for (const char* hidden : {"Cmarkerby", "Xmarker", "secret_note", "Smarkergate", "Tmarker"}) {
    EXPECT_EQ(text.find(hidden), std::string::npos) << hidden;
  }

  // Another language on request (the portal's switch); an unknown one falls back to the person's.
  EXPECT_EQ(services().packages().build(person_, "sv").fields[2].value, "Norska");
  EXPECT_EQ(services().packages().build(person_, "de").language, "nb");
  expect_valid_exports({text});
}

TEST_P(DataPackageTest, ConsentsHistoryAndActivitiesFollowThePortalSettings) {
  services().history_types().create(admin_, {"visit", {"Visit", "Besøk", "Besök"}, false, 0});
  note("call", "2026-01-05", "Called about the invoice");
  note("visit", "2026-02-01", "Visited the shop");
  note("note", "2026-03-01", "Internal: difficult customer");
  note("call", "2026-04-01", "Called back");

  consent::NewConsentType newsletter;
  newsletter.key = "newsletter";
  newsletter.names = {"Newsletter", "Nyhetsbrev", "Nyhetsbrev"};
  newsletter.purposes = {"Monthly news v1", "Månedlige nyheter v1", "Nyheter v1"};
  newsletter.legal_basis = consent::LegalBasis::kA;
  services().consents().create_type(admin_, newsletter);
  consent::NewConsentType events = newsletter;
  events.key = "events";
  events.names = {"Events", "Arrangementer", "Evenemang"};
  events.purposes = {"Invitations", "Invitasjoner", "Inbjudningar"};
  services().consents().create_type(admin_, events);
  services().consents().record(admin_, person_, {"newsletter", true, consent::Source::kCrm, ""});
  consent::ConsentTypeChanges reworded;
  reworded.purposes = crm::Labels{"Monthly news v2", "Månedlige nyheter v2", "Nyheter v2"};
  services().consents().update_type(admin_, "newsletter", reworded);

  crm::Activity seminar;
  seminar.name = "GDPR seminar";
  seminar.type = "seminar";
  seminar.date = "2026-05-20";
  seminar.description = "Breakfast seminar";
  const long long activity = services().activities().create(admin_, seminar).id;
  services().activities().set_participant(admin_, activity, person_,
                                          crm::ParticipantStatus::kRegistered);

  show({"call", "visit"}, true, true);
  privacy::PersonDataPackage package = services().packages().build(person_);
  ASSERT_EQ(package.history.size(), 3U);
  EXPECT_EQ(package.history[0].text, "Called back");  // newest first
  EXPECT_EQ(package.history[0].type_label, "Telefonsamtale");
  EXPECT_EQ(package.history[1].type_label, "Besøk");
  EXPECT_EQ(package.history[2].date, "2026-01-05");
  ASSERT_TRUE(package.shows_consents);
  ASSERT_EQ(package.consents.size(), 2U);
  const auto& granted =
      package.consents[0].key == "newsletter" ? package.consents[0] : package.consents[1];
  const auto& unanswered =
      package.consents[0].key == "newsletter" ? package.consents[1] : package.consents[0];
  EXPECT_EQ(granted.state, "granted");
  EXPECT_EQ(granted.purpose, "Månedlige nyheter v1");  // the words the person agreed to
  EXPECT_EQ(granted.text_version, 1);
  EXPECT_EQ(granted.source, "crm");
  EXPECT_TRUE(granted.since.has_value());
  EXPECT_EQ(unanswered.state, "none");
  EXPECT_EQ(unanswered.purpose, "Invitasjoner");
  EXPECT_FALSE(unanswered.since.has_value());
  ASSERT_EQ(package.activities.size(), 1U);
  EXPECT_EQ(package.activities[0].name, "GDPR seminar");
  EXPECT_EQ(package.activities[0].description, "Breakfast seminar");
  EXPECT_EQ(package.activities[0].status, "registered");
  EXPECT_EQ(package.activities[0].status_label, "Påmeldt");
  const std::string shown = privacy::render_json(package);
  EXPECT_EQ(shown.find("difficult customer"), std::string::npos);

  show({}, false, false);
  package = services().packages().build(person_);
  EXPECT_TRUE(package.history.empty());
  EXPECT_FALSE(package.shows_consents);
  EXPECT_TRUE(package.consents.empty());
  EXPECT_FALSE(package.shows_activities);
  EXPECT_TRUE(package.activities.empty());
  expect_valid_exports({shown, privacy::render_json(package)});
}

TEST_P(DataPackageTest, StaffExportsAreAuditedAndNamedForThePerson) {
  set_portal("first_name", crm::PortalAccess::kRead, 1);
  const Actor user{0, "kari", Role::kUser};
  const privacy::ExportFile json_file =
      services().packages().export_person(user, person_, privacy::ExportFormat::kJson);
  EXPECT_EQ(json_file.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(json_file.file_name.rfind("vern-export-fmarker-lmarker-", 0), 0U)
      << json_file.file_name;
  EXPECT_TRUE(json_file.file_name.ends_with(".json"));
  const privacy::ExportFile xlsx =
      services().packages().export_person(user, person_, privacy::ExportFormat::kXlsx);
  EXPECT_TRUE(xlsx.file_name.ends_with(".xlsx"));
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");  // a zip container

  audit::AuditQuery query;
  query.person_id = person_;
  query.action = "person.export";
  const auto events = services().audit().list(admin_, query).items;
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(json::parse(events[0].details)["format"], "xlsx");  // newest first
  EXPECT_EQ(json::parse(events[1].details)["format"], "json");
  EXPECT_EQ(events[1].actor, "kari");
  EXPECT_EQ(error_from([&] {
              services().packages().export_person(user, person_ + 1000,
                                                  privacy::ExportFormat::kJson);
            }).kind(),
            ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { services().packages().build(person_ + 1000); }).kind(),
            ErrorKind::kNotFound);
}

// Property: whatever the configuration, a `hidden` field appears in no rendering, and every
// other field does. Each configuration is drawn at random (fixed seed, so a failure repeats).
TEST_P(DataPackageTest, NoConfigurationEverLetsAHiddenFieldOut) {
  const std::vector<crm::FieldDefinition> definitions = services().fields().list(admin_);
  // The values that only the field holds, to look for in the renderings.
  const std::map<std::string, std::string> markers = {
      {"first_name", "Fmarker"}, {"last_name", "Lmarker"},  {"email", "emarker"},
      {"street", "Smarkergate"}, {"city", "Cmarkerby"},     {"country", "Nmarkerland"},
      {"title", "Tmarker"},      {"company_id", "Kmarker"}, {"secret_note", "Xmarker"},
      {"phone", "22 11 00 01"},  {"mobile", "900 00 002"},  {"birth_date", "1980-02-03"}};
  std::mt19937 random(20261129);
  std::vector<std::string> exports;
  for (int round = 0; round < 12; ++round) {
    std::set<std::string> shown;
    for (const auto& field : definitions) {
      const auto access = static_cast<crm::PortalAccess>(random() % 3);
      set_portal(field.key, access, static_cast<int>(random() % 5));
      if (access != crm::PortalAccess::kHidden) {
        shown.insert(field.key);
      }
    }
    show({}, random() % 2 == 0, random() % 2 == 0);
    const privacy::PersonDataPackage package =
        services().packages().build(person_, round % 3 == 0   ? "en"
                                             : round % 3 == 1 ? "nb"
                                                              : "sv");
    std::set<std::string> in_package;
    for (const auto& field : package.fields) {
      in_package.insert(field.key);
    }
    EXPECT_EQ(in_package, shown) << "round " << round;
    const std::string text = privacy::render_json(package);
    const json exported = json::parse(text);
    std::set<std::string> in_json;
    for (const auto& [key, value] : exported["person"].items()) {
      in_json.insert(key);
    }
    EXPECT_EQ(in_json, shown) << "round " << round;
    for (const auto& [key, marker] : markers) {
      const bool found = text.find(marker) != std::string::npos;
      EXPECT_EQ(found, shown.contains(key)) << "round " << round << ": " << key;
    }
    exports.push_back(text);
    if (round < 3) {
      // The Excel file as a spreadsheet program reads it.
      const auto path = temp_file("round.xlsx", privacy::render_xlsx(package));
      const std::string cells =
          run("/usr/bin/python3 " VERN_SOURCE_DIR "/tests/privacy/xlsx_read.py " + path.string());
      std::filesystem::remove(path);
      for (const auto& [key, marker] : markers) {
        EXPECT_EQ(cells.find(marker) != std::string::npos, shown.contains(key))
            << "round " << round << ": " << key;
      }
    }
  }
  expect_valid_exports(exports);
}

INSTANTIATE_TEST_SUITE_P(Databases, DataPackageTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
