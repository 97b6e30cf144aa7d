#pragma once

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "crm/company.hpp"
#include "storage/database.hpp"

namespace vern::crm {

inline constexpr int kMaxLabelMatches = 5;

/// Companies: every staff user lists, reads, adds, changes and deletes them (deleting keeps the
/// persons, who lose their company). Changes are audited with the names of the fields changed.
class CompanyService {
 public:
  CompanyService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  CompanyPage list(const Actor& actor, const CompanyQuery& query);
  /// The company with its persons; listing persons is an audited read ("company.persons.read").
  CompanyDetails get(const Actor& actor, long long id);
  /// The company alone (no persons, so no personal data and no audit), if it exists.
  std::optional<Company> find(const Actor& actor, long long id);
  /// The companies that `label` names, as a company picker means it: the name alone ignoring
  /// case, or else "Name (org number)" as company_label writes it. When `current` is among several
  /// matches it is the one meant, so an unchanged form keeps its company. At most
  /// kMaxLabelMatches, by id; none for an empty label.
  std::vector<Company> find_by_label(const Actor& actor, std::string_view label,
                                     std::optional<long long> current);
  /// Takes the text fields of `company` (the rest is ignored); names each invalid field.
  Company create(const Actor& actor, const Company& company);
  /// Applies a merge patch; unknown keys and invalid values name their field (kInvalid), a stale
  /// expected version is kPreconditionFailed. A patch that changes nothing leaves the version.
  Company update(const Actor& actor, long long id, const CompanyPatch& patch);
  void remove(const Actor& actor, long long id);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::crm
