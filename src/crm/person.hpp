#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"

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
  bool processing_restricted = false;
  std::string restriction_reason;
  bool objects_to_direct_marketing = false;
  bool legal_hold = false;
  std::string legal_hold_reason;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;

  /// "First Last", or the e-mail when there is no name.
  std::string display_name() const;
};

/// The built-in text fields of a person, in API order, with their members: the one list that
/// the store, the validation and the JSON mapping share.
struct TextField {
  std::string_view key;
  std::string Person::*member;
};
const std::vector<TextField>& person_text_fields();

}  // namespace vern::crm
