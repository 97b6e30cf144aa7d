#include "privacy/xlsx_export.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "common/error.hpp"
#include "privacy/deadline.hpp"

namespace vern::privacy {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The file is read back by real readers: openpyxl under Debian's own Python (which has
// python3-openpyxl), and LibreOffice. Both are required: a missing one fails the test.
constexpr const char* kPython = "/usr/bin/python3";
constexpr UnixTime kExportedAt = 1773480413;    // 2026-03-14T09:26:53Z
constexpr UnixTime kConsentGiven = 1762072200;  // 2025-11-02T08:30:00Z
constexpr int kHistoryNotes = 1000;

// ---- Readers ----------------------------------------------------------------------------------

/// A folder of this test's own under the temporary directory, removed afterwards.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "vern-xlsx-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& bytes) const {
    const fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }

 private:
  fs::path path_;
};

struct CommandResult {
  int status = -1;
  std::string output;
};

/// Runs a shell command and collects what it prints on stdout.
CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return result;
  }
  char buffer[4096];
  std::size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    result.output.append(buffer, read);
  }
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

/// The workbook as tests/privacy/xlsx_read.py prints it (openpyxl).
json read_with_openpyxl(const std::string& xlsx) {
  const TempFolder folder;
  const fs::path file = folder.write("export.xlsx", xlsx);
  const std::string script = std::string(VERN_SOURCE_DIR) + "/tests/privacy/xlsx_read.py";
  const CommandResult result =
      run(std::string(kPython).append(" '").append(script).append("' '").append(file).append("'"));
  EXPECT_EQ(result.status, 0) << "openpyxl could not read the workbook (is python3-openpyxl "
                                 "installed for /usr/bin/python3?)";
  return json::parse(result.output.empty() ? "{}" : result.output);
}

/// Every sheet of every file as CSV, converted by LibreOffice: "<file stem>-<sheet name>" → text.
std::map<std::string, std::string> convert_with_libreoffice(
    const std::vector<std::pair<std::string, std::string>>& files) {
  const TempFolder folder;
  std::string command = "timeout 300 libreoffice -env:UserInstallation=file://";
  command.append((folder.path() / "profile").string());
  // UTF-8, comma-separated, cells as shown (dates as their format shows them), formulas as their
  // results, every sheet to its own file (LibreOffice 7.2 and later).
  command.append(" --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,")
      .append("true,true,false,false,-1' --outdir '")
      .append((folder.path() / "csv").string())
      .append("'");
  for (const auto& [stem, bytes] : files) {
    command.append(" '").append(folder.write(stem + ".xlsx", bytes).string()).append("'");
  }
  const CommandResult result = run(command.append(" 2>&1"));
  EXPECT_EQ(result.status, 0) << "LibreOffice failed:\n" << result.output;
  std::map<std::string, std::string> sheets;
  if (fs::is_directory(folder.path() / "csv")) {
    for (const auto& entry : fs::directory_iterator(folder.path() / "csv")) {
      sheets[entry.path().stem().string()] = read_file(entry.path());
    }
  }
  return sheets;
}

// ---- Packages ---------------------------------------------------------------------------------

PackageField field(std::string label, std::string value, ValueKind kind = ValueKind::kText,
                   std::string json_value = "null") {
  PackageField made;
  made.key = label;
  made.label = std::move(label);
  made.value = std::move(value);
  made.kind = kind;
  made.json_value = std::move(json_value);
  return made;
}

std::string long_text() {
  std::string text;
  for (int i = 0; i < 30; ++i) {
    text.append("Ærlig talt, søknaden om å få slette ønsket ble behandlet. ");
  }
  text.pop_back();
  return text;
}

std::string history_date(int index) {
  // Newest first: 2026-03-14, then a day earlier for each note.
  using namespace std::chrono;
  return format_date(year_month_day{sys_days{2026y / March / 14} - days{index}});
}

std::string history_text(int index) {
  return std::string("Notat ").append(std::to_string(index)).append(": ringte om ÆØÅ æøå ÄÖ äö");
}

