#include "privacy/xlsx_export.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "privacy/deadline.hpp"

namespace vern::privacy {
namespace {

namespace fs = std::filesystem;

// The workbook's words: keys of the catalogues (assets/i18n), x_ for export.
constexpr std::string_view kPersonalData = "x_personal_data";
constexpr std::string_view kField = "x_field";
constexpr std::string_view kValue = "x_value";
constexpr std::string_view kConsents = "x_consents";
constexpr std::string_view kConsent = "x_consent";
constexpr std::string_view kPurpose = "x_purpose";
constexpr std::string_view kState = "x_state";
constexpr std::string_view kSince = "x_since";
constexpr std::string_view kSource = "x_source";
constexpr std::string_view kHistory = "x_history";
constexpr std::string_view kDate = "x_date";
constexpr std::string_view kType = "x_type";
constexpr std::string_view kText = "x_text";
constexpr std::string_view kActivities = "x_activities";
constexpr std::string_view kActivity = "x_activity";
constexpr std::string_view kStatus = "x_status";
constexpr std::string_view kDescription = "x_description";
constexpr std::string_view kController = "x_controller";
constexpr std::string_view kOrganisation = "x_organisation";
constexpr std::string_view kContactEmail = "x_contact_email";
constexpr std::string_view kDpoEmail = "x_dpo_email";
constexpr std::string_view kExportedAt = "x_exported_at";
constexpr std::string_view kYes = "x_yes";
constexpr std::string_view kNo = "x_no";
constexpr std::string_view kGranted = "x_granted";
constexpr std::string_view kWithdrawn = "x_withdrawn";
constexpr std::string_view kNotAnswered = "x_not_answered";
constexpr std::string_view kByStaff = "x_by_staff";
constexpr std::string_view kPortal = "x_portal";
constexpr std::string_view kApi = "x_api";
constexpr std::string_view kImport = "x_import";
constexpr std::string_view kWebForm = "x_web_form";

/// The workbook's words in one language (its catalogue, English where it has no word).
class Words {
 public:
  explicit Words(std::string_view language) : texts_(i18n::catalogue(language)) {}
  std::string_view operator()(std::string_view key) const {
    return texts_.at(std::string(key)).get_ref<const std::string&>();
  }

