#include "auth/user_store.hpp"

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::auth {
namespace {

constexpr std::string_view kColumns =
    "id, username, display_name, role, active, password_hash, locale, created_at, updated_at";
constexpr std::string_view kInsert =
    "INSERT INTO users (username, display_name, role, active, password_hash, locale, created_at, "
    "updated_at) VALUES (:username, :display_name, :role, :active, :hash, :locale, :created_at, "
    ":updated_at) RETURNING id";
constexpr std::string_view kSetActive =
    "UPDATE users SET active = :active, updated_at = :now WHERE id = :id";
constexpr std::string_view kSetPassword =
    "UPDATE users SET password_hash = :hash, updated_at = :now WHERE id = :id";
constexpr std::string_view kSetLocale =
    "UPDATE users SET locale = :locale, updated_at = :now WHERE id = :id";
constexpr std::string_view kSetRole =
    "UPDATE users SET role = :role, updated_at = :now WHERE id = :id";
constexpr std::string_view kCountActiveAdmins =
    "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1";
// PostgreSQL allows no FOR UPDATE with COUNT(*): the rows are selected and counted here.
constexpr std::string_view kSelectActiveAdmins =
    "SELECT id FROM users WHERE role = 'admin' AND active = 1";

User user_from_row(const soci::row& row) {
  User user;
  user.id = storage::get_int64(row, 0);
  user.username = storage::get_text(row, 1);
  user.display_name = storage::get_text(row, 2);
  user.role = parse_role(storage::get_text(row, 3)).value_or(Role::kUser);
  user.active = storage::get_bool(row, 4);
  user.password_hash = storage::get_text(row, 5);
  user.locale = storage::get_text(row, 6);
  user.created_at = storage::get_int64(row, 7);
  user.updated_at = storage::get_int64(row, 8);
  return user;
}

std::optional<User> find_one(soci::session& session, storage::DynamicQuery& query) {
  std::optional<User> found;
  query.for_each_row(session, [&](const soci::row& row) {
    if (!found) {
      found = user_from_row(row);
    }
  });
  return found;
}

}  // namespace

long long UserStore::insert(soci::session& session, const User& user) const {
  long long id = 0;
  const std::string role(to_string(user.role));
  const int active = user.active ? 1 : 0;
  session << kInsert, soci::use(user.username), soci::use(user.display_name), soci::use(role),
      soci::use(active), soci::use(user.password_hash), soci::use(user.locale),
      soci::use(user.created_at), soci::use(user.updated_at), soci::into(id);
  return id;
}

std::optional<User> UserStore::find_by_id(soci::session& session, long long id) const {
  storage::DynamicQuery query("SELECT " + std::string(kColumns) + " FROM users WHERE id = ");
  query.bind(id);
  return find_one(session, query);
}

std::optional<TokenHolder> UserStore::find_by_live_token(soci::session& session,
                                                         const std::string& token_hash) const {
  storage::DynamicQuery query(
      "SELECT u.id, u.username, u.display_name, u.role, u.active, u.password_hash, u.locale,"
      " u.created_at, u.updated_at, t.id, t.last_used_at FROM api_tokens t"
      " JOIN users u ON u.id = t.user_id"
      " WHERE t.revoked_at IS NULL AND u.active = 1 AND t.token_hash = ");
  query.bind(token_hash);
  std::optional<TokenHolder> found;
  query.for_each_row(session, [&](const soci::row& row) {
    found = TokenHolder{user_from_row(row), storage::get_int64(row, 9),
                        storage::get_optional_int64(row, 10)};
  });
  return found;
}

std::optional<User> UserStore::find_by_username(soci::session& session,
                                                const std::string& username) const {
  storage::DynamicQuery query("SELECT " + std::string(kColumns) + " FROM users WHERE username = ");
  query.bind(username);
  return find_one(session, query);
}

std::vector<User> UserStore::list(soci::session& session) const {
  const std::string sql = "SELECT " + std::string(kColumns) + " FROM users ORDER BY username";
  std::vector<User> users;
  soci::rowset<soci::row> rows = session.prepare << sql;
  for (const soci::row& row : rows) {
    users.push_back(user_from_row(row));
  }
  return users;
}

void UserStore::set_active(soci::session& session, long long id, bool active, UnixTime now) const {
  const int value = active ? 1 : 0;
  session << kSetActive, soci::use(value), soci::use(now), soci::use(id);
}

void UserStore::set_password_hash(soci::session& session, long long id, const std::string& hash,
                                  UnixTime now) const {
  session << kSetPassword, soci::use(hash), soci::use(now), soci::use(id);
}

void UserStore::set_locale(soci::session& session, long long id, const std::string& locale,
                           UnixTime now) const {
  session << kSetLocale, soci::use(locale), soci::use(now), soci::use(id);
}

void UserStore::set_role(soci::session& session, long long id, Role role, UnixTime now) const {
  const std::string name(to_string(role));
  session << kSetRole, soci::use(name), soci::use(now), soci::use(id);
}

long long UserStore::count_active_admins(soci::session& session) const {
  long long count = 0;
  session << kCountActiveAdmins, soci::into(count);
  return count;
}

long long UserStore::lock_active_admins(soci::session& session,
                                        const storage::Dialect& dialect) const {
  const std::string sql = std::string(kSelectActiveAdmins) + std::string(dialect.for_update());
  long long count = 0;
  soci::rowset<soci::row> rows = session.prepare << sql;
  for (auto it = rows.begin(); it != rows.end(); ++it) {
    ++count;
  }
  return count;
}

}  // namespace vern::auth