/// A package with fields of every kind, values that look like formulas, consents, activities and
/// 1,000 history notes; labels as the package builder would give them in `language`.
PersonDataPackage sample_package(const std::string& language) {
  PersonDataPackage package;
  package.person_id = 42;
  package.language = language;
  package.exported_at = kExportedAt;
  package.person_name = "Åse Ødegård-Æbelø";
  package.controller = {"Fjordkraft Ærlig AS", "personvern@example.no", "dpo@example.no"};
  package.fields = {
      field("Name", "Åse Ødegård-Æbelø"),
      field("Swedish name", "Märta Öberg ÄÖ"),
      field("Formula", "=1+2"),
      field("Phone", "+47 22 33 44 55"),
      field("Minus", "-5"),
      field("At", "@SUM(A1)"),
      field("Empty", ""),
      field("Notes", long_text()),
      field("Address", "Storgata 1\n0155 Oslo"),
      field("Born", "1984-02-29", ValueKind::kDate, "\"1984-02-29\""),
      field("Old date", "1850-06-01", ValueKind::kDate, "\"1850-06-01\""),
      field("Not a date", "29.02.1984", ValueKind::kDate, "\"29.02.1984\""),
      field("Children", "2", ValueKind::kNumber, "2"),
      field("Balance", "-5", ValueKind::kNumber, "-5"),
      field("Height", "1.85", ValueKind::kNumber, "1.85"),
      field("Customer number", "007", ValueKind::kNumber, "\"007\""),
      field("Newsletter", "true", ValueKind::kBoolean, "true"),
      field("VIP", "false", ValueKind::kBoolean, "false"),
  };
  package.shows_consents = true;
  package.consents = {
      {"newsletter", "Nyhetsbrev", "Vi sender deg nyheter om Ærlig strøm.", "granted",
       kConsentGiven, "portal", 2, true},
      {"phone", "Telefonsalg", "=HYPERLINK(\"http://example.com\")", "withdrawn", kConsentGiven,
       "crm", 1, true},
      {"events", "Arrangementer", "Invitasjoner til arrangementer.", "none", std::nullopt, "", 1,
       false},
  };
  for (int i = 0; i < kHistoryNotes; ++i) {
    package.history.push_back({history_date(i), i % 2 == 0 ? "call" : "note",
                               i % 2 == 0 ? "Telefon" : "Notat", history_text(i)});
  }
  package.history[1].text = "=1+2";
  package.shows_activities = true;
  package.activities = {
      {"Sommerfest", "Arrangement", "2025-06-20", "Grill og bading.", "attended", "Deltok"},
      {"Webinar", "Nettmøte", "", "@everyone", "invited", "Invitert"},
  };
  return package;
}

// ---- Looking into the openpyxl reading --------------------------------------------------------

const json& sheet(const json& workbook, std::string_view name) {
  for (const auto& found : workbook.at("sheets")) {
    if (found.at("name") == name) {
      return found;
    }
  }
  ADD_FAILURE() << "no sheet " << name;
  static const json kNone = {{"rows", json::array()}, {"columns", json::object()}};
  return kNone;
}

std::vector<std::string> sheet_names(const json& workbook) {
  std::vector<std::string> names;
  for (const auto& found : workbook.at("sheets")) {
    names.push_back(found.at("name"));
  }
  return names;
}

std::vector<std::string> header(const json& found) {
  std::vector<std::string> labels;
  for (const auto& cell : found.at("rows").at(0)) {
    labels.push_back(cell.at("value"));
    EXPECT_TRUE(cell.at("bold").get<bool>()) << cell.at("value");
  }
  EXPECT_EQ(found.at("freeze_panes"), "A2") << found.at("name");
  return labels;
}

/// The row of the Personal data sheet whose label is `label`.
const json& field_row(const json& workbook, std::string_view label) {
  for (const auto& row : sheet(workbook, "Personal data").at("rows")) {
    if (row.at(0).at("value") == label) {
      return row;
    }
  }
  ADD_FAILURE() << "no field " << label;
  static const json kNone = json::array({json::object(), json::object()});
  return kNone;
}