 private:
  const nlohmann::json& texts_;
};

// ---- Cells ------------------------------------------------------------------------------------

// Excel's limits: characters in a cell, and the years its dates span.
constexpr std::size_t kMaxCellCharacters = 32767;
constexpr int kFirstExcelYear = 1900;
constexpr int kLastExcelYear = 9999;
// Digits a spreadsheet number keeps exactly; longer ones stay text so no digit is lost.
constexpr std::size_t kMaxNumberDigits = 15;

struct NumberCell {
  double value;
  std::size_t width;
};
struct DateCell {
  lxw_datetime value;
  bool with_time;
};
using Cell = std::variant<std::monostate, std::string, NumberCell, DateCell>;

Cell text_cell(std::string_view text) {
  if (text.empty()) {
    return {};
  }
  if (text::utf8_length(text) <= kMaxCellCharacters) {
    return std::string(text);
  }
  std::size_t end = 0;
  for (std::size_t kept = 0; kept < kMaxCellCharacters - 1; ++kept) {
    do {
      ++end;
    } while (end < text.size() && text::is_continuation(text[end]));
  }
  std::string cut(text.substr(0, end));
  cut.append("…");
  return cut;
}

Cell date_cell(std::string_view text) {
  const auto date = parse_date(text);
  if (!date || static_cast<int>(date->year()) < kFirstExcelYear) {
    return text_cell(text);
  }
  return DateCell{
      {static_cast<int>(date->year()), static_cast<int>(static_cast<unsigned>(date->month())),
       static_cast<int>(static_cast<unsigned>(date->day())), 0, 0, 0.0},
      false};
}

Cell time_cell(UnixTime time) {
  using namespace std::chrono;
  const sys_seconds instant{seconds{time}};
  const auto day = floor<days>(instant);
  const year_month_day date{day};
  const int year = static_cast<int>(date.year());
  if (year < kFirstExcelYear || year > kLastExcelYear) {
    return format_rfc3339(time);
  }
  const hh_mm_ss clock{instant - day};
  return DateCell{
      {year, static_cast<int>(static_cast<unsigned>(date.month())),
       static_cast<int>(static_cast<unsigned>(date.day())), static_cast<int>(clock.hours().count()),
       static_cast<int>(clock.minutes().count()), static_cast<double>(clock.seconds().count())},
      true};
}

/// A plain decimal number ("-5", "12.5", "1e3"), without leading zeros ("007" is a code, not
/// seven) and with at most the digits a spreadsheet keeps.
std::optional<double> parse_number(std::string_view text) {
  const std::size_t first = text.starts_with('-') ? 1 : 0;
  if (text.size() <= first || text[first] < '0' || text[first] > '9' ||
      (text[first] == '0' && text.size() > first + 1 && text[first + 1] >= '0' &&
       text[first + 1] <= '9')) {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  const std::string_view mantissa = text.substr(0, text.find_first_of("eE"));
  const auto significant =
      mantissa.substr(std::min(mantissa.find_first_of("123456789"), mantissa.size()));
  const auto digits = std::count_if(significant.begin(), significant.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
  if (static_cast<std::size_t>(digits) > kMaxNumberDigits) {
    return std::nullopt;
  }
  return value;
}

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower;
}

std::optional<bool> parse_boolean(const PackageField& field) {
  for (const std::string& text : {field.json_value, lower_ascii(field.value)}) {
    if (text == "true" || text == "yes" || text == "ja") {
      return true;
    }
    if (text == "false" || text == "no" || text == "nei" || text == "nej") {
      return false;
    }
  }
  return std::nullopt;
}

Cell field_cell(const PackageField& field, const Words& words) {
  if (field.value.empty()) {
    return {};
  }
  switch (field.kind) {
    case ValueKind::kDate:
      return date_cell(field.value);
    case ValueKind::kNumber: {
      auto number = parse_number(field.value);
      if (!number) {
        number = parse_number(field.json_value);
      }
      if (number) {
        return NumberCell{*number, field.value.size()};
      }
      return text_cell(field.value);
    }
    case ValueKind::kBoolean: {
      const auto truth = parse_boolean(field);
      return truth ? text_cell(*truth ? words(kYes) : words(kNo)) : text_cell(field.value);
    }
    case ValueKind::kText:
      break;
  }
  return text_cell(field.value);
}

std::string_view state_word(std::string_view state, const Words& words) {
  if (state == "granted") {
    return words(kGranted);
  }
  if (state == "withdrawn") {
    return words(kWithdrawn);
  }
  return state == "none" ? words(kNotAnswered) : state;
}

std::string_view source_word(std::string_view source, const Words& words) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kSources{
      {{"crm", kByStaff},
       {"portal", kPortal},
       {"api", kApi},
       {"import", kImport},
       {"form", kWebForm}}};
  for (const auto& [key, word] : kSources) {
    if (key == source) {
      return words(word);
    }
  }
  return source;
}

std::string_view label_or_key(const std::string& label, const std::string& key) {
  return label.empty() ? key : label;
}

// ---- Sheets -----------------------------------------------------------------------------------

/// One sheet: its name, header labels and rows of cells.
struct Table {
  std::string_view name;
  std::vector<std::string_view> headers;
  std::vector<std::vector<Cell>> rows;
};

Table personal_data_table(const PersonDataPackage& package, const Words& words) {
  Table table{words(kPersonalData), {words(kField), words(kValue)}, {}};
  for (const auto& field : package.fields) {
    table.rows.push_back(
        {text_cell(label_or_key(field.label, field.key)), field_cell(field, words)});
  }
  return table;
}

Table consents_table(const PersonDataPackage& package, const Words& words) {
  Table table{words(kConsents),
              {words(kConsent), words(kPurpose), words(kState), words(kSince), words(kSource)},
              {}};
  for (const auto& consent : package.consents) {
    table.rows.push_back({text_cell(label_or_key(consent.name, consent.key)),
                          text_cell(consent.purpose), text_cell(state_word(consent.state, words)),
                          consent.since ? time_cell(*consent.since) : Cell{},
                          text_cell(source_word(consent.source, words))});
  }
  return table;
}

Table history_table(const PersonDataPackage& package, const Words& words) {
  Table table{words(kHistory), {words(kDate), words(kType), words(kText)}, {}};
  table.rows.reserve(package.history.size());
  for (const auto& entry : package.history) {
    table.rows.push_back({date_cell(entry.date),
                          text_cell(label_or_key(entry.type_label, entry.type)),
                          text_cell(entry.text)});
  }
  return table;
}

Table activities_table(const PersonDataPackage& package, const Words& words) {
  Table table{words(kActivities),
              {words(kActivity), words(kType), words(kDate), words(kStatus), words(kDescription)},
              {}};
  for (const auto& activity : package.activities) {
    table.rows.push_back({text_cell(activity.name), text_cell(activity.type),
                          date_cell(activity.date),
                          text_cell(label_or_key(activity.status_label, activity.status)),
                          text_cell(activity.description)});
  }
  return table;
}

Table controller_table(const PersonDataPackage& package, const Words& words) {
  const Controller& controller = package.controller;
  return {words(kController),
          {words(kField), words(kValue)},
          {{text_cell(words(kOrganisation)), text_cell(controller.name)},
           {text_cell(words(kContactEmail)), text_cell(controller.contact_email)},
           {text_cell(words(kDpoEmail)), text_cell(controller.dpo_email)},
           {text_cell(words(kExportedAt)), time_cell(package.exported_at)}}};
}

/// The sheets in the order a person reads them: their data first, who holds it last.
std::vector<Table> tables_of(const PersonDataPackage& package, const Words& words) {
  std::vector<Table> tables;
  tables.push_back(personal_data_table(package, words));
  if (package.shows_consents) {
    tables.push_back(consents_table(package, words));
  }
  tables.push_back(history_table(package, words));
  if (package.shows_activities) {
    tables.push_back(activities_table(package, words));
  }
  tables.push_back(controller_table(package, words));
  return tables;
}

// ---- Column widths ----------------------------------------------------------------------------

// Column widths in characters: never narrower than a date, never wider than a screen's reading
// width; a text longer than the widest column wraps.
constexpr std::size_t kMinColumnWidth = 8;
constexpr std::size_t kMaxColumnWidth = 80;
constexpr std::size_t kColumnPadding = 2;
constexpr std::size_t kDateWidth = 10;
constexpr std::size_t kDateTimeWidth = 16;

struct ColumnLayout {
  std::size_t longest = 0;
  bool wraps = false;
};

std::size_t longest_line(std::string_view text) {
  std::size_t longest = 0;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    longest = std::max(longest, text::utf8_length(text.substr(start, end - start)));
    start = end + 1;
  }
  return longest;
}

std::vector<ColumnLayout> layout_of(const Table& table) {
  std::vector<ColumnLayout> columns(table.headers.size());
  for (std::size_t column = 0; column < columns.size(); ++column) {
    columns[column].longest = text::utf8_length(table.headers[column]);
  }
  for (const auto& row : table.rows) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      ColumnLayout& layout = columns[column];
      if (const auto* text = std::get_if<std::string>(&row[column])) {
        const std::size_t width = longest_line(*text);
        layout.longest = std::max(layout.longest, width);
        layout.wraps = layout.wraps || width + kColumnPadding > kMaxColumnWidth ||
                       text->find('\n') != std::string::npos;
      } else if (const auto* number = std::get_if<NumberCell>(&row[column])) {
        layout.longest = std::max(layout.longest, number->width);
      } else if (const auto* date = std::get_if<DateCell>(&row[column])) {
        layout.longest = std::max(layout.longest, date->with_time ? kDateTimeWidth : kDateWidth);
      }
    }
  }
  return columns;
}

