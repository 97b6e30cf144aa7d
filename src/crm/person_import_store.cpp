#include "crm/person_import_store.hpp"

namespace vern::crm {
namespace {

// E-mail addresses are stored in lower case (normalise_field_value), so an equality on the
// indexed column finds a duplicate in any case.
constexpr std::string_view kFindByEmail =
    "SELECT id FROM persons WHERE email = :email ORDER BY id LIMIT 1";
constexpr std::string_view kCountCompanies = "SELECT COUNT(*) FROM companies WHERE id = :id";

}  // namespace

PersonImportStore::PersonImportStore(soci::session& session)
    : find_by_email_((session.prepare << kFindByEmail, soci::use(email_),
                      soci::into(found_id_, found_indicator_))),
      count_companies_((session.prepare << kCountCompanies, soci::use(company_id_),
                        soci::into(company_count_))) {}

std::optional<long long> PersonImportStore::find_id_by_email(const std::string& email) {
  email_ = email;
  found_indicator_ = soci::i_null;
  if (!find_by_email_.execute(true) || found_indicator_ != soci::i_ok) {
    return std::nullopt;
  }
  return found_id_;
}

bool PersonImportStore::company_exists(long long company_id) {
  company_id_ = company_id;
  company_count_ = 0;
  count_companies_.execute(true);
  return company_count_ > 0;
}

}  // namespace vern::crm