void expect_text(const json& cell, std::string_view text) {
  EXPECT_EQ(cell.value("type", ""), "s") << cell;
  EXPECT_EQ(cell.value("value", json()), text) << cell;
}

void expect_date(const json& cell, std::string_view iso, std::string_view format) {
  EXPECT_EQ(cell.value("type", ""), "d") << cell;
  EXPECT_EQ(cell.value("value", json()), iso) << cell;
  EXPECT_EQ(cell.value("format", ""), format) << cell;
}

// ---- openpyxl ---------------------------------------------------------------------------------

TEST(XlsxExport, SheetsAndHeaderRowsAreInThePackagesLanguage) {
  const json english = read_with_openpyxl(render_xlsx(sample_package("en")));
  EXPECT_EQ(sheet_names(english), (std::vector<std::string>{"Personal data", "Consents", "History",
                                                            "Activities", "Controller"}));
  EXPECT_EQ(header(sheet(english, "Personal data")), (std::vector<std::string>{"Field", "Value"}));
  EXPECT_EQ(header(sheet(english, "Consents")),
            (std::vector<std::string>{"Consent", "Purpose", "State", "Since (UTC)", "Source"}));
  EXPECT_EQ(header(sheet(english, "History")), (std::vector<std::string>{"Date", "Type", "Text"}));
  EXPECT_EQ(header(sheet(english, "Activities")),
            (std::vector<std::string>{"Activity", "Type", "Date", "Status", "Description"}));
  EXPECT_EQ(header(sheet(english, "Controller")), (std::vector<std::string>{"Field", "Value"}));

  const json norwegian = read_with_openpyxl(render_xlsx(sample_package("nb")));
  EXPECT_EQ(sheet_names(norwegian),
            (std::vector<std::string>{"Personopplysninger", "Samtykker", "Historikk", "Aktiviteter",
                                      "Behandlingsansvarlig"}));
  EXPECT_EQ(header(sheet(norwegian, "Personopplysninger")),
            (std::vector<std::string>{"Felt", "Verdi"}));
  EXPECT_EQ(header(sheet(norwegian, "Samtykker")),
            (std::vector<std::string>{"Samtykke", "Formål", "Status", "Siden (UTC)", "Kilde"}));
  EXPECT_EQ(header(sheet(norwegian, "Historikk")),
            (std::vector<std::string>{"Dato", "Type", "Tekst"}));
  EXPECT_EQ(header(sheet(norwegian, "Aktiviteter")),
            (std::vector<std::string>{"Aktivitet", "Type", "Dato", "Status", "Beskrivelse"}));
  EXPECT_EQ(header(sheet(norwegian, "Behandlingsansvarlig")),
            (std::vector<std::string>{"Felt", "Verdi"}));

  const json swedish = read_with_openpyxl(render_xlsx(sample_package("sv")));
  EXPECT_EQ(sheet_names(swedish),
            (std::vector<std::string>{"Personuppgifter", "Samtycken", "Historik", "Aktiviteter",
                                      "Personuppgiftsansvarig"}));
  EXPECT_EQ(header(sheet(swedish, "Personuppgifter")), (std::vector<std::string>{"Fält", "Värde"}));
  EXPECT_EQ(header(sheet(swedish, "Samtycken")),
            (std::vector<std::string>{"Samtycke", "Ändamål", "Status", "Sedan (UTC)", "Källa"}));
  EXPECT_EQ(header(sheet(swedish, "Historik")), (std::vector<std::string>{"Datum", "Typ", "Text"}));
  EXPECT_EQ(header(sheet(swedish, "Aktiviteter")),
            (std::vector<std::string>{"Aktivitet", "Typ", "Datum", "Status", "Beskrivning"}));
}