// ---- The workbook -----------------------------------------------------------------------------

void check(lxw_error error, std::string_view step) {
  if (error != LXW_NO_ERROR) {
    std::string message = "Could not write the Excel export (";
    message.append(step).append("): ").append(lxw_strerror(error));
    throw Error(ErrorKind::kUnavailable, message);
  }
}

template <typename T>
T* check_created(T* created, std::string_view step) {
  if (created == nullptr) {
    std::string message = "Could not write the Excel export (";
    message.append(step).append(")");
    throw Error(ErrorKind::kUnavailable, message);
  }
  return created;
}

/// Frees a workbook that was never closed (closing frees it too).
struct WorkbookFree {
  void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};

/// A libxlsxwriter workbook being filled, with the formats every sheet uses.
class Workbook {
 public:
  Workbook(const fs::path& file, const fs::path& scratch)
      : file_(file.string()), scratch_(scratch.string()) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = scratch_.data();
    workbook_.reset(
        check_created(workbook_new_opt(file_.c_str(), &options), "creating the workbook"));
    bold_ = new_format();
    format_set_bold(bold_);
    date_ = new_format();
    format_set_num_format(date_, "yyyy-mm-dd");
    date_time_ = new_format();
    format_set_num_format(date_time_, "yyyy-mm-dd hh:mm");
    wrap_ = new_format();
    format_set_text_wrap(wrap_);
  }

  void add(const Table& table) {
    const std::string name(table.name);
    lxw_worksheet* sheet =
        check_created(workbook_add_worksheet(workbook_.get(), name.c_str()), "adding a sheet");
    const std::vector<ColumnLayout> columns = layout_of(table);
    for (std::size_t column = 0; column < columns.size(); ++column) {
      const std::string header(table.headers[column]);
      check(worksheet_write_string(sheet, 0, to_column(column), header.c_str(), bold_),
            "writing a header");
      const std::size_t width =
          std::clamp(columns[column].longest + kColumnPadding, kMinColumnWidth, kMaxColumnWidth);
      check(worksheet_set_column(sheet, to_column(column), to_column(column),
                                 static_cast<double>(width), nullptr),
            "setting a column width");
    }
    worksheet_freeze_panes(sheet, 1, 0);
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
      for (std::size_t column = 0; column < table.rows[row].size(); ++column) {
        write(sheet, static_cast<lxw_row_t>(row + 1), to_column(column), table.rows[row][column],
              columns[column].wraps);
      }
    }
  }

  /// Writes the file; the workbook is gone afterwards, whatever the outcome.
  void close() { check(workbook_close(workbook_.release()), "saving the workbook"); }

 private:
  static lxw_col_t to_column(std::size_t column) { return static_cast<lxw_col_t>(column); }

  lxw_format* new_format() {
    return check_created(workbook_add_format(workbook_.get()), "adding a format");
  }

  void write(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, const Cell& cell, bool wraps) {
    if (const auto* text = std::get_if<std::string>(&cell)) {
      // Always a string cell: "=1+2" stays the text it is and never runs as a formula.
      check(worksheet_write_string(sheet, row, column, text->c_str(), wraps ? wrap_ : nullptr),
            "writing a text");
    } else if (const auto* number = std::get_if<NumberCell>(&cell)) {
      check(worksheet_write_number(sheet, row, column, number->value, nullptr), "writing a number");
    } else if (const auto* date = std::get_if<DateCell>(&cell)) {
      lxw_datetime value = date->value;
      check(worksheet_write_datetime(sheet, row, column, &value,
                                     date->with_time ? date_time_ : date_),
            "writing a date");
    }
  }

  std::string file_;
  std::string scratch_;  // libxlsxwriter's own temporary files go here
  std::unique_ptr<lxw_workbook, WorkbookFree> workbook_;
  lxw_format* bold_ = nullptr;
  lxw_format* date_ = nullptr;
  lxw_format* date_time_ = nullptr;
  lxw_format* wrap_ = nullptr;
};

