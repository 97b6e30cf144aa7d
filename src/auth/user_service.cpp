#include "auth/user_service.hpp"

#include <regex>

#include "auth/session_store.hpp"
#include "auth/user_store.hpp"
#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/text.hpp"

namespace vern::auth {
namespace {

constexpr std::size_t kMaxDisplayName = 200;

bool valid_username(const std::string& username) {
  static const std::regex kPattern("^[a-z0-9][a-z0-9._-]{1,63}$");
  return std::regex_match(username, kPattern);
}

User must_find(soci::session& session, long long id) {
  auto user = UserStore().find_by_id(session, id);
  if (!user) {
    throw Error::not_found("No user with id " + std::to_string(id) + ".");
  }
  return *user;
}

Error username_taken(const std::string& username) {
  return Error(ErrorKind::kConflict, "A user named " + username + " exists already.",
               {{"username", "This username is taken."}});
}

}  // namespace

void UserService::validate_password(const std::string& password) {
  // Password rules speak of characters, not bytes: "æøåæøå" is six.
  const std::size_t length = text::utf8_length(password);
  if (length < kMinPasswordLength) {
    throw Error::invalid_field("password", "The password must have at least " +
                                               std::to_string(kMinPasswordLength) + " characters.");
  }
  if (length > kMaxPasswordLength) {
    throw Error::invalid_field("password", "The password is too long.");
  }
}

User UserService::create(const Actor& actor, const NewUser& input) {
  require_role(actor, Role::kAdmin);
  FieldErrors errors;
  if (!valid_username(input.username)) {
    errors.add("username",
               "Use 2 to 64 lower-case letters, digits, dots, dashes or underscores, starting "
               "with a letter or digit.");
  }
  if (input.display_name.size() > kMaxDisplayName) {
    errors.add("display_name", "The name is too long.");
  }
  if (!i18n::is_staff_locale(input.locale)) {
    errors.add("locale", "Choose en or nb.");
  }
  if (const std::size_t length = text::utf8_length(input.password);
      length < kMinPasswordLength || length > kMaxPasswordLength) {
    errors.add("password", "The password must have " + std::to_string(kMinPasswordLength) + " to " +
                               std::to_string(kMaxPasswordLength) + " characters.");
  }
  errors.throw_if_any();

  User user;
  user.username = input.username;
  user.display_name = input.display_name.empty() ? input.username : input.display_name;
  user.role = input.role;
  user.locale = input.locale;
  user.password_hash = hasher_.hash(input.password);
  user.created_at = user.updated_at = clock_.now();
  return database_.write([&](soci::session& session) {
    const UserStore store;
    if (store.find_by_username(session, user.username)) {
      throw username_taken(user.username);
    }
    try {
      user.id = store.insert(session, user);
    } catch (const soci::soci_error& error) {
      // On PostgreSQL another instance may add the name between the check and the insert.
      if (storage::is_constraint_violation(error)) {
        throw username_taken(user.username);
      }
      throw;
    }
    audit_.append(session, actor, "user.create", "user", std::to_string(user.id), std::nullopt,
                  R"({"role":")" + std::string(to_string(user.role)) + "\"}");
    return user;
  });
}

std::vector<User> UserService::list(const Actor& actor) {
  require_role(actor, Role::kAdmin);
  return database_.read([](soci::session& session) { return UserStore().list(session); });
}

User UserService::get(const Actor& actor, long long id) {
  require_role(actor, Role::kAdmin);
  return database_.read([&](soci::session& session) { return must_find(session, id); });
}

void UserService::set_active(const Actor& actor, long long id, bool active) {
  require_role(actor, Role::kAdmin);
  database_.write([&](soci::session& session) {
    const UserStore store;
    // Lock the active admins before reading: two instances deactivating the last two admins at
    // once would otherwise each count two and leave none.
    const long long active_admins =
        active ? 0 : store.lock_active_admins(session, database_.dialect());
    const User user = must_find(session, id);
    if (!active && user.role == Role::kAdmin && user.active && active_admins <= 1) {
      throw Error(ErrorKind::kConflict, "The last active admin cannot be deactivated.");
    }
    store.set_active(session, id, active, clock_.now());
    if (!active) {
      SessionStore().remove_for_user(session, id);
    }
    audit_.append(session, actor, active ? "user.activate" : "user.deactivate", "user",
                  std::to_string(id));
  });
}

void UserService::reset_password(const Actor& actor, long long id, const std::string& password) {
  require_role(actor, Role::kAdmin);
  validate_password(password);
  const std::string hash = hasher_.hash(password);
  database_.write([&](soci::session& session) {
    must_find(session, id);
    UserStore().set_password_hash(session, id, hash, clock_.now());
    // A reset ends every session the user had: whoever knew the old password is logged out.
    SessionStore().remove_for_user(session, id);
    audit_.append(session, actor, "user.password_reset", "user", std::to_string(id));
  });
}

void UserService::set_own_locale(const Actor& actor, const std::string& locale) {
  if (!actor.is_user()) {
    throw Error::forbidden("Only staff users have a language setting.");
  }
  if (!i18n::is_staff_locale(locale)) {
    throw Error::invalid_field("locale", "Choose en or nb.");
  }
  database_.write([&](soci::session& session) {
    UserStore().set_locale(session, actor.user_id, locale, clock_.now());
    audit_.append(session, actor, "user.locale", "user", std::to_string(actor.user_id),
                  std::nullopt, R"({"fields":["locale"]})");
  });
}

User UserService::ensure_admin(const Actor& actor, const std::string& username,
                               const std::string& password) {
  require_role(actor, Role::kAdmin);
  validate_password(password);
  auto existing = database_.read(
      [&](soci::session& session) { return UserStore().find_by_username(session, username); });
  if (!existing) {
    return create(actor, NewUser{username, "Administrator", Role::kAdmin, password, "en"});
  }
  reset_password(actor, existing->id, password);
  if (existing->role != Role::kAdmin) {
    database_.write([&](soci::session& session) {
      UserStore().set_role(session, existing->id, Role::kAdmin, clock_.now());
      audit_.append(session, actor, "user.role", "user", std::to_string(existing->id), std::nullopt,
                    R"({"role":"admin"})");
    });
  }
  if (!existing->active) {
    set_active(actor, existing->id, true);
  }
  return get(actor, existing->id);
}

}  // namespace vern::auth
