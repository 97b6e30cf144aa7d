#pragma once

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "crm/activity.hpp"
#include "storage/database.hpp"

namespace vern::crm {

/// Marketing activities and their participants: every staff user manages them (deleting an
/// activity too). Participants are personal data: listing them and every change is audited.
class ActivityService {
 public:
  ActivityService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  ActivityPage list(const Actor& actor, const ActivityQuery& query);
  Activity get(const Actor& actor, long long id);
  /// Takes the text fields of `activity`; names each invalid field (kInvalid).
  Activity create(const Actor& actor, const Activity& activity);
  /// Applies a merge patch; unknown keys and invalid values name their field.
  Activity update(const Actor& actor, long long id, const ActivityPatch& patch);
  /// Deletes the activity with its participants.
  void remove(const Actor& actor, long long id);

  /// The activity's participants by person id; one audited read
  /// ("activity.participants.read").
  ParticipantPage participants(const Actor& actor, long long activity_id,
                               const ParticipantQuery& query);
  /// Adds the person with `status` or changes their status; kNotFound for an unknown activity
  /// or person.
  ParticipantUpdate set_participant(const Actor& actor, long long activity_id, long long person_id,
                                    ParticipantStatus status);
  /// The activities the person takes part in with their status (at most
  /// kMaxPersonActivities, newest first); an audited read of the person
  /// ("person.activities.read"). kNotFound for an unknown person.
  std::vector<PersonActivity> activities_of(const Actor& actor, long long person_id);
  /// kNotFound when the person is not a participant.
  void remove_participant(const Actor& actor, long long activity_id, long long person_id);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::crm
