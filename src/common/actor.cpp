#include "common/actor.hpp"

#include "common/enum_names.hpp"
#include "common/error.hpp"

namespace vern {

namespace {

constexpr EnumNames<Role, 3> kRoleNames = {{
    {Role::kUser, "user"},
    {Role::kPrivacyOfficer, "privacy_officer"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

std::string_view to_string(Role role) {
  return name_of(kRoleNames, role);
}

std::optional<Role> parse_role(std::string_view text) {
  return value_of(kRoleNames, text);
}

bool has_role(const Actor& actor, Role minimum) {
  return static_cast<int>(actor.role) >= static_cast<int>(minimum);
}

void require_role(const Actor& actor, Role minimum) {
  if (!has_role(actor, minimum)) {
    throw Error::forbidden("This needs the role " + std::string(to_string(minimum)) + ".");
  }
}

}  // namespace vern