TEST(XlsxExport, AnUnknownLanguageFallsBackToEnglish) {
  const json workbook = read_with_openpyxl(render_xlsx(sample_package("de")));
  EXPECT_EQ(sheet_names(workbook), (std::vector<std::string>{"Personal data", "Consents", "History",
                                                             "Activities", "Controller"}));
}

TEST(XlsxExport, EveryFieldReadsBackWithItsValueAndType) {
  const json workbook = read_with_openpyxl(render_xlsx(sample_package("en")));
  const json& rows = sheet(workbook, "Personal data").at("rows");
  ASSERT_EQ(rows.size(), 19U);  // the header and 18 fields, in portal order
  EXPECT_EQ(rows.at(1).at(0).at("value"), "Name");
  EXPECT_EQ(rows.at(18).at(0).at("value"), "VIP");

  expect_text(field_row(workbook, "Name").at(1), "Åse Ødegård-Æbelø");
  expect_text(field_row(workbook, "Swedish name").at(1), "Märta Öberg ÄÖ");
  expect_text(field_row(workbook, "Notes").at(1), long_text());
  expect_text(field_row(workbook, "Address").at(1), "Storgata 1\n0155 Oslo");
  EXPECT_EQ(field_row(workbook, "Empty").at(1).at("value"), nullptr);

  expect_date(field_row(workbook, "Born").at(1), "1984-02-29T00:00:00", "yyyy-mm-dd");
  // Before 1900 a spreadsheet has no date, and a malformed one is no date: both stay text.
  expect_text(field_row(workbook, "Old date").at(1), "1850-06-01");
  expect_text(field_row(workbook, "Not a date").at(1), "29.02.1984");

  const json& children = field_row(workbook, "Children").at(1);
  EXPECT_EQ(children.at("type"), "n");
  EXPECT_EQ(children.at("value"), 2);
  const json& balance = field_row(workbook, "Balance").at(1);
  EXPECT_EQ(balance.at("type"), "n");
  EXPECT_EQ(balance.at("value"), -5);
  const json& height = field_row(workbook, "Height").at(1);
  EXPECT_EQ(height.at("type"), "n");
  EXPECT_DOUBLE_EQ(height.at("value").get<double>(), 1.85);
  expect_text(field_row(workbook, "Customer number").at(1), "007");  // a code keeps its zeros

  expect_text(field_row(workbook, "Newsletter").at(1), "Yes");
  expect_text(field_row(workbook, "VIP").at(1), "No");

  const json norwegian = read_with_openpyxl(render_xlsx(sample_package("nb")));
  const json& values = sheet(norwegian, "Personopplysninger").at("rows");
  expect_text(values.at(17).at(1), "Ja");
  expect_text(values.at(18).at(1), "Nei");
  const json swedish = read_with_openpyxl(render_xlsx(sample_package("sv")));
  expect_text(sheet(swedish, "Personuppgifter").at("rows").at(18).at(1), "Nej");
}

TEST(XlsxExport, ValuesThatLookLikeFormulasStayText) {
  const std::string xlsx = render_xlsx(sample_package("en"));
  const json workbook = read_with_openpyxl(xlsx);
  expect_text(field_row(workbook, "Formula").at(1), "=1+2");
  expect_text(field_row(workbook, "Phone").at(1), "+47 22 33 44 55");
  expect_text(field_row(workbook, "Minus").at(1), "-5");
  expect_text(field_row(workbook, "At").at(1), "@SUM(A1)");
  expect_text(sheet(workbook, "Consents").at("rows").at(2).at(1),
              "=HYPERLINK(\"http://example.com\")");
  expect_text(sheet(workbook, "History").at("rows").at(2).at(2), "=1+2");
  expect_text(sheet(workbook, "Activities").at("rows").at(2).at(4), "@everyone");
  // Not one formula anywhere in the sheets' XML.
  EXPECT_EQ(workbook.at("formula_elements"), 0);
}

