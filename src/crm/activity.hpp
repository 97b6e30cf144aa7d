#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "crm/member_fields.hpp"

namespace vern::crm {

/// A marketing activity (an event, a webinar, a campaign). Empty text means "no value".
struct Activity {
  long long id = 0;
  std::string name;
  std::string type;  // free text, e.g. "seminar"
  std::string date;  // YYYY-MM-DD or empty
  std::string description;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

using ActivityField = MemberField<Activity>;
/// The activity's text fields, in API order.
const std::vector<ActivityField>& activity_fields();
/// The field with `key`, or nullptr when there is none.
const ActivityField* find_activity_field(std::string_view key);

/// A JSON merge patch: every key present replaces that field ("" clears it); absent keys stay.
struct ActivityPatch {
  std::map<std::string, std::string, std::less<>> values;
};

/// A page of the activity list, by id; `after` is the `next` of the previous page.
struct ActivityQuery {
  std::string after;
  int limit = 50;
};

using ActivityPage = Page<Activity>;

/// Where a person stands with an activity.
enum class ParticipantStatus { kInvited, kRegistered, kAttended, kCancelled };

std::string_view to_string(ParticipantStatus status);
std::optional<ParticipantStatus> parse_participant_status(std::string_view text);

/// A person taking part in an activity, with their name for lists.
struct Participant {
  long long activity_id = 0;
  long long person_id = 0;
  std::string first_name;
  std::string last_name;
  ParticipantStatus status = ParticipantStatus::kInvited;
  UnixTime updated_at = 0;
};

/// A page of an activity's participants, by person id.
struct ParticipantQuery {
  std::string after;
  int limit = 50;
};

using ParticipantPage = Page<Participant>;

/// An activity a person takes part in, with their status, as the person's Marketing tab lists it.
struct PersonActivity {
  long long activity_id = 0;
  std::string name;
  std::string type;
  std::string date;
  std::string description;
  ParticipantStatus status = ParticipantStatus::kInvited;
};
inline constexpr int kMaxPersonActivities = 500;

/// The outcome of setting a participant's status.
struct ParticipantUpdate {
  Participant participant;
  bool added = false;  // true when the person was not a participant before
};

}  // namespace vern::crm
