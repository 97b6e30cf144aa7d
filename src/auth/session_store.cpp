#include "auth/session_store.hpp"

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::auth {
namespace {

constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) "
    "VALUES (:hash, :user_id, :csrf, :created_at, :last_seen_at, :expires_at) RETURNING id";
constexpr std::string_view kFindSession =
    "SELECT id, user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions "
    "WHERE token_hash = :hash";
constexpr std::string_view kTouchSession = "UPDATE sessions SET last_seen_at = :now WHERE id = :id";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE id = :id";
constexpr std::string_view kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = :user_id";
constexpr std::string_view kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE last_seen_at < :idle_before OR expires_at <= :now";

constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
    "VALUES (:user_id, :name, :hash, :now) RETURNING id";
constexpr std::string_view kTokenColumns =
    "SELECT t.id, t.user_id, u.username, t.name, t.created_at, t.last_used_at, t.revoked_at "
    "FROM api_tokens t JOIN users u ON u.id = t.user_id";
constexpr std::string_view kTouchToken = "UPDATE api_tokens SET last_used_at = :now WHERE id = :id";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL";

constexpr std::string_view kInsertFailure =
    "INSERT INTO login_failures (key_hash, failed_at) VALUES (:key, :now)";
constexpr std::string_view kCountFailures =
    "SELECT COUNT(*) FROM login_failures WHERE key_hash = :key AND failed_at >= :since";
constexpr std::string_view kClearFailures = "DELETE FROM login_failures WHERE key_hash = :key";
constexpr std::string_view kDeleteOldFailures =
    "DELETE FROM login_failures WHERE failed_at < :before";

ApiToken token_from_row(const soci::row& row) {
  ApiToken token;
  token.id = storage::get_int64(row, 0);
  token.user_id = storage::get_int64(row, 1);
  token.username = storage::get_text(row, 2);
  token.name = storage::get_text(row, 3);
  token.created_at = storage::get_int64(row, 4);
  token.last_used_at = storage::get_optional_int64(row, 5);
  token.revoked_at = storage::get_optional_int64(row, 6);
  return token;
}

}  // namespace

long long SessionStore::insert(soci::session& session, const std::string& token_hash,
                               const SessionRecord& record) const {
  long long id = 0;
  session << kInsertSession, soci::use(token_hash), soci::use(record.user_id),
      soci::use(record.csrf_token), soci::use(record.created_at), soci::use(record.last_seen_at),
      soci::use(record.expires_at), soci::into(id);
  return id;
}

std::optional<SessionRecord> SessionStore::find(soci::session& session,
                                                const std::string& token_hash) const {
  soci::rowset<soci::row> rows = (session.prepare << kFindSession, soci::use(token_hash));
  for (const soci::row& row : rows) {
    SessionRecord record;
    record.id = storage::get_int64(row, 0);
    record.user_id = storage::get_int64(row, 1);
    record.csrf_token = storage::get_text(row, 2);
    record.created_at = storage::get_int64(row, 3);
    record.last_seen_at = storage::get_int64(row, 4);
    record.expires_at = storage::get_int64(row, 5);
    return record;
  }
  return std::nullopt;
}

void SessionStore::touch(soci::session& session, long long id, UnixTime now) const {
  session << kTouchSession, soci::use(now), soci::use(id);
}

void SessionStore::remove(soci::session& session, long long id) const {
  session << kDeleteSession, soci::use(id);
}

void SessionStore::remove_for_user(soci::session& session, long long user_id) const {
  session << kDeleteUserSessions, soci::use(user_id);
}

void SessionStore::remove_expired(soci::session& session, UnixTime idle_before,
                                  UnixTime now) const {
  session << kDeleteExpiredSessions, soci::use(idle_before), soci::use(now);
}

long long ApiTokenStore::insert(soci::session& session, long long user_id, const std::string& name,
                                const std::string& token_hash, UnixTime now) const {
  long long id = 0;
  session << kInsertToken, soci::use(user_id), soci::use(name), soci::use(token_hash),
      soci::use(now), soci::into(id);
  return id;
}

std::optional<ApiToken> ApiTokenStore::find_by_id(soci::session& session, long long id) const {
  storage::DynamicQuery query(kTokenColumns);
  query.append(" WHERE t.id = ").bind(id);
  auto tokens = query.rows(session, token_from_row);
  return tokens.empty() ? std::nullopt : std::optional(tokens.front());
}

std::vector<ApiToken> ApiTokenStore::list(soci::session& session,
                                          std::optional<long long> user_id) const {
  storage::DynamicQuery query(kTokenColumns);
  if (user_id) {
    query.append(" WHERE t.user_id = ").bind(*user_id);
  }
  query.append(" ORDER BY t.id");
  return query.rows(session, token_from_row);
}

void ApiTokenStore::touch(soci::session& session, long long id, UnixTime now) const {
  session << kTouchToken, soci::use(now), soci::use(id);
}

void ApiTokenStore::revoke(soci::session& session, long long id, UnixTime now) const {
  session << kRevokeToken, soci::use(now), soci::use(id);
}

void LoginFailureStore::record(soci::session& session, const std::string& key_hash,
                               UnixTime now) const {
  session << kInsertFailure, soci::use(key_hash), soci::use(now);
}

long long LoginFailureStore::count_since(soci::session& session, const std::string& key_hash,
                                         UnixTime since) const {
  long long count = 0;
  session << kCountFailures, soci::use(key_hash), soci::use(since), soci::into(count);
  return count;
}

void LoginFailureStore::clear(soci::session& session, const std::string& key_hash) const {
  session << kClearFailures, soci::use(key_hash);
}

void LoginFailureStore::remove_older_than(soci::session& session, UnixTime before) const {
  session << kDeleteOldFailures, soci::use(before);
}

}  // namespace vern::auth
