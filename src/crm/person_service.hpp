#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_log.hpp"
#include "auth/actor.hpp"
#include "crm/person.hpp"
#include "storage/database.hpp"

namespace vern::crm {

/// A search over persons: prefix words and/or a filter (the filter language of API.md).
struct PersonQuery {
  std::string q;
  nlohmann::json filter;  // null for none
  int limit = 50;
  std::optional<std::string> after;
  bool count = false;
};

/// One page of a person search.
struct PersonPage {
  std::vector<Person> persons;
  std::optional<std::string> next;
  std::optional<long long> total;
};

/// Persons: create, read (every read audited), change with optimistic versioning, delete.
/// Values are validated by their field definitions, custom fields included.
class PersonService {
 public:
  PersonService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  /// `values` is a JSON object of field keys (and "custom": {...}); unknown keys are 422s.
  Person create(const auth::Actor& actor, const nlohmann::json& values);
  /// An audited read of one person.
  Person get(const auth::Actor& actor, long long id);
  /// Persons by id, in that order, for lists; audited as one read naming how many.
  std::vector<Person> get_many(const auth::Actor& actor, const std::vector<long long>& ids,
                               const std::string& purpose);
  /// Applies a JSON merge patch. With `expected_version`, a stale version is kPreconditionFailed;
  /// without, the patch applies to the current version. The version rises by one.
  Person patch(const auth::Actor& actor, long long id, const nlohmann::json& merge_patch,
               std::optional<long long> expected_version);
  void remove(const auth::Actor& actor, long long id);
  /// Restricts processing (Art. 18, with a reason), records an objection to direct marketing
  /// (Art. 21), or puts a legal hold (with a reason) — or lifts them. Each flag changed is an
  /// audit event of its own. kInvalid when turning restriction or hold on without a reason.
  Person set_processing(const auth::Actor& actor, long long id, const ProcessingChanges& changes);
  /// Finds persons by prefix words and a filter; the page is audited as one listing.
  PersonPage search(const auth::Actor& actor, const PersonQuery& query);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::crm
