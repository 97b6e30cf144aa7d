#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "crm/member_fields.hpp"

namespace vern::crm {

/// A company in the CRM. Empty text means "no value"; `version` rises with every change.
struct Company {
  long long id = 0;
  long long version = 0;
  std::string name;
  std::string org_number;
  std::string street;
  std::string postal_code;
  std::string city;
  std::string country;
  std::string phone;
  std::string email;
  std::string website;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

using CompanyField = MemberField<Company>;
/// The company's text fields, in API order.
const std::vector<CompanyField>& company_fields();
/// The field with `key`, or nullptr when there is none.
const CompanyField* find_company_field(std::string_view key);

/// The company as pickers show and accept it where names are not unique: "Name (org number)",
/// or the name alone when it has no organisation number.
std::string company_label(const Company& company);

/// A person who works at a company, as the company's page lists them.
struct CompanyPerson {
  long long id = 0;
  std::string first_name;
  std::string last_name;
};

/// A company with its persons (at most kMaxCompanyPersons, by name).
struct CompanyDetails {
  Company company;
  std::vector<CompanyPerson> persons;
};
inline constexpr int kMaxCompanyPersons = 200;

/// A JSON merge patch: every key present replaces that field ("" clears it); absent keys stay.
struct CompanyPatch {
  std::map<std::string, std::string, std::less<>> values;
  std::optional<long long> expected_version;  // from If-Match; a mismatch is kPreconditionFailed
};

/// A page of the company list, by id; `after` is the `next` of the previous page.
struct CompanyQuery {
  std::string name_prefix;
  std::string after;
  int limit = 50;
};

using CompanyPage = Page<Company>;

}  // namespace vern::crm
