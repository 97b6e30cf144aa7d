#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crm/activity.hpp"
#include "crm/field_definition.hpp"
#include "crm/history.hpp"
#include "crm/person.hpp"
#include "storage/dialect.hpp"
#include "storage/soci_fwd.hpp"

namespace vern::crm {

/// What the CRM holds about one person, read in the caller's transaction: the narrow door through
/// which other domains (the data package, the portal, erasure) read a person's records, rather than
/// through the CRM's stores.
class PersonRecords {
 public:
  PersonRecords(soci::session& session, const storage::Dialect& dialect)
      : session_(session), dialect_(dialect) {}

  /// Every field definition, built-in and custom, in their order.
  std::vector<FieldDefinition> fields() const;
  /// Whether a read of the person also locks their row until the transaction ends (so that two
  /// changes about one person take turns).
  enum class Lock { kNo, kYes };
  /// The person with their custom values (of `fields`), or nothing.
  std::optional<Person> person(long long id, const std::vector<FieldDefinition>& fields,
                               Lock lock = Lock::kNo) const;
  bool exists(long long id) const;
  /// The name of a company, or nothing when there is no such company.
  std::optional<std::string> company_name(long long company_id) const;
  std::vector<HistoryType> history_types() const;
  /// The person's history notes, newest first, at most `limit`.
  std::vector<HistoryEntry> history(long long person_id, int limit) const;
  /// The marketing activities the person takes part in, newest first, at most `limit`.
  std::vector<PersonActivity> activities(long long person_id, int limit) const;

 private:
  soci::session& session_;
  const storage::Dialect& dialect_;
};

}  // namespace vern::crm
