#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vern {

/// Staff roles, from least to most privileged.
enum class Role { kUser, kPrivacyOfficer, kAdmin };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

/// Who is acting: a staff user, or the system itself (CLI, workers). Services take it to check
/// roles and to audit.
struct Actor {
  long long user_id = 0;  // 0 when not a staff user
  std::string name;       // the username, or "system", "cli", ...
  Role role = Role::kUser;

  bool is_user() const { return user_id != 0; }
  /// The command line and background work act with full rights under a fixed name.
  static Actor system(std::string name) { return Actor{0, std::move(name), Role::kAdmin}; }
};

/// Whether the actor's role is at least `minimum`.
bool has_role(const Actor& actor, Role minimum);

/// Throws vern::Error (kForbidden) unless the actor's role is at least `minimum`.
void require_role(const Actor& actor, Role minimum);

}  // namespace vern
