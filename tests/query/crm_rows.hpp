#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crm/field_definition.hpp"
#include "crm/person_order_store.hpp"
#include "storage/database.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"

namespace vern::testing {

/// Writes CRM rows with plain SQL, so the query tests depend on the schema only, not on the
/// services that will write them in the product.
class CrmRows {
 public:
  explicit CrmRows(storage::Database& database) : database_(database) {}

  /// The custom fields of `fields` as rows of field_definitions (person_values refer to them).
  void define_custom_fields(const std::vector<crm::FieldDefinition>& fields) {
    for (const crm::FieldDefinition& field : fields) {
      if (field.builtin) {
        continue;
      }
      storage::DynamicQuery query(
          "INSERT INTO field_definitions (key, type, label_en, label_nb, label_sv, created_at) "
          "VALUES (");
      query.bind(field.key).append(", ").bind(std::string(crm::to_string(field.type)));
      query.append(", 'x', 'x', 'x', 0)");
      write(query);
    }
  }

  long long company(const std::map<std::string, std::string>& columns) {
    return insert("companies", columns, {{"created_at", 1}, {"updated_at", 1}});
  }

  /// A person with the text columns given; created_at and updated_at default to `created_at`.
  long long person(const std::map<std::string, std::string>& columns,
                   std::optional<long long> company_id = std::nullopt,
                   long long created_at = 1'700'000'000) {
    std::map<std::string, long long> numbers = {{"created_at", created_at},
                                                {"updated_at", created_at}};
    if (company_id) {
      numbers["company_id"] = *company_id;
    }
    const long long id = insert("persons", columns, numbers);
    settle(id);
    return id;
  }

  /// Puts a person written here in their place in the search order, as the person store does.
  void settle(long long person_id) {
    database_.write([&](soci::session& session) {
      crm::PersonOrderStore(database_.dialect()).settle(session, person_id);
    });
  }

  /// One stored custom value (numbers also in number_value), as the person store writes it.
  void value(long long person_id, const std::string& key, const std::string& text,
             std::optional<double> number = std::nullopt) {
    storage::DynamicQuery query(
        "INSERT INTO person_values (person_id, field_key, value, number_value) VALUES (");
    query.bind(person_id).append(", ").bind(key).append(", ").bind(text).append(", ");
    if (number) {
      query.append("CAST(").bind(text).append(" AS DOUBLE PRECISION)");
    } else {
      query.append("NULL");
    }
    write(query.append(")"));
  }

  long long activity(const std::string& name) {
    return insert("activities", {{"name", name}}, {{"created_at", 1}, {"updated_at", 1}});
  }

  void participant(long long activity_id, long long person_id, const std::string& status) {
    storage::DynamicQuery query(
        "INSERT INTO participants (activity_id, person_id, status, updated_at) VALUES (");
    query.bind(activity_id).append(", ").bind(person_id).append(", ").bind(status);
    write(query.append(", 1)"));
  }

  void history(long long person_id, const std::string& type, const std::string& date) {
    insert("history", {{"type", type}, {"date", date}, {"text", "note text"}, {"author", "tester"}},
           {{"person_id", person_id}, {"created_at", 1}, {"updated_at", 1}});
  }

  /// Runs a statement of the test's own (an update or delete).
  void execute(const std::string& sql) {
    database_.write([&](soci::session& session) { session << sql; });
  }

 private:
  long long insert(const std::string& table, const std::map<std::string, std::string>& texts,
                   const std::map<std::string, long long>& numbers) {
    std::string columns;
    for (const auto& [column, text] : texts) {
      columns += (columns.empty() ? "" : ", ") + column;
    }
    for (const auto& [column, number] : numbers) {
      columns += (columns.empty() ? "" : ", ") + column;
    }
    // The tests' own column names, never input: plain concatenation is fine here.
    storage::DynamicQuery statement("INSERT INTO " + table + " (" + columns + ") VALUES (");
    bool first = true;
    for (const auto& [column, text] : texts) {
      statement.append(first ? "" : ", ").bind(text);
      first = false;
    }
    for (const auto& [column, number] : numbers) {
      statement.append(first ? "" : ", ").bind(number);
      first = false;
    }
    statement.append(") RETURNING id");
    long long id = 0;
    database_.write([&](soci::session& session) {
      statement.for_each_row(session,
                             [&](const soci::row& row) { id = storage::get_int64(row, 0); });
    });
    return id;
  }

  void write(const storage::DynamicQuery& query) {
    database_.write([&](soci::session& session) { query.execute(session); });
  }

  storage::Database& database_;
};

}  // namespace vern::testing
