#include "crm/company.hpp"

namespace vern::crm {

const std::vector<CompanyField>& company_fields() {
  static const std::vector<CompanyField> kFields = {
      {"name", &Company::name},       {"org_number", &Company::org_number},
      {"street", &Company::street},   {"postal_code", &Company::postal_code},
      {"city", &Company::city},       {"country", &Company::country},
      {"phone", &Company::phone},     {"email", &Company::email},
      {"website", &Company::website},
  };
  return kFields;
}

const CompanyField* find_company_field(std::string_view key) {
  return find_member_field(company_fields(), key);
}

std::string company_label(const Company& company) {
  return company.org_number.empty() ? company.name : company.name + " (" + company.org_number + ")";
}

}  // namespace vern::crm