/// A directory only this process's user can enter (mode 0700), removed with all it holds when
/// the object goes, also when rendering fails half-way.
class PrivateDirectory {
 public:
  PrivateDirectory() {
    std::error_code error;
    const fs::path base = fs::temp_directory_path(error);  // $TMPDIR, else /tmp
    std::string pattern = (base / "vern-xlsx-XXXXXX").string();
    if (error || mkdtemp(pattern.data()) == nullptr) {
      throw Error(ErrorKind::kUnavailable,
                  "Could not write the Excel export (creating a temporary directory)");
    }
    path_ = pattern;
  }
  ~PrivateDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;

  /// Creates an empty file of mode 0600 named `name` in the directory.
  fs::path new_file(std::string_view name) const {
    fs::path file = path_ / name;
    const int descriptor = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (descriptor < 0) {
      throw Error(ErrorKind::kUnavailable,
                  "Could not write the Excel export (creating a temporary file)");
    }
    ::close(descriptor);
    return file;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) {
    throw Error(ErrorKind::kUnavailable, "Could not write the Excel export (reading it back)");
  }
  return bytes;
}

// ---- File names -------------------------------------------------------------------------------

constexpr std::size_t kMaxNameInFileName = 60;

std::string name_slug(std::string_view name) {
  std::string slug = text::ascii_slug(name);
  if (slug.size() > kMaxNameInFileName) {
    slug.resize(kMaxNameInFileName);
  }
  while (!slug.empty() && slug.back() == '-') {
    slug.pop_back();
  }
  return slug;
}

}  // namespace

std::string render_xlsx(const PersonDataPackage& package) {
  const Words words(package.language);
  const std::vector<Table> tables = tables_of(package, words);
  const PrivateDirectory directory;
  const fs::path file = directory.new_file("export.xlsx");
  Workbook workbook(file, directory.path());
  for (const auto& table : tables) {
    workbook.add(table);
  }
  workbook.close();
  return read_all(file);
}

std::string export_file_name(const PersonDataPackage& package, std::string_view extension) {
  std::string name = name_slug(package.person_name);
  if (name.empty()) {
    name = std::string("person-").append(std::to_string(package.person_id));
  }
  using namespace std::chrono;
  const year_month_day day{floor<days>(sys_seconds{seconds{package.exported_at}})};
  std::string file_name = "vern-export-";
  file_name.append(name).append("-").append(format_date(day)).append(".");
  for (const char c : lower_ascii(extension)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      file_name.push_back(c);
    }
  }
  return file_name;
}

}  // namespace vern::privacy
