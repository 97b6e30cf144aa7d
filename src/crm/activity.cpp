#include "crm/activity.hpp"

#include <array>
#include <utility>

namespace vern::crm {
namespace {

constexpr std::array<std::pair<ParticipantStatus, std::string_view>, 4> kStatusNames = {{
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
  for (const ActivityField& field : activity_fields()) {
    if (field.key == key) {
      return &field;
    }
  }
  return nullptr;
}

std::string_view to_string(ParticipantStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) {
      return name;
    }
  }
  return kStatusNames.front().second;
}

std::optional<ParticipantStatus> parse_participant_status(std::string_view text) {
  for (const auto& [value, name] : kStatusNames) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace vern::crm
