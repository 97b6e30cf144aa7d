#pragma once

#include <optional>
#include <vector>

#include "crm/activity.hpp"
#include "storage/soci.hpp"

namespace vern::crm {

/// SQL for the participants of marketing activities.
class ParticipantStore {
 public:
  std::optional<Participant> find(soci::session& session, long long activity_id,
                                  long long person_id) const;
  /// The activity's participants by person id, after `after_person_id`.
  std::vector<Participant> list(soci::session& session, long long activity_id,
                                long long after_person_id, int limit) const;
  /// The activities `person_id` takes part in, newest date first, at most `limit`.
  std::vector<PersonActivity> activities_of(soci::session& session, long long person_id,
                                            int limit) const;
  /// Adds the person or changes their status.
  void upsert(soci::session& session, long long activity_id, long long person_id,
              ParticipantStatus status, UnixTime now) const;
  void remove(soci::session& session, long long activity_id, long long person_id) const;
  long long count(soci::session& session, long long activity_id) const;
};

}  // namespace vern::crm
