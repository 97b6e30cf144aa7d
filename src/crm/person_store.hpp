#pragma once

#include <map>
#include <optional>
#include <vector>

#include "crm/field_definition.hpp"
#include "crm/person.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::crm {

/// The field types of custom fields, by key: how stored values are turned back into JSON.

/// SQL for persons and their custom values.
class PersonStore {
 public:
  explicit PersonStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  long long insert(soci::session& session, const Person& person) const;
  /// The person with custom values; `lock` holds the row until the transaction ends.
  std::optional<Person> find(soci::session& session, long long id, const CustomTypes& types,
                             bool lock = false) const;
  /// Persons in the order of `ids` (missing ids are skipped).
  std::vector<Person> find_many(soci::session& session, const std::vector<long long>& ids,
                                const CustomTypes& types) const;
  /// Writes every built-in field and bumps the version; false when the stored version is not
  /// `expected_version` (someone else changed it).
  bool update(soci::session& session, const Person& person, long long expected_version) const;
  /// Writes the processing flags (restriction, objection, legal hold) with their reasons and
  /// times, and updated_at; nothing else, and not the version.
  void write_processing(soci::session& session, const Person& person) const;
  /// Puts the person in their place in the search order (see PersonOrderStore); insert and update
  /// do it themselves, writers that bypass them must call it.
  void settle_order(soci::session& session, long long id) const;
  void remove(soci::session& session, long long id) const;
  /// Replaces the values of the custom fields named in `keys` with those in `custom`.
  void write_custom(soci::session& session, long long person_id, const nlohmann::json& custom,
                    const std::vector<std::string>& keys, const CustomTypes& types) const;
  bool company_exists(soci::session& session, long long company_id) const;
  /// True when a person with this id exists (for the stores of things that belong to a person).
  static bool exists(soci::session& session, long long id);

 private:
  const storage::Dialect& dialect_;
};

}  // namespace vern::crm
