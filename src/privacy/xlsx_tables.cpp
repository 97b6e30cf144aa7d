#include "privacy/xlsx_tables.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>
#include <utility>

#include "common/i18n.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "privacy/deadline.hpp"

namespace vern::privacy::xlsx {
namespace {

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
constexpr int kFirstExcelYear = 1900;
constexpr int kLastExcelYear = 9999;
// Digits a spreadsheet number keeps exactly; longer ones stay text so no digit is lost.
constexpr std::size_t kMaxNumberDigits = 15;

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

std::optional<bool> parse_boolean(const PackageField& field) {
  for (const std::string& text : {field.json_value, text::to_lower_ascii(field.value)}) {
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

}  // namespace

/// The sheets in the order a person reads them: their data first, who holds it last.
std::vector<Table> tables_of(const PersonDataPackage& package) {
  const Words words(package.language);
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

}  // namespace vern::privacy::xlsx
