#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/user.hpp"
#include "common/crypto.hpp"
#include "storage/database.hpp"

namespace vern::auth {

/// How long staff sessions live and how failed logins are throttled.
struct AccessPolicy {
  std::int64_t session_idle_seconds = 2 * 3600;
  std::int64_t session_absolute_seconds = 12 * 3600;
  std::int64_t throttle_window_seconds = 15 * 60;
  long long max_failures_per_username = 5;
  long long max_failures_per_address = 20;
};

/// A successful login: the session token goes into a cookie and is never stored in clear.
struct LoginResult {
  std::string session_token;
  std::string csrf_token;
  User user;
};

/// A new API token: shown once.
struct NewApiToken {
  ApiToken token;
  std::string secret;
};

/// Logging in and out, resolving session cookies and API tokens to actors, and API tokens'
/// life cycle. Every login, failure, logout and token change is audited.
class AccessService {
 public:
  AccessService(storage::Database& database, audit::AuditLog& audit, crypto::PasswordHasher& hasher,
                const Clock& clock, AccessPolicy policy = {});

  /// Throws kThrottled after too many failures, kUnauthorized for a wrong username or password
  /// or an inactive account (one message for all, so usernames cannot be probed).
  LoginResult login(const std::string& username, const std::string& password,
                    const std::string& client_address);
  std::optional<StaffSession> session_from_token(const std::string& session_token);
  void logout(const std::string& session_token);

  /// Resolves a bearer token; records its last use (at most once a minute).
  std::optional<User> user_from_api_token(const std::string& secret);

  /// Admins may create tokens for anyone, others for themselves.
  NewApiToken create_api_token(const Actor& actor, const std::string& username,
                               const std::string& name);
  std::vector<ApiToken> list_api_tokens(const Actor& actor);
  void revoke_api_token(const Actor& actor, long long token_id);

 private:
  void record_failure(const std::vector<std::string>& keys, const std::string& reason,
                      std::optional<long long> user_id);

  storage::Database& database_;
  audit::AuditLog& audit_;
  crypto::PasswordHasher& hasher_;
  const Clock& clock_;
  AccessPolicy policy_;
  std::string dummy_hash_;
};

}  // namespace vern::auth
