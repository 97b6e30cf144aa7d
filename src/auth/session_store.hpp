#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/user.hpp"
#include "storage/soci.hpp"

namespace vern::auth {

/// A stored staff session (only the token's hash is kept).
struct SessionRecord {
  long long id = 0;
  long long user_id = 0;
  std::string csrf_token;
  UnixTime created_at = 0;
  UnixTime last_seen_at = 0;
  UnixTime expires_at = 0;
};

/// SQL for staff sessions, API tokens and failed-login counters.
class SessionStore {
 public:
  long long insert(soci::session& session, const std::string& token_hash,
                   const SessionRecord& record) const;
  std::optional<SessionRecord> find(soci::session& session, const std::string& token_hash) const;
  void touch(soci::session& session, long long id, UnixTime now) const;
  void remove(soci::session& session, long long id) const;
  void remove_for_user(soci::session& session, long long user_id) const;
  void remove_expired(soci::session& session, UnixTime idle_before, UnixTime now) const;
};

class ApiTokenStore {
 public:
  long long insert(soci::session& session, long long user_id, const std::string& name,
                   const std::string& token_hash, UnixTime now) const;
  // The live token of a request is found with its user: UserStore::find_by_live_token.
  std::optional<ApiToken> find_by_id(soci::session& session, long long id) const;
  std::vector<ApiToken> list(soci::session& session, std::optional<long long> user_id) const;
  void touch(soci::session& session, long long id, UnixTime now) const;
  void revoke(soci::session& session, long long id, UnixTime now) const;
};

class LoginFailureStore {
 public:
  void record(soci::session& session, const std::string& key_hash, UnixTime now) const;
  long long count_since(soci::session& session, const std::string& key_hash, UnixTime since) const;
  void clear(soci::session& session, const std::string& key_hash) const;
  void remove_older_than(soci::session& session, UnixTime before) const;
};

}  // namespace vern::auth
