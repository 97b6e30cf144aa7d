#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"

namespace vern::privacy {

/// Who holds the data: the controller of GDPR Art. 4(7), from the portal settings.
struct Controller {
  std::string name;
  std::string contact_email;
  std::string dpo_email;
};

/// How a field's value is written: text, or a date (YYYY-MM-DD) that a spreadsheet shows as a
/// date, a number, or a yes/no.
enum class ValueKind { kText, kDate, kNumber, kBoolean };

/// One field the portal shows: its key, label in the person's language, and value as the
/// person reads it (option labels, not option values; a multi-option as "A, B").
struct PackageField {
  std::string key;
  std::string label;
  std::string value;  // empty when the person has none
  ValueKind kind = ValueKind::kText;
  bool editable = false;  // portal setting `edit` rather than `read`
  // What the JSON export carries: the stored value (a string, number, bool or array of option
  // labels), as nlohmann::json text so this header stays light. "null" when there is none.
  std::string json_value = "null";
};

/// A consent as the person sees it: the type's name, the purpose text of the version they agreed
/// to (or the current one when they never answered), the state and since when.
struct PackageConsent {
  std::string key;
  std::string name;
  std::string purpose;
  std::string state;  // "granted", "withdrawn" or "none"
  std::optional<UnixTime> since;
  std::string source;  // "crm", "portal", "api", "import", "form"; empty when state is "none"
  long long text_version = 0;
  bool changeable = false;  // portal_changeable
};

struct PackageHistoryEntry {
  std::string date;  // YYYY-MM-DD
  std::string type;  // key
  std::string type_label;
  std::string text;
};

struct PackageActivity {
  std::string name;
  std::string type;
  std::string date;  // YYYY-MM-DD, or empty
  std::string description;
  std::string status;  // "invited", "registered", "attended", "cancelled"
  std::string status_label;
};

/// Everything Vern shows a person about themselves (GDPR Art. 15 and 20), built once from the
/// portal configuration: the portal page, the JSON export and the Excel export are renderings of
/// this one value, so they never disagree and a `hidden` field appears in none of them.
struct PersonDataPackage {
  long long person_id = 0;
  std::string language;  // "en", "nb" or "sv": the language of every label below
  UnixTime exported_at = 0;
  std::string person_name;                   // for file names and headings
  long long person_version = 0;              // what a portal edit must still find
  bool objects_to_direct_marketing = false;  // shown with the portal's objection action
  Controller controller;
  std::vector<PackageField> fields;  // in portal order
  bool shows_consents = false;
  std::vector<PackageConsent> consents;
  std::vector<PackageHistoryEntry> history;  // newest first
  bool shows_activities = false;
  std::vector<PackageActivity> activities;  // newest first
};

}  // namespace vern::privacy
