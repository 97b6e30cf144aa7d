#pragma once

#include <optional>
#include <string>

#include "common/actor.hpp"
#include "common/clock.hpp"

namespace vern::auth {

/// A staff account.
struct User {
  long long id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kUser;
  bool active = true;
  std::string password_hash;
  std::string locale = "en";  // the staff UI's language: "en" or "nb"
  UnixTime created_at = 0;
  UnixTime updated_at = 0;

  Actor actor() const { return Actor{id, username, role}; }
};

/// What an admin fills in to add a user.
struct NewUser {
  std::string username;
  std::string display_name;
  Role role = Role::kUser;
  std::string password;
  std::string locale = "en";
};

/// A staff session as the HTTP layer sees it once the cookie is checked.
struct StaffSession {
  long long session_id = 0;
  User user;
  std::string csrf_token;
};

/// An API token as listed (the token itself is shown once, at creation, and never stored).
struct ApiToken {
  long long id = 0;
  long long user_id = 0;
  std::string username;
  std::string name;
  UnixTime created_at = 0;
  std::optional<UnixTime> last_used_at;
  std::optional<UnixTime> revoked_at;
};

}  // namespace vern::auth
