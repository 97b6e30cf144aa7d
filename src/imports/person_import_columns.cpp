#include "imports/person_import_columns.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"

namespace vern::imports {
namespace {

constexpr std::size_t kMaxNamedHeader = 100;
// Integers up to 2^53 are exact in a double; larger whole numbers stay doubles.
constexpr double kMaxExactInteger = 9'007'199'254'740'992.0;

// crm::Person data that Vern sets itself, or that changes only through its own audited action.
constexpr std::array<std::string_view, 9> kNotImportable = {"id",
                                                            "version",
                                                            "created_at",
                                                            "updated_at",
                                                            "processing_restricted",
                                                            "restriction_reason",
                                                            "objects_to_direct_marketing",
                                                            "legal_hold",
                                                            "legal_hold_reason"};

// UTF-8 of U+00C0..U+00DE (upper-case Latin-1 letters, but U+00D7 ×) is C3 80..C3 9E; the
// lower-case letter is 0x20 further on.
constexpr unsigned char kLatin1Lead = 0xC3;
constexpr unsigned char kLatin1UpperFirst = 0x80;
constexpr unsigned char kLatin1UpperLast = 0x9E;
constexpr unsigned char kMultiplicationSign = 0x97;
constexpr unsigned char kLatin1CaseOffset = 0x20;

constexpr std::array<std::string_view, 7> kTrue = {"true", "yes", "ja", "1", "y", "j", "kyllä"};
constexpr std::array<std::string_view, 6> kFalse = {"false", "no", "nei", "nej", "0", "ei"};

// Spaces that spreadsheets put between thousands: the no-break and the narrow no-break space.
constexpr std::array<std::string_view, 3> kThousandsSeparators = {" ", "\xC2\xA0", "\xE2\x80\xAF"};

/// `text` trimmed and in lower case: ASCII letters and the Latin-1 ones (Æ, Ø, Å, Ä, Ö, É, ...),
/// which are all the letters the labels of Nordic fields use.
std::string lower_case(std::string_view text) {
  std::string lower(text::trim(text));
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const auto byte = static_cast<unsigned char>(lower[i]);
    if (byte < 0x80) {
      lower[i] = static_cast<char>(std::tolower(byte));
    } else if (byte == kLatin1Lead && i + 1 < lower.size()) {
      const auto next = static_cast<unsigned char>(lower[i + 1]);
      if (next >= kLatin1UpperFirst && next <= kLatin1UpperLast && next != kMultiplicationSign) {
        lower[i + 1] = static_cast<char>(next + kLatin1CaseOffset);
      }
      ++i;
    }
  }
  return lower;
}

bool names_field(const std::string& header, const crm::FieldDefinition& field) {
  return header == lower_case(field.key) || header == lower_case(field.labels.en) ||
         header == lower_case(field.labels.nb) || header == lower_case(field.labels.sv);
}

std::string shown(std::string_view header) {
  return std::string(header.substr(0, kMaxNamedHeader));
}

ImportColumn column_for(const std::string& header, const crm::FieldDefinition& field) {
  ImportColumn column{header, field, ImportTarget::kCustom, nullptr};
  if (field.key == "company_id") {
    column.target = ImportTarget::kCompany;
  } else if (field.builtin) {
    for (const crm::TextField& text_field : crm::person_text_fields()) {
      if (text_field.key == field.key) {
        column.target = ImportTarget::kText;
        column.member = text_field.member;
      }
    }
  }
  return column;
}

std::optional<double> parse_number(std::string_view text) {
  std::string cleaned(text::trim(text));
  for (const std::string_view separator : kThousandsSeparators) {
    for (auto at = cleaned.find(separator); at != std::string::npos; at = cleaned.find(separator)) {
      cleaned.erase(at, separator.size());
    }
  }
  if (cleaned.find('.') == std::string::npos &&
      std::count(cleaned.begin(), cleaned.end(), ',') == 1) {
    cleaned[cleaned.find(',')] = '.';
  }
  if (cleaned.starts_with('+')) {
    cleaned.erase(0, 1);
  }
  double value = 0;
  const char* end = cleaned.data() + cleaned.size();
  const auto [stop, error] = std::from_chars(cleaned.data(), end, value);
  if (cleaned.empty() || error != std::errc() || stop != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

nlohmann::json option_list(std::string_view text) {
  const char separator = text.find('|') != std::string_view::npos ? '|' : ',';
  nlohmann::json list = nlohmann::json::array();
  while (!text.empty()) {
    const auto at = text.find(separator);
    const std::string_view item = text::trim(text.substr(0, at));
    if (!item.empty()) {
      list.push_back(std::string(item));
    }
    text = at == std::string_view::npos ? std::string_view() : text.substr(at + 1);
  }
  return list;
}

}  // namespace

std::vector<ImportColumn> map_import_columns(const std::vector<std::string>& header,
                                             const std::vector<crm::FieldDefinition>& fields,
                                             const std::vector<std::string>& consent_types) {
  std::vector<FieldError> errors;
  std::vector<ImportColumn> columns;
  for (std::size_t index = 0; index < header.size(); ++index) {
    const std::string wanted = lower_case(header[index]);
    const std::string name = shown(header[index]);
    if (wanted.empty()) {
      errors.push_back({"column " + std::to_string(index + 1), "The column has no name."});
      continue;
    }
    if (std::find(kNotImportable.begin(), kNotImportable.end(), wanted) != kNotImportable.end()) {
      errors.push_back({name,
                        "Cannot be imported: Vern sets it, or it changes only through its own "
                        "action."});
      continue;
    }
    const auto field = std::find_if(fields.begin(), fields.end(),
                                    [&](const crm::FieldDefinition& f) { return wanted == f.key; });
    const auto labelled =
        field != fields.end()
            ? field
            : std::find_if(fields.begin(), fields.end(),
                           [&](const crm::FieldDefinition& f) { return names_field(wanted, f); });
    if (labelled == fields.end()) {
      if (std::find(consent_types.begin(), consent_types.end(), wanted) != consent_types.end()) {
        const bool twice = std::any_of(columns.begin(), columns.end(), [&](const ImportColumn& c) {
          return c.target == ImportTarget::kConsent && c.field.key == wanted;
        });
        if (twice) {
          errors.push_back({name, "The consent " + wanted + " has a column already."});
          continue;
        }
        crm::FieldDefinition consent;
        consent.key = wanted;
        consent.type = crm::FieldType::kBoolean;
        columns.push_back({header[index], consent, ImportTarget::kConsent, nullptr});
        continue;
      }
      errors.push_back(
          {name, "Unknown column: not the key or the label of a field, nor a consent type."});
      continue;
    }
    const auto earlier = std::find_if(columns.begin(), columns.end(), [&](const ImportColumn& c) {
      return c.field.key == labelled->key;
    });
    if (earlier != columns.end()) {
      errors.push_back({name, "The field " + labelled->key + " has a column already (\"" +
                                  shown(earlier->header) + "\")."});
      continue;
    }
    columns.push_back(column_for(header[index], *labelled));
  }
  if (!errors.empty()) {
    throw Error(ErrorKind::kInvalid, "The header row does not fit the fields.", std::move(errors));
  }
  return columns;
}

nlohmann::json import_cell_value(const crm::FieldDefinition& field, std::string_view text) {
  const std::string_view trimmed = text::trim(text);
  if (trimmed.empty()) {
    return "";
  }
  switch (field.type) {
    case crm::FieldType::kNumber: {
      const auto number = parse_number(trimmed);
      if (!number) {
        return std::string(trimmed);
      }
      if (std::trunc(*number) == *number && std::fabs(*number) <= kMaxExactInteger) {
        return static_cast<long long>(*number);
      }
      return *number;
    }
    case crm::FieldType::kBoolean: {
      const std::string lower = lower_case(trimmed);
      if (std::find(kTrue.begin(), kTrue.end(), lower) != kTrue.end()) {
        return true;
      }
      if (std::find(kFalse.begin(), kFalse.end(), lower) != kFalse.end()) {
        return false;
      }
      return std::string(trimmed);
    }
    case crm::FieldType::kMultiOption:
      return option_list(trimmed);
    default:
      return std::string(text);
  }
}

}  // namespace vern::imports
