#include "auth/actor.hpp"

#include "common/error.hpp"

namespace vern::auth {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kUser:
      return "user";
    case Role::kPrivacyOfficer:
      return "privacy_officer";
    case Role::kAdmin:
      return "admin";
  }
  return "user";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "user") {
    return Role::kUser;
  }
  if (text == "privacy_officer") {
    return Role::kPrivacyOfficer;
  }
  if (text == "admin") {
    return Role::kAdmin;
  }
  return std::nullopt;
}

void require_role(const Actor& actor, Role minimum) {
  if (static_cast<int>(actor.role) < static_cast<int>(minimum)) {
    throw Error::forbidden("This needs the role " + std::string(to_string(minimum)) + ".");
  }
}

}  // namespace vern::auth