TEST(XlsxExport, ConsentsShowStateSinceAndSourceInTheLanguage) {
  const json english = read_with_openpyxl(render_xlsx(sample_package("en")));
  const json& rows = sheet(english, "Consents").at("rows");
  ASSERT_EQ(rows.size(), 4U);
  expect_text(rows.at(1).at(0), "Nyhetsbrev");
  expect_text(rows.at(1).at(1), "Vi sender deg nyheter om Ærlig strøm.");
  expect_text(rows.at(1).at(2), "Granted");
  expect_date(rows.at(1).at(3), "2025-11-02T08:30:00", "yyyy-mm-dd hh:mm");
  expect_text(rows.at(1).at(4), "Privacy portal");
  expect_text(rows.at(2).at(2), "Withdrawn");
  expect_text(rows.at(2).at(4), "Registered by staff");
  expect_text(rows.at(3).at(2), "Not answered");
  EXPECT_EQ(rows.at(3).at(3).at("value"), nullptr);
  EXPECT_EQ(rows.at(3).at(4).at("value"), nullptr);

  const json norwegian = read_with_openpyxl(render_xlsx(sample_package("nb")));
  const json& nb = sheet(norwegian, "Samtykker").at("rows");
  expect_text(nb.at(1).at(2), "Gitt");
  expect_text(nb.at(1).at(4), "Personvernportalen");
  expect_text(nb.at(2).at(2), "Trukket tilbake");
  expect_text(nb.at(2).at(4), "Registrert av ansatt");
  expect_text(nb.at(3).at(2), "Ikke svart");

  const json swedish = read_with_openpyxl(render_xlsx(sample_package("sv")));
  const json& sv = sheet(swedish, "Samtycken").at("rows");
  expect_text(sv.at(1).at(2), "Givet");
  expect_text(sv.at(1).at(4), "Integritetsportalen");
  expect_text(sv.at(2).at(2), "Återkallat");
  expect_text(sv.at(2).at(4), "Registrerat av personal");
  expect_text(sv.at(3).at(2), "Inget svar");
}

TEST(XlsxExport, AThousandHistoryNotesReadBackInOrder) {
  const PersonDataPackage package = sample_package("sv");
  const auto started = std::chrono::steady_clock::now();
  const std::string xlsx = render_xlsx(package);
  const auto took =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  // Measured, not asserted: timings belong in the benchmarks.
  std::cout << "render_xlsx with " << kHistoryNotes << " history notes: " << took.count()
            << " ms\n";

  const json workbook = read_with_openpyxl(xlsx);
  const json& rows = sheet(workbook, "Historik").at("rows");
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kHistoryNotes + 1));
  for (int i = 0; i < kHistoryNotes; ++i) {
    const json& row = rows.at(static_cast<std::size_t>(i + 1));
    expect_date(row.at(0), history_date(i) + "T00:00:00", "yyyy-mm-dd");
    expect_text(row.at(1), i % 2 == 0 ? "Telefon" : "Notat");
    expect_text(row.at(2), i == 1 ? "=1+2" : history_text(i));
  }
}

TEST(XlsxExport, ActivitiesWithDatesAndStatus) {
  const json workbook = read_with_openpyxl(render_xlsx(sample_package("nb")));
  const json& rows = sheet(workbook, "Aktiviteter").at("rows");
  ASSERT_EQ(rows.size(), 3U);
  expect_text(rows.at(1).at(0), "Sommerfest");
  expect_text(rows.at(1).at(1), "Arrangement");
  expect_date(rows.at(1).at(2), "2025-06-20T00:00:00", "yyyy-mm-dd");
  expect_text(rows.at(1).at(3), "Deltok");
  expect_text(rows.at(1).at(4), "Grill og bading.");
  EXPECT_EQ(rows.at(2).at(2).at("value"), nullptr);  // no date
  expect_text(rows.at(2).at(3), "Invitert");
}

