#pragma once

#include <optional>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/user.hpp"
#include "common/crypto.hpp"
#include "storage/database.hpp"

namespace vern::auth {

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 1024;

/// Staff accounts: adding, listing, deactivating, password resets. Admin-only except where noted.
class UserService {
 public:
  UserService(storage::Database& database, audit::AuditLog& audit, crypto::PasswordHasher& hasher,
              const Clock& clock)
      : database_(database), audit_(audit), hasher_(hasher), clock_(clock) {}

  User create(const Actor& actor, const NewUser& user);
  std::vector<User> list(const Actor& actor);
  User get(const Actor& actor, long long id);
  void set_active(const Actor& actor, long long id, bool active);
  void reset_password(const Actor& actor, long long id, const std::string& password);
  /// Any user may choose their own UI language.
  void set_own_locale(const Actor& actor, const std::string& locale);
  /// Creates the user, or gives an existing one a new password, role admin and active (the demo).
  User ensure_admin(const Actor& actor, const std::string& username, const std::string& password);

  /// Throws vern::Error (kInvalid, field "password") for a password that is too short or long.
  static void validate_password(const std::string& password);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  crypto::PasswordHasher& hasher_;
  const Clock& clock_;
};

}  // namespace vern::auth
