#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "crm/member_fields.hpp"

namespace vern::crm {

/// A person in the CRM: the built-in fields of API.md, custom values, and the GDPR flags.
/// Empty text means "no value".
struct Person {
  long long id = 0;
  long long version = 0;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;
  std::string mobile;
  std::string street;
  std::string postal_code;
  std::string city;
  std::string country;
  std::string birth_date;  // YYYY-MM-DD
  std::string title;
  std::optional<long long> company_id;
  std::string language;
  nlohmann::json custom = nlohmann::json::object();  // key -> string, number, bool or array
  bool processing_restricted = false;                // Art. 18
  std::string restriction_reason;
  std::optional<UnixTime> restricted_at;
  bool objects_to_direct_marketing = false;  // Art. 21
  std::optional<UnixTime> objection_at;
  bool legal_hold = false;  // blocks erasure
  std::string legal_hold_reason;
  std::optional<UnixTime> legal_hold_at;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;

  /// "First Last", or the e-mail when there is no name.
  std::string display_name() const;
};

/// A change to a person's processing flags (restriction, objection, legal hold); unset members
/// stay as they are. Each has its own action: editing the person never changes them.
struct ProcessingChanges {
  std::optional<bool> processing_restricted;
  std::optional<std::string> restriction_reason;
  std::optional<bool> objects_to_direct_marketing;
  std::optional<bool> legal_hold;
  std::optional<std::string> legal_hold_reason;
};

/// The built-in text fields of a person, in API order, with their members.
using TextField = MemberField<Person>;
const std::vector<TextField>& person_text_fields();

/// The person's field values as the API and the forms show them: each built-in text field by its
/// key (empty as null), then company_id (or null) and custom ({KEY: VALUE}).
nlohmann::ordered_json person_values(const Person& person);

/// The keys of the fields whose values differ between two versions of one person, built-in
/// fields first in API order, then custom fields by their own keys.
std::vector<std::string> changed_fields(const Person& before, const Person& after);

}  // namespace vern::crm