TEST(XlsxExport, ControllerSheetNamesTheOrganisationAndTheExportTime) {
  const json workbook = read_with_openpyxl(render_xlsx(sample_package("sv")));
  const json& rows = sheet(workbook, "Personuppgiftsansvarig").at("rows");
  ASSERT_EQ(rows.size(), 5U);
  expect_text(rows.at(1).at(0), "Organisation");
  expect_text(rows.at(1).at(1), "Fjordkraft Ærlig AS");
  expect_text(rows.at(2).at(0), "Kontakt-e-post");
  expect_text(rows.at(2).at(1), "personvern@example.no");
  expect_text(rows.at(3).at(0), "Dataskyddsombud (e-post)");
  expect_text(rows.at(3).at(1), "dpo@example.no");
  expect_text(rows.at(4).at(0), "Exporterad (UTC)");
  expect_date(rows.at(4).at(1), "2026-03-14T09:26:53", "yyyy-mm-dd hh:mm");
}

TEST(XlsxExport, HiddenSectionsHaveNoSheetAndAnEmptyHistoryKeepsItsHeader) {
  PersonDataPackage package = sample_package("en");
  package.shows_consents = false;
  package.shows_activities = false;
  package.history.clear();
  const json workbook = read_with_openpyxl(render_xlsx(package));
  EXPECT_EQ(sheet_names(workbook),
            (std::vector<std::string>{"Personal data", "History", "Controller"}));
  const json& history = sheet(workbook, "History");
  EXPECT_EQ(history.at("rows").size(), 1U);
  EXPECT_EQ(header(history), (std::vector<std::string>{"Date", "Type", "Text"}));
}

TEST(XlsxExport, ColumnsAreAsWideAsTheirLongestValueWithinBounds) {
  const json workbook = read_with_openpyxl(render_xlsx(sample_package("en")));
  const json& personal = sheet(workbook, "Personal data");
  // Excel adds a little padding to a width (under one character).
  const double labels = personal.at("columns").at("A").get<double>();
  EXPECT_GE(labels, 17.0);  // "Customer number" and two of padding
  EXPECT_LT(labels, 18.0);
  const double values = personal.at("columns").at("B").get<double>();
  EXPECT_GE(values, 80.0);  // the long note: the widest allowed, and it wraps
  EXPECT_LT(values, 81.0);
  EXPECT_TRUE(field_row(workbook, "Notes").at(1).at("wrap").get<bool>());

  const json& history = sheet(workbook, "History");
  const double dates = history.at("columns").at("A").get<double>();
  EXPECT_GE(dates, 12.0);  // a date and two of padding
  EXPECT_LT(dates, 13.0);
  const double types = history.at("columns").at("B").get<double>();
  EXPECT_GE(types, 9.0);  // "Telefon" and two of padding
  EXPECT_LT(types, 10.0);
  EXPECT_FALSE(history.at("rows").at(1).at(2).at("wrap").get<bool>());

  const json& consents = sheet(workbook, "Consents");
  const double states = consents.at("columns").at("C").get<double>();
  EXPECT_GE(states, 14.0);  // "Not answered" and two of padding
  EXPECT_LT(states, 15.0);
  const double since = consents.at("columns").at("D").get<double>();
  EXPECT_GE(since, 18.0);  // a date and time and two of padding
  EXPECT_LT(since, 19.0);

  const json& controller = sheet(workbook, "Controller");
  const double short_values = controller.at("columns").at("B").get<double>();
  EXPECT_GE(short_values, 23.0);  // "personvern@example.no" and two of padding
  EXPECT_LT(short_values, 24.0);
}

TEST(XlsxExport, AColumnNeverNarrowerThanTheMinimum) {
  PersonDataPackage package = sample_package("en");
  package.fields = {field("A", "1", ValueKind::kNumber, "1")};
  const json workbook = read_with_openpyxl(render_xlsx(package));
  const json& personal = sheet(workbook, "Personal data");
  EXPECT_GE(personal.at("columns").at("A").get<double>(), 8.0);
  EXPECT_LT(personal.at("columns").at("A").get<double>(), 9.0);
}

