#include "crm/company_store.hpp"

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::crm {
namespace {

constexpr std::string_view kSelectCompany =
    "SELECT id, version, name, org_number, street, postal_code, city, country, phone, email, "
    "website, created_at, updated_at FROM companies";
constexpr std::string_view kInsertCompany =
    "INSERT INTO companies (version, name, org_number, street, postal_code, city, country, phone, "
    "email, website, created_at, updated_at) VALUES (1, :name, :org_number, :street, :postal_code, "
    ":city, :country, :phone, :email, :website, :created_at, :updated_at) RETURNING id";
constexpr std::string_view kUpdateCompany =
    "UPDATE companies SET version = version + 1, name = :name, org_number = :org_number, "
    "street = :street, postal_code = :postal_code, city = :city, country = :country, "
    "phone = :phone, email = :email, website = :website, updated_at = :updated_at "
    "WHERE id = :id AND version = :version";
constexpr std::string_view kDeleteCompany = "DELETE FROM companies WHERE id = :id";
constexpr std::string_view kSelectCompanyPersons =
    "SELECT id, first_name, last_name FROM persons WHERE company_id = :company_id "
    "ORDER BY last_name, first_name, id LIMIT :limit";
constexpr std::string_view kCountCompanyPersons =
    "SELECT COUNT(*) FROM persons WHERE company_id = :company_id";

Company company_from_row(const soci::row& row) {
  Company company;
  company.id = storage::get_int64(row, 0);
  company.version = storage::get_int64(row, 1);
  std::size_t column = 2;
  for (const CompanyField& field : company_fields()) {
    company.*field.member = storage::get_text(row, column++);
  }
  company.created_at = storage::get_int64(row, column++);
  company.updated_at = storage::get_int64(row, column);
  return company;
}

// Escapes LIKE's wildcards so a prefix matches literally (with ESCAPE '\').
std::string like_prefix(const std::string& prefix) {
  std::string pattern;
  for (const char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') {
      pattern += '\\';
    }
    pattern += c;
  }
  return pattern + '%';
}

std::string without_spaces(const std::string& text) {
  std::string result;
  for (const char c : text) {
    if (c != ' ') {
      result += c;
    }
  }
  return result;
}

}  // namespace

long long CompanyStore::insert(soci::session& session, const Company& company) const {
  long long id = 0;
  session << kInsertCompany, soci::use(company.name), soci::use(company.org_number),
      soci::use(company.street), soci::use(company.postal_code), soci::use(company.city),
      soci::use(company.country), soci::use(company.phone), soci::use(company.email),
      soci::use(company.website), soci::use(company.created_at), soci::use(company.updated_at),
      soci::into(id);
  return id;
}

std::optional<Company> CompanyStore::find_one(soci::session& session, long long id,
                                              std::string_view suffix) const {
  storage::DynamicQuery query(kSelectCompany);
  query.append(" WHERE id = ").bind(id).append(suffix);
  std::optional<Company> company;
  query.for_each_row(session,
                     [&company](const soci::row& row) { company = company_from_row(row); });
  return company;
}

std::optional<Company> CompanyStore::find(soci::session& session, long long id) const {
  return find_one(session, id, "");
}

std::optional<Company> CompanyStore::find_for_update(soci::session& session, long long id) const {
  return find_one(session, id, dialect_.for_update());
}

std::vector<Company> CompanyStore::list(soci::session& session, const std::string& name_prefix,
                                        long long after_id, int limit) const {
  storage::DynamicQuery query(kSelectCompany);
  query.append(" WHERE id > ").bind(after_id);
  if (!name_prefix.empty()) {
    query.append(" AND LOWER(name) LIKE LOWER(")
        .bind(like_prefix(name_prefix))
        .append(") ESCAPE '\\'");
  }
  query.append(" ORDER BY id LIMIT ").bind(static_cast<long long>(limit));
  return query.rows(session, company_from_row);
}

std::vector<Company> CompanyStore::find_by_name(soci::session& session, const std::string& name,
                                                const std::string& org_number, int limit) const {
  storage::DynamicQuery query(kSelectCompany);
  query.append(" WHERE LOWER(name) = LOWER(").bind(name).append(")");
  if (!org_number.empty()) {
    query.append(" AND REPLACE(org_number, ' ', '') = ").bind(without_spaces(org_number));
  }
  query.append(" ORDER BY id LIMIT ").bind(static_cast<long long>(limit));
  return query.rows(session, company_from_row);
}

bool CompanyStore::update(soci::session& session, const Company& company,
                          long long expected_version) const {
  soci::statement statement =
      (session.prepare << kUpdateCompany, soci::use(company.name), soci::use(company.org_number),
       soci::use(company.street), soci::use(company.postal_code), soci::use(company.city),
       soci::use(company.country), soci::use(company.phone), soci::use(company.email),
       soci::use(company.website), soci::use(company.updated_at), soci::use(company.id),
       soci::use(expected_version));
  statement.execute(true);
  return statement.get_affected_rows() > 0;
}

bool CompanyStore::remove(soci::session& session, long long id) const {
  soci::statement statement = (session.prepare << kDeleteCompany, soci::use(id));
  statement.execute(true);
  return statement.get_affected_rows() > 0;
}

std::vector<CompanyPerson> CompanyStore::persons(soci::session& session, long long company_id,
                                                 int limit) const {
  std::vector<CompanyPerson> persons;
  soci::rowset<soci::row> rows =
      (session.prepare << kSelectCompanyPersons, soci::use(company_id), soci::use(limit));
  for (const soci::row& row : rows) {
    persons.push_back(
        {storage::get_int64(row, 0), storage::get_text(row, 1), storage::get_text(row, 2)});
  }
  return persons;
}

long long CompanyStore::count_persons(soci::session& session, long long company_id) const {
  long long count = 0;
  session << kCountCompanyPersons, soci::use(company_id), soci::into(count);
  return count;
}

}  // namespace vern::crm
