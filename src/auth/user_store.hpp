#pragma once

#include <optional>
#include <vector>

#include "auth/user.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::auth {

/// The user an API token belongs to, with what the token check needs of the token.
struct TokenHolder {
  User user;
  long long token_id = 0;
  std::optional<UnixTime> token_last_used_at;
};

/// SQL for users.
class UserStore {
 public:
  long long insert(soci::session& session, const User& user) const;
  std::optional<User> find_by_id(soci::session& session, long long id) const;
  std::optional<User> find_by_username(soci::session& session, const std::string& username) const;
  /// The active user holding the unrevoked API token with this hash, in one query (it runs on
  /// every API request).
  std::optional<TokenHolder> find_by_live_token(soci::session& session,
                                                const std::string& token_hash) const;
  std::vector<User> list(soci::session& session) const;
  void set_active(soci::session& session, long long id, bool active, UnixTime now) const;
  void set_password_hash(soci::session& session, long long id, const std::string& hash,
                         UnixTime now) const;
  void set_locale(soci::session& session, long long id, const std::string& locale,
                  UnixTime now) const;
  void set_role(soci::session& session, long long id, Role role, UnixTime now) const;
  long long count_active_admins(soci::session& session) const;
  /// Counts the active admins and locks their rows until the transaction ends (PostgreSQL; SQLite
  /// write transactions are serialised already), so that two transactions cannot each deactivate
  /// one of the last two admins.
  long long lock_active_admins(soci::session& session, const storage::Dialect& dialect) const;
};

}  // namespace vern::auth