TEST(XlsxExport, TextOverExcelsCellLimitIsCutThere) {
  PersonDataPackage package = sample_package("en");
  std::string huge;
  for (int i = 0; i < 40000; ++i) {
    huge.append("æ");
  }
  package.fields = {field("Huge", huge)};
  const json workbook = read_with_openpyxl(render_xlsx(package));
  const std::string read = field_row(workbook, "Huge").at(1).at("value");
  std::string expected;
  for (int i = 0; i < 32766; ++i) {
    expected.append("æ");
  }
  EXPECT_EQ(read, expected.append("…"));
}

// ---- Temporary files --------------------------------------------------------------------------

/// Points $TMPDIR somewhere else for the life of the object.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::string& path) {
    if (const char* old = std::getenv("TMPDIR")) {
      old_ = old;
    }
    setenv("TMPDIR", path.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (old_) {
      setenv("TMPDIR", old_->c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
  }
  ScopedTmpdir(const ScopedTmpdir&) = delete;
  ScopedTmpdir& operator=(const ScopedTmpdir&) = delete;

 private:
  std::optional<std::string> old_;
};

TEST(XlsxExport, LeavesNoTemporaryFileBehind) {
  const TempFolder folder;
  std::string xlsx;
  {
    const ScopedTmpdir tmpdir(folder.path().string());
    xlsx = render_xlsx(sample_package("nb"));
  }
  EXPECT_TRUE(fs::is_empty(folder.path()));
  EXPECT_EQ(xlsx.substr(0, 2), "PK");  // a zip archive, as every .xlsx is
}

TEST(XlsxExport, AnUnusableTemporaryDirectoryIsAClearError) {
  const TempFolder folder;
  const ScopedTmpdir tmpdir((folder.path() / "missing").string());
  try {
    render_xlsx(sample_package("en"));
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
    EXPECT_NE(std::string(error.what()).find("Excel export"), std::string::npos) << error.what();
  }
}

// ---- LibreOffice ------------------------------------------------------------------------------

/// The line of a CSV sheet that begins with `first` followed by a comma.
std::string csv_line(const std::string& csv, std::string_view first) {
  std::istringstream lines(csv);
  std::string line;
  const std::string prefix = std::string(first).append(",");
  while (std::getline(lines, line)) {
    if (line.starts_with(prefix)) {
      return line;
    }
  }
  return std::string("(no line for ").append(first).append(")");
}

TEST(XlsxLibreOffice, OpensEveryLanguageAndKeepsFormulaLookingValuesAsText) {
  ASSERT_EQ(run("command -v libreoffice >/dev/null").status, 0)
      << "LibreOffice is needed to check the Excel export";
  const auto sheets = convert_with_libreoffice({{"en", render_xlsx(sample_package("en"))},
                                                {"nb", render_xlsx(sample_package("nb"))},
                                                {"sv", render_xlsx(sample_package("sv"))}});
  for (const char* expected :
       {"en-Personal data", "en-Consents", "en-History", "en-Activities", "en-Controller",
        "nb-Personopplysninger", "nb-Samtykker", "nb-Historikk", "nb-Aktiviteter",
        "nb-Behandlingsansvarlig", "sv-Personuppgifter", "sv-Samtycken", "sv-Historik",
        "sv-Aktiviteter", "sv-Personuppgiftsansvarig"}) {
    EXPECT_TRUE(sheets.contains(expected)) << expected;
  }
  ASSERT_TRUE(sheets.contains("en-Personal data"));
  const std::string& personal = sheets.at("en-Personal data");
  EXPECT_TRUE(personal.starts_with("Field,Value\n")) << personal;
  // The formula did not run: its text is there, not 3.
  EXPECT_EQ(csv_line(personal, "Formula"), "Formula,=1+2");
  EXPECT_EQ(csv_line(personal, "Phone"), "Phone,+47 22 33 44 55");
  EXPECT_EQ(csv_line(personal, "Minus"), "Minus,-5");
  EXPECT_EQ(csv_line(personal, "At"), "At,@SUM(A1)");
  EXPECT_EQ(csv_line(personal, "Name"), "Name,Åse Ødegård-Æbelø");
  EXPECT_EQ(csv_line(personal, "Swedish name"), "Swedish name,Märta Öberg ÄÖ");
  EXPECT_EQ(csv_line(personal, "Empty"), "Empty,");
  EXPECT_EQ(csv_line(personal, "Born"), "Born,1984-02-29");
  EXPECT_EQ(csv_line(personal, "Children"), "Children,2");
  EXPECT_EQ(csv_line(personal, "Height"), "Height,1.85");
  EXPECT_EQ(csv_line(personal, "Customer number"), "Customer number,007");
  EXPECT_EQ(csv_line(personal, "Newsletter"), "Newsletter,Yes");
  EXPECT_EQ(csv_line(personal, "Notes"), std::string("Notes,\"").append(long_text()).append("\""));
  EXPECT_NE(personal.find("\"Storgata 1\n0155 Oslo\""), std::string::npos);

  ASSERT_TRUE(sheets.contains("nb-Historikk"));
  const std::string& history = sheets.at("nb-Historikk");
  EXPECT_TRUE(history.starts_with("Dato,Type,Tekst\n"));
  EXPECT_EQ(csv_line(history, history_date(0)), history_date(0) + ",Telefon," + history_text(0));
  EXPECT_EQ(csv_line(history, history_date(1)), history_date(1) + ",Notat,=1+2");
  EXPECT_EQ(csv_line(history, history_date(999)),
            history_date(999) + ",Notat," + history_text(999));

  ASSERT_TRUE(sheets.contains("sv-Samtycken"));
  const std::string& consents = sheets.at("sv-Samtycken");
  EXPECT_EQ(csv_line(consents, "Nyhetsbrev"),
            "Nyhetsbrev,Vi sender deg nyheter om Ærlig strøm.,Givet,2025-11-02 08:30,"
            "Integritetsportalen");
  EXPECT_EQ(csv_line(consents, "Telefonsalg"),
            "Telefonsalg,\"=HYPERLINK(\"\"http://example.com\"\")\",Återkallat,2025-11-02 08:30,"
            "Registrerat av personal");
  ASSERT_TRUE(sheets.contains("sv-Personuppgiftsansvarig"));
  EXPECT_EQ(csv_line(sheets.at("sv-Personuppgiftsansvarig"), "Exporterad (UTC)"),
            "Exporterad (UTC),2026-03-14 09:26");
}

// ---- The readers themselves -------------------------------------------------------------------

/// A workbook with one real formula, written straight through libxlsxwriter.
std::string workbook_with_a_formula(const fs::path& file) {
  lxw_workbook* workbook = workbook_new(file.c_str());
  lxw_worksheet* worksheet = workbook_add_worksheet(workbook, "Sheet");
  EXPECT_EQ(worksheet_write_string(worksheet, 0, 0, "Formula", nullptr), LXW_NO_ERROR);
  EXPECT_EQ(worksheet_write_formula(worksheet, 0, 1, "=1+2", nullptr), LXW_NO_ERROR);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  return read_file(file);
}

// The checks above only mean something if both readers would tell a formula from a text.
TEST(XlsxReaders, WouldSeeARealFormula) {
  const TempFolder folder;
  const std::string xlsx = workbook_with_a_formula(folder.path() / "formula.xlsx");
  const json workbook = read_with_openpyxl(xlsx);
  EXPECT_EQ(workbook.at("formula_elements"), 1);
  EXPECT_EQ(sheet(workbook, "Sheet").at("rows").at(0).at(1).at("type"), "f");

  const auto sheets = convert_with_libreoffice({{"formula", xlsx}});
  ASSERT_TRUE(sheets.contains("formula-Sheet"));
  // LibreOffice shows the formula's result (0 as libxlsxwriter caches it, or 3), never its text.
  const std::string line = csv_line(sheets.at("formula-Sheet"), "Formula");
  EXPECT_TRUE(line == "Formula,0" || line == "Formula,3") << line;
}

}  // namespace
}  // namespace vern::privacy
