#include "imports/person_import_store.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "common/text.hpp"

namespace vern::imports {
namespace {

// E-mail addresses are stored in lower case (crm::normalise_field_value), so an equality on the
// indexed column finds a duplicate in any case.
constexpr std::string_view kFindByEmail =
    "SELECT id FROM persons WHERE email = :email ORDER BY id LIMIT 1";
constexpr std::string_view kCountCompanies = "SELECT COUNT(*) FROM companies WHERE id = :id";
constexpr std::string_view kInsertValue =
    "INSERT INTO person_values (person_id, field_key, value, number_value) "
    "VALUES (:person_id, :key, :value, :number_value)";

std::string insert_person_sql() {
  std::string columns;
  std::string values;
  for (const crm::TextField& field : crm::person_text_fields()) {
    columns += std::string(field.key) + ", ";
    values += text::concat(":", field.key, ", ");
  }
  return "INSERT INTO persons (" + columns + "company_id, created_at, updated_at) VALUES (" +
         values + ":company_id, :created_at, :updated_at) RETURNING id";
}

}  // namespace

PersonImportStore::PersonImportStore(soci::session& session)
    : find_by_email_((session.prepare << kFindByEmail, soci::use(email_),
                      soci::into(found_id_, found_indicator_))),
      count_companies_(
          (session.prepare << kCountCompanies, soci::use(company_id_), soci::into(company_count_))),
      insert_person_(session),
      insert_value_((session.prepare << kInsertValue, soci::use(value_person_),
                     soci::use(value_key_), soci::use(value_text_),
                     soci::use(value_number_, value_number_indicator_))) {
  for (const crm::TextField& field : crm::person_text_fields()) {
    insert_person_.exchange(soci::use(person_.*field.member));
  }
  insert_person_.exchange(soci::use(person_company_, person_company_indicator_));
  insert_person_.exchange(soci::use(person_created_));
  insert_person_.exchange(soci::use(person_updated_));
  insert_person_.exchange(soci::into(inserted_id_));
  insert_person_.alloc();
  insert_person_.prepare(insert_person_sql());
  insert_person_.define_and_bind();
}

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

long long PersonImportStore::insert(const crm::Person& person) {
  for (const crm::TextField& field : crm::person_text_fields()) {
    person_.*field.member = person.*field.member;
  }
  person_company_ = person.company_id.value_or(0);
  person_company_indicator_ = person.company_id ? soci::i_ok : soci::i_null;
  person_created_ = person.created_at;
  person_updated_ = person.updated_at;
  insert_person_.execute(true);
  value_person_ = inserted_id_;
  for (const auto& [key, value] : person.custom.items()) {
    const nlohmann::json items = value.is_array() ? value : nlohmann::json::array({value});
    for (const auto& item : items) {
      // Stored as crm::PersonStore stores values: text as it is, numbers and booleans as JSON.
      value_key_ = key;
      value_text_ = item.is_string() ? item.get<std::string>() : item.dump();
      value_number_ = item.is_number() ? item.get<double>() : 0;
      value_number_indicator_ =
          item.is_number() && std::isfinite(value_number_) ? soci::i_ok : soci::i_null;
      insert_value_.execute(true);
    }
  }
  return inserted_id_;
}

}  // namespace vern::imports
