#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "crm/person.hpp"
#include "storage/database.hpp"

namespace vern::crm {

/// A person after a change, and the keys of the fields whose values the change altered.
struct PersonPatch {
  Person person;
  std::vector<std::string> changed;  // as changed_fields() names them
};

/// Persons: create, read (every read audited), change with optimistic versioning, delete.
/// Values are validated by their field definitions, custom fields included.
class PersonService {
 public:
  PersonService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  /// `values` is a JSON object of field keys (and "custom": {...}); unknown keys are 422s.
  Person create(const Actor& actor, const nlohmann::json& values);
  /// An audited read of one person.
  Person get(const Actor& actor, long long id);
  /// Persons by id, in that order, for lists; audited as one read naming how many.
  std::vector<Person> get_many(const Actor& actor, const std::vector<long long>& ids,
                               const std::string& purpose);
  /// Applies a JSON merge patch. With `expected_version`, a stale version is kPreconditionFailed;
  /// without, the patch applies to the current version. The version rises by one.
  PersonPatch patch(const Actor& actor, long long id, const nlohmann::json& merge_patch,
                    std::optional<long long> expected_version);
  /// Whether the actor may delete persons (admins).
  static bool may_delete(const Actor& actor);
  /// Whether the actor may put or lift a legal hold (privacy officers and admins): a hold keeps
  /// data from erasure.
  static bool may_hold(const Actor& actor);
  void remove(const Actor& actor, long long id);
  /// Restricts processing (Art. 18, with a reason), records an objection to direct marketing
  /// (Art. 21), or puts a legal hold (with a reason) — or lifts them. Each flag changed is an
  /// audit event of its own. kInvalid when turning restriction or hold on without a reason.
  Person set_processing(const Actor& actor, long long id, const ProcessingChanges& changes);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::crm
