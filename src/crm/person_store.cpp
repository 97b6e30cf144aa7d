#include "crm/person_store.hpp"

#include <cmath>
#include <unordered_map>

#include "crm/person_order_store.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::crm {
namespace {

// Columns after the text fields, in the order person_from_row reads them.
constexpr std::string_view kTailColumns =
    "company_id, processing_restricted, restriction_reason, restricted_at, "
    "objects_to_direct_marketing, objection_at, legal_hold, legal_hold_reason, legal_hold_at, "
    "created_at, updated_at";
constexpr std::string_view kDelete = "DELETE FROM persons WHERE id = :id";
constexpr std::string_view kDeleteValue =
    "DELETE FROM person_values WHERE person_id = :person_id AND field_key = :key";
constexpr std::string_view kInsertValue =
    "INSERT INTO person_values (person_id, field_key, value, number_value) "
    "VALUES (:person_id, :key, :value, :number_value)";
constexpr std::string_view kCompanyExists = "SELECT COUNT(*) FROM companies WHERE id = ";
constexpr std::string_view kExists = "SELECT COUNT(*) FROM persons WHERE id = ";

std::string select_columns() {
  std::string columns = "id, version";
  for (const TextField& field : person_text_fields()) {
    columns += ", ";
    columns += field.key;
  }
  return columns + ", " + std::string(kTailColumns);
}

Person person_from_row(const soci::row& row) {
  Person person;
  std::size_t column = 0;
  person.id = storage::get_int64(row, column++);
  person.version = storage::get_int64(row, column++);
  for (const TextField& field : person_text_fields()) {
    person.*field.member = storage::get_text(row, column++);
  }
  person.company_id = storage::get_optional_int64(row, column++);
  person.processing_restricted = storage::get_bool(row, column++);
  person.restriction_reason = storage::get_text(row, column++);
  person.restricted_at = storage::get_optional_int64(row, column++);
  person.objects_to_direct_marketing = storage::get_bool(row, column++);
  person.objection_at = storage::get_optional_int64(row, column++);
  person.legal_hold = storage::get_bool(row, column++);
  person.legal_hold_reason = storage::get_text(row, column++);
  person.legal_hold_at = storage::get_optional_int64(row, column++);
  person.created_at = storage::get_int64(row, column++);
  person.updated_at = storage::get_int64(row, column++);
  return person;
}

/// A stored custom value back as JSON, by the field's type.
nlohmann::json value_to_json(FieldType type, const std::string& value) {
  switch (type) {
    case FieldType::kNumber: {
      const auto number = nlohmann::json::parse(value, nullptr, false);
      return number.is_number() ? number : nlohmann::json(value);
    }
    case FieldType::kBoolean:
      return value == "true";
    default:
      return value;
  }
}

/// The text form a custom value is stored in (numbers canonical, booleans true/false).
std::string value_to_text(const nlohmann::json& value) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  return value.dump();
}

void load_custom(soci::session& session, std::vector<Person>& persons, const CustomTypes& types) {
  if (persons.empty()) {
    return;
  }
  std::unordered_map<long long, Person*> by_id;
  std::vector<long long> ids;
  for (Person& person : persons) {
    by_id[person.id] = &person;
    ids.push_back(person.id);
  }
  storage::DynamicQuery query(
      "SELECT person_id, field_key, value FROM person_values WHERE person_id IN ");
  query.bind_list(ids).append(" ORDER BY person_id, field_key, value");
  query.for_each_row(session, [&](const soci::row& row) {
    Person* person = by_id[storage::get_int64(row, 0)];
    const std::string key = storage::get_text(row, 1);
    const auto type = types.find(key);
    if (person == nullptr || type == types.end()) {
      return;
    }
    const nlohmann::json value = value_to_json(type->second, storage::get_text(row, 2));
    if (type->second == FieldType::kMultiOption) {
      person->custom[key].push_back(value);
    } else {
      person->custom[key] = value;
    }
  });
}

}  // namespace

long long PersonStore::insert(soci::session& session, const Person& person) const {
  storage::DynamicQuery query("INSERT INTO persons (version");
  for (const TextField& field : person_text_fields()) {
    query.append(", ").append(field.key);
  }
  query.append(", company_id, created_at, updated_at) VALUES (1");
  for (const TextField& field : person_text_fields()) {
    query.append(", ").bind(person.*field.member);
  }
  query.append(", ").bind(person.company_id);
  query.append(", ").bind(person.created_at);
  query.append(", ").bind(person.updated_at);
  query.append(") RETURNING id");
  long long id = 0;
  query.for_each_row(session, [&id](const soci::row& row) { id = storage::get_int64(row, 0); });
  settle_order(session, id);
  return id;
}

