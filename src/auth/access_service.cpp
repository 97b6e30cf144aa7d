#include "auth/access_service.hpp"

#include "auth/session_store.hpp"
#include "auth/user_store.hpp"
#include "common/error.hpp"

namespace vern::auth {
namespace {

constexpr std::int64_t kTouchIntervalSeconds = 60;
constexpr std::size_t kMaxTokenName = 100;

std::string throttle_key(std::string_view kind, std::string_view value) {
  return crypto::sha256_hex(std::string(kind) + ":" + std::string(value));
}

Error bad_credentials() {
  return Error(ErrorKind::kUnauthorized, "Wrong username or password.");
}

}  // namespace

AccessService::AccessService(storage::Database& database, audit::AuditLog& audit,
                             crypto::PasswordHasher& hasher, const Clock& clock,
                             AccessPolicy policy)
    : database_(database), audit_(audit), hasher_(hasher), clock_(clock), policy_(policy) {
  // Verified against when the username is unknown, so both answers take as long.
  dummy_hash_ = hasher_.hash(crypto::random_token(16));
}

void AccessService::record_failure(const std::vector<std::string>& keys, const std::string& reason,
                                   std::optional<long long> user_id) {
  const UnixTime now = clock_.now();
  database_.write([&](soci::session& session) {
    const LoginFailureStore failures;
    for (const std::string& key : keys) {
      failures.record(session, key, now);
    }
    failures.remove_older_than(session, now - policy_.throttle_window_seconds);
    audit_.append(session, Actor{0, "anonymous", Role::kUser}, "user.login_failed", "user",
                  user_id ? std::optional(std::to_string(*user_id)) : std::nullopt, std::nullopt,
                  R"({"reason":")" + reason + "\"}");
  });
}

LoginResult AccessService::login(const std::string& username, const std::string& password,
                                 const std::string& client_address) {
  const std::string user_key = throttle_key("user", username);
  const std::string address_key = throttle_key("address", client_address);
  const UnixTime now = clock_.now();
  const auto [user, throttled] = database_.read([&](soci::session& session) {
    const LoginFailureStore failures;
    const UnixTime since = now - policy_.throttle_window_seconds;
    const bool too_many =
        failures.count_since(session, user_key, since) >= policy_.max_failures_per_username ||
        failures.count_since(session, address_key, since) >= policy_.max_failures_per_address;
    return std::pair(UserStore().find_by_username(session, username), too_many);
  });
  if (throttled) {
    record_failure({address_key}, "throttled", user ? std::optional(user->id) : std::nullopt);
    throw Error(ErrorKind::kThrottled, "Too many failed logins. Wait a few minutes and try again.");
  }
  const bool password_ok =
      hasher_.verify(user ? user->password_hash : dummy_hash_, password) && user.has_value();
  if (!password_ok || !user->active) {
    const std::string reason = !user          ? "unknown_user"
                               : !password_ok ? "wrong_password"
                                              : "inactive";
    record_failure({user_key, address_key}, reason, user ? std::optional(user->id) : std::nullopt);
    throw bad_credentials();
  }

  LoginResult result{crypto::random_token(), crypto::random_token(), *user};
  database_.write([&](soci::session& session) {
    SessionRecord record;
    record.user_id = user->id;
    record.csrf_token = result.csrf_token;
    record.created_at = record.last_seen_at = now;
    record.expires_at = now + policy_.session_absolute_seconds;
    const SessionStore sessions;
    sessions.remove_expired(session, now - policy_.session_idle_seconds, now);
    sessions.insert(session, crypto::sha256_hex(result.session_token), record);
    LoginFailureStore().clear(session, user_key);
    audit_.append(session, user->actor(), "user.login", "user", std::to_string(user->id));
  });
  return result;
}

