#include "crm/activity.hpp"

#include "common/enum_names.hpp"

namespace vern::crm {
namespace {

constexpr EnumNames<ParticipantStatus, 4> kStatusNames = {{
    {ParticipantStatus::kInvited, "invited"},
    {ParticipantStatus::kRegistered, "registered"},
    {ParticipantStatus::kAttended, "attended"},
    {ParticipantStatus::kCancelled, "cancelled"},
}};

}  // namespace

const std::vector<ActivityField>& activity_fields() {
  static const std::vector<ActivityField> kFields = {
      {"name", &Activity::name},
      {"type", &Activity::type},
      {"date", &Activity::date},
      {"description", &Activity::description},
  };
  return kFields;
}

const ActivityField* find_activity_field(std::string_view key) {
  return find_member_field(activity_fields(), key);
}

std::string_view to_string(ParticipantStatus status) {
  return name_of(kStatusNames, status);
}

std::optional<ParticipantStatus> parse_participant_status(std::string_view text) {
  return value_of(kStatusNames, text);
}

}  // namespace vern::crm