void PersonStore::settle_order(soci::session& session, long long id) const {
  PersonOrderStore(dialect_).settle(session, id);
}

std::optional<Person> PersonStore::find(soci::session& session, long long id,
                                        const CustomTypes& types, bool lock) const {
  storage::DynamicQuery query("SELECT " + select_columns() + " FROM persons WHERE id = ");
  query.bind(id);
  if (lock) {
    query.append(dialect_.for_update());
  }
  std::vector<Person> persons;
  query.for_each_row(session,
                     [&](const soci::row& row) { persons.push_back(person_from_row(row)); });
  load_custom(session, persons, types);
  return persons.empty() ? std::nullopt : std::optional(std::move(persons.front()));
}

std::vector<Person> PersonStore::find_many(soci::session& session,
                                           const std::vector<long long>& ids,
                                           const CustomTypes& types) const {
  storage::DynamicQuery query("SELECT " + select_columns() + " FROM persons WHERE id IN ");
  query.bind_list(ids);
  std::unordered_map<long long, Person> found;
  query.for_each_row(session, [&](const soci::row& row) {
    Person person = person_from_row(row);
    found.emplace(person.id, std::move(person));
  });
  std::vector<Person> persons;
  for (long long id : ids) {
    if (auto it = found.find(id); it != found.end()) {
      persons.push_back(std::move(it->second));
    }
  }
  load_custom(session, persons, types);
  return persons;
}

bool PersonStore::update(soci::session& session, const Person& person,
                         long long expected_version) const {
  storage::DynamicQuery query("UPDATE persons SET version = version + 1");
  for (const TextField& field : person_text_fields()) {
    query.append(", ").append(field.key).append(" = ").bind(person.*field.member);
  }
  query.append(", company_id = ").bind(person.company_id);
  query.append(", updated_at = ").bind(person.updated_at);
  query.append(" WHERE id = ").bind(person.id);
  query.append(" AND version = ").bind(expected_version);
  query.append(" RETURNING id");
  bool updated = false;
  query.for_each_row(session, [&updated](const soci::row&) { updated = true; });
  if (updated) {
    settle_order(session, person.id);
  }
  return updated;
}

void PersonStore::write_processing(soci::session& session, const Person& person) const {
  storage::DynamicQuery query("UPDATE persons SET processing_restricted = ");
  query.bind(person.processing_restricted ? 1 : 0);
  query.append(", restriction_reason = ").bind(person.restriction_reason);
  query.append(", restricted_at = ").bind(person.restricted_at);
  query.append(", objects_to_direct_marketing = ").bind(person.objects_to_direct_marketing ? 1 : 0);
  query.append(", objection_at = ").bind(person.objection_at);
  query.append(", legal_hold = ").bind(person.legal_hold ? 1 : 0);
  query.append(", legal_hold_reason = ").bind(person.legal_hold_reason);
  query.append(", legal_hold_at = ").bind(person.legal_hold_at);
  query.append(", updated_at = ").bind(person.updated_at);
  query.append(" WHERE id = ").bind(person.id);
  query.execute(session);
}

void PersonStore::remove(soci::session& session, long long id) const {
  session << kDelete, soci::use(id);
}

void PersonStore::write_custom(soci::session& session, long long person_id,
                               const nlohmann::json& custom, const std::vector<std::string>& keys,
                               const CustomTypes& types) const {
  for (const std::string& key : keys) {
    session << kDeleteValue, soci::use(person_id), soci::use(key);
    const auto value = custom.find(key);
    const auto type = types.find(key);
    if (value == custom.end() || value->is_null() || type == types.end()) {
      continue;
    }
    const nlohmann::json values = value->is_array() ? *value : nlohmann::json::array({*value});
    for (const auto& item : values) {
      const std::string text = value_to_text(item);
      double number = 0;
      soci::indicator number_indicator = soci::i_null;
      if (item.is_number()) {
        number = item.get<double>();
        number_indicator = std::isfinite(number) ? soci::i_ok : soci::i_null;
      }
      session << kInsertValue, soci::use(person_id), soci::use(key), soci::use(text),
          soci::use(number, number_indicator);
    }
  }
}

bool PersonStore::company_exists(soci::session& session, long long company_id) const {
  return storage::DynamicQuery(kCompanyExists).bind(company_id).first_integer(session) > 0;
}

bool PersonStore::exists(soci::session& session, long long id) {
  return storage::DynamicQuery(kExists).bind(id).first_integer(session) > 0;
}

}  // namespace vern::crm