std::optional<StaffSession> AccessService::session_from_token(const std::string& session_token) {
  if (session_token.empty()) {
    return std::nullopt;
  }
  const UnixTime now = clock_.now();
  const std::string hash = crypto::sha256_hex(session_token);
  auto found = database_.read([&](soci::session& session) -> std::optional<StaffSession> {
    auto record = SessionStore().find(session, hash);
    if (!record || record->expires_at <= now ||
        record->last_seen_at + policy_.session_idle_seconds < now) {
      return std::nullopt;
    }
    auto user = UserStore().find_by_id(session, record->user_id);
    if (!user || !user->active) {
      return std::nullopt;
    }
    return StaffSession{record->id, *user, record->csrf_token};
  });
  if (found) {
    database_.read([&](soci::session& session) {
      // Touch at most once a minute: most requests then cost no write.
      auto record = SessionStore().find(session, hash);
      if (record && record->last_seen_at + kTouchIntervalSeconds <= now) {
        SessionStore().touch(session, record->id, now);
      }
    });
  }
  return found;
}

void AccessService::logout(const std::string& session_token) {
  if (session_token.empty()) {
    return;
  }
  const std::string hash = crypto::sha256_hex(session_token);
  database_.write([&](soci::session& session) {
    const SessionStore sessions;
    auto record = sessions.find(session, hash);
    if (!record) {
      return;
    }
    sessions.remove(session, record->id);
    auto user = UserStore().find_by_id(session, record->user_id);
    if (user) {
      audit_.append(session, user->actor(), "user.logout", "user", std::to_string(user->id));
    }
  });
}

std::optional<User> AccessService::user_from_api_token(const std::string& secret) {
  if (secret.empty()) {
    return std::nullopt;
  }
  const UnixTime now = clock_.now();
  const std::string hash = crypto::sha256_hex(secret);
  return database_.read([&](soci::session& session) -> std::optional<User> {
    auto holder = UserStore().find_by_live_token(session, hash);
    if (!holder) {
      return std::nullopt;
    }
    if (!holder->token_last_used_at || *holder->token_last_used_at + kTouchIntervalSeconds <= now) {
      ApiTokenStore().touch(session, holder->token_id, now);
    }
    return std::move(holder->user);
  });
}

NewApiToken AccessService::create_api_token(const Actor& actor, const std::string& username,
                                            const std::string& name) {
  if (name.empty() || name.size() > kMaxTokenName) {
    throw Error::invalid_field("name", "Give the token a name of 1 to 100 characters.");
  }
  if (username != actor.name) {
    require_role(actor, Role::kAdmin);
  }
  NewApiToken created;
  created.secret = crypto::random_token();
  const UnixTime now = clock_.now();
  created.token = database_.write([&](soci::session& session) {
    auto owner = UserStore().find_by_username(session, username);
    if (!owner || !owner->active) {
      throw Error::invalid_field("user", "No active user named " + username + ".");
    }
    const ApiTokenStore tokens;
    const long long id =
        tokens.insert(session, owner->id, name, crypto::sha256_hex(created.secret), now);
    audit_.append(session, actor, "token.create", "api_token", std::to_string(id), std::nullopt,
                  R"({"owner_user_id":)" + std::to_string(owner->id) + "}");
    return *tokens.find_by_id(session, id);
  });
  return created;
}

std::vector<ApiToken> AccessService::list_api_tokens(const Actor& actor) {
  const bool all = static_cast<int>(actor.role) >= static_cast<int>(Role::kAdmin);
  return database_.read([&](soci::session& session) {
    return ApiTokenStore().list(session, all ? std::nullopt : std::optional(actor.user_id));
  });
}

void AccessService::revoke_api_token(const Actor& actor, long long token_id) {
  database_.write([&](soci::session& session) {
    const ApiTokenStore tokens;
    auto token = tokens.find_by_id(session, token_id);
    if (!token) {
      throw Error::not_found("No API token with id " + std::to_string(token_id) + ".");
    }
    if (token->user_id != actor.user_id) {
      require_role(actor, Role::kAdmin);
    }
    tokens.revoke(session, token_id, clock_.now());
    audit_.append(session, actor, "token.revoke", "api_token", std::to_string(token_id));
  });
}

}  // namespace vern::auth
