#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "consent/consent.hpp"
#include "consent/consent_store.hpp"
#include "storage/database.hpp"

namespace vern::consent {

/// What removing a consent type did: a type that has consents is only deactivated.
enum class Removal { kDeleted, kDeactivated };

/// Consent types (admins define them; staff list them) and the consent events of persons (staff,
/// the API, the importer, the portal record them). Every change is audited; reading a person's
/// consents is an audited read.
class ConsentService {
 public:
  ConsentService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  std::vector<ConsentType> list_types(const Actor& actor);
  /// The type with `key`, and every version of its purpose text (newest first). kNotFound.
  std::pair<ConsentType, std::vector<ConsentText>> get_type(const Actor& actor,
                                                            const std::string& key);
  /// Admins. A key in use is kConflict; bad input is kInvalid naming each field.
  ConsentType create_type(const Actor& actor, const NewConsentType& input);
  /// Admins. A changed purpose text becomes a new text version; the old one is kept.
  ConsentType update_type(const Actor& actor, const std::string& key,
                          const ConsentTypeChanges& changes);
  /// Admins. Deletes a type no one has consented to; deactivates one that has consents.
  Removal remove_type(const Actor& actor, const std::string& key);

  /// The person's consents (an audited read). kNotFound for an unknown person.
  PersonConsents of_person(const Actor& actor, long long person_id);
  /// What of_person answers, read in the caller's transaction without a role check or an audit
  /// event: for callers that check and audit themselves (the person data package).
  static PersonConsents load(soci::session& session, long long person_id);
  /// Appends a grant or withdrawal under the type's current text version. kNotFound for an
  /// unknown person; kInvalid for an unknown or inactive type or a bad note.
  ConsentEvent record(const Actor& actor, long long person_id, const NewConsentEvent& input);
  /// The same inside the caller's transaction (the importer, the portal), audited there.
  ConsentEvent record(soci::session& session, const Actor& actor, long long person_id,
                      const NewConsentEvent& input);

  /// The dashboard's numbers (no personal data): persons per state of each active type, and
  /// how many are restricted, objecting or held.
  std::pair<std::vector<StateCounts>, ProcessingCounts> dashboard(const Actor& actor);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::consent
