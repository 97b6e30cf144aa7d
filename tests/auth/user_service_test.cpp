#include "auth/user_service.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "auth/auth_test_fixture.hpp"
#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "storage/soci.hpp"

namespace vern::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using vern::testing::error_from;
using vern::testing::fields_of;

constexpr std::chrono::seconds kLockWaitTimeout{10};
constexpr std::chrono::milliseconds kLockPollInterval{5};

/// Whether some session of this database waits for a lock (always false on SQLite, whose writers
/// wait inside BEGIN IMMEDIATE, where no view shows them).
bool someone_waits_for_a_lock(storage::Database& database) {
  if (!database.dialect().is_postgresql()) {
    return false;
  }
  return database.read([](soci::session& session) {
    long long waiting = 0;
    session << "SELECT COUNT(*) FROM pg_stat_activity"
               " WHERE wait_event_type = 'Lock' AND datname = current_database()",
        soci::into(waiting);
    return waiting > 0;
  });
}

class UserServiceTest : public testing::AuthTest {
 protected:
  /// The admin "root", created on first use.
  Actor admin() {
    if (!admin_) {
      admin_ = create_user("root", Role::kAdmin).actor();
    }
    return *admin_;
  }

  /// Plays another instance: begins a write transaction on a pool of its own, runs `hold` in it,
  /// starts `work` on a thread, and commits only once `work` waits for that transaction's locks
  /// (or has finished), so `work` meets the other instance's change half-way.
  void race_against(const std::function<void(soci::session&)>& hold,
                    const std::function<void()>& work) {
    auto other = test_database().open_another(1);
    auto lease = other->lease();
    soci::session& session = lease->session();
    session << std::string(other->dialect().begin_write());
    hold(session);
    std::atomic<bool> done{false};
    std::thread worker([&] {
      try {
        work();
      } catch (const std::exception& unexpected) {
        ADD_FAILURE() << "unexpected exception: " << unexpected.what();
      }
      done = true;
    });
    const auto deadline = std::chrono::steady_clock::now() + kLockWaitTimeout;
    if (db().dialect().is_postgresql()) {
      while (!done && !someone_waits_for_a_lock(db()) &&
             std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(kLockPollInterval);
      }
    }
    session << "COMMIT";
    worker.join();
  }

  NewUser new_user(std::string username) {
    return NewUser{std::move(username), "Alice Example", Role::kUser, kPassword, "en"};
  }

 private:
  std::optional<Actor> admin_;
};

TEST_P(UserServiceTest, CreateStoresTheUserWithAHashedPassword) {
  const User created = users().create(Actor::system("test"), new_user("alice"));
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.username, "alice");
  EXPECT_EQ(created.display_name, "Alice Example");
  EXPECT_EQ(created.role, Role::kUser);
  EXPECT_TRUE(created.active);
  EXPECT_EQ(created.locale, "en");
  EXPECT_EQ(created.created_at, clock().now());
  EXPECT_EQ(created.updated_at, clock().now());
  EXPECT_THAT(created.password_hash, Not(HasSubstr(kPassword)));
  EXPECT_TRUE(created.password_hash.starts_with("$argon2id$"));
  EXPECT_TRUE(hasher().verify(created.password_hash, kPassword));

  const User stored = users().get(Actor::system("test"), created.id);
  EXPECT_EQ(stored.username, "alice");
  EXPECT_EQ(stored.display_name, "Alice Example");
  EXPECT_EQ(stored.role, Role::kUser);
  EXPECT_TRUE(stored.active);
  EXPECT_EQ(stored.password_hash, created.password_hash);
  EXPECT_EQ(stored.created_at, clock().now());
}

TEST_P(UserServiceTest, CreateStoresEveryRoleAndLocale) {
  NewUser officer = new_user("olga");
  officer.role = Role::kPrivacyOfficer;
  officer.locale = "nb";
  const User created = users().create(Actor::system("test"), officer);
  const User stored = users().get(Actor::system("test"), created.id);
  EXPECT_EQ(stored.role, Role::kPrivacyOfficer);
  EXPECT_EQ(stored.locale, "nb");
  EXPECT_EQ(users().get(Actor::system("test"), admin().user_id).role, Role::kAdmin);
}

TEST_P(UserServiceTest, CreateNamesTheUserByUsernameWhenNoDisplayNameIsGiven) {
  NewUser input = new_user("bob");
  input.display_name = "";
  EXPECT_EQ(users().create(Actor::system("test"), input).display_name, "bob");
}

TEST_P(UserServiceTest, OnlyAdminsCreateUsers) {
  for (Role role : {Role::kUser, Role::kPrivacyOfficer}) {
    const Error error = error_from([&] {
      users().create(Actor{5, "someone", role}, new_user("mallory"));
    });
    EXPECT_EQ(error.kind(), ErrorKind::kForbidden);
  }
  EXPECT_EQ(count_rows("users"), 0);
  EXPECT_NO_THROW(users().create(admin(), new_user("alice")));
}

TEST_P(UserServiceTest, CreateRejectsMalformedUsernames) {
  const std::vector<std::string> malformed = {
      "",       "a",      "Alice", "alice smith",   ".alice",
      "-alice", "_alice", "ålice", "alice@example", std::string(65, 'a')};
  for (const std::string& username : malformed) {
    const Error error = error_from([&] { users().create(admin(), new_user(username)); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalid) << username;
    EXPECT_THAT(fields_of(error), ElementsAre("username")) << username;
  }
}

TEST_P(UserServiceTest, CreateAcceptsWellFormedUsernames) {
  const Actor actor = admin();
  for (const std::string& username :
       std::vector<std::string>{"al", "0x", "alice.smith-2_x", std::string(64, 'a')}) {
    EXPECT_EQ(users().create(actor, new_user(username)).username, username);
  }
}

TEST_P(UserServiceTest, CreateNeedsAPasswordOfAtLeastTwelveCharacters) {
  NewUser input = new_user("alice");
  input.password = "eleven char";
  const Error error = error_from([&] { users().create(admin(), input); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), ElementsAre("password"));
  input.password = "twelve chars";
  EXPECT_NO_THROW(users().create(admin(), input));
}

TEST_P(UserServiceTest, CreateCountsPasswordLengthInCharactersNotBytes) {
  NewUser input = new_user("alice");
  input.password = "æøåæøå";  // six characters in twelve bytes
  ASSERT_EQ(input.password.size(), 12U);
  EXPECT_THAT(fields_of(error_from([&] { users().create(admin(), input); })),
              ElementsAre("password"));
  input.password = "æøåæøåæøåæøå";
  EXPECT_NO_THROW(users().create(admin(), input));
}

TEST_P(UserServiceTest, CreateRefusesAPasswordLongerThanTheLimit) {
  NewUser input = new_user("alice");
  input.password = std::string(kMaxPasswordLength + 1, 'x');
  EXPECT_THAT(fields_of(error_from([&] { users().create(admin(), input); })),
              ElementsAre("password"));
}

TEST_P(UserServiceTest, CreateReportsEveryInvalidFieldAtOnce) {
  const NewUser input{"A", std::string(201, 'x'), Role::kUser, "short", "de"};
  const Error error = error_from([&] { users().create(admin(), input); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), ElementsAre("username", "display_name", "locale", "password"));
  EXPECT_EQ(count_rows("users"), 1);  // only the admin
}

TEST_P(UserServiceTest, CreateRefusesATakenUsername) {
  const Actor actor = admin();
  users().create(actor, new_user("alice"));
  const Error error = error_from([&] { users().create(actor, new_user("alice")); });
  EXPECT_EQ(error.kind(), ErrorKind::kConflict);
  EXPECT_THAT(fields_of(error), ElementsAre("username"));
  EXPECT_EQ(count_rows("users"), 2);
}

// Another instance adds the same username between this one's check and its insert.
TEST_P(UserServiceTest, AUsernameTakenMeanwhileByAnotherInstanceIsAConflict) {
  const Actor actor = admin();
  std::optional<Error> error;
  race_against(
      [](soci::session& session) {
        session << "INSERT INTO users (username, display_name, role, password_hash, created_at,"
                   " updated_at) VALUES ('alice', 'Alice', 'user', 'x', 0, 0)";
      },
      [&] { error = error_from([&] { users().create(actor, new_user("alice")); }); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind(), ErrorKind::kConflict);
  EXPECT_THAT(fields_of(*error), ElementsAre("username"));
  EXPECT_EQ(count_rows("users"), 2);
}

TEST_P(UserServiceTest, CreateIsAuditedWithTheRoleButNoPersonalData) {
  const Actor actor = admin();
  const User alice = users().create(actor, new_user("alice"));
  const auto events = audit_events("user.create");
  ASSERT_EQ(events.size(), 2U);
  const audit::AuditEvent& event = events.front();
  EXPECT_EQ(event.actor, "root");
  EXPECT_EQ(event.actor_user_id, actor.user_id);
  EXPECT_EQ(event.entity, "user");
  EXPECT_EQ(event.entity_id, std::to_string(alice.id));
  EXPECT_EQ(event.details, R"({"role":"user"})");
  EXPECT_THAT(event.details, Not(HasSubstr("Alice")));
}

TEST_P(UserServiceTest, ListShowsEveryUserByUsernameToAdminsOnly) {
  const Actor actor = admin();
  users().create(actor, new_user("carol"));
  users().create(actor, new_user("alice"));
  std::vector<std::string> names;
  for (const User& user : users().list(actor)) {
    names.push_back(user.username);
  }
  EXPECT_THAT(names, ElementsAre("alice", "carol", "root"));
  EXPECT_EQ(error_from([&] {
              users().list(Actor{2, "carol", Role::kPrivacyOfficer});
            }).kind(),
            ErrorKind::kForbidden);
}

TEST_P(UserServiceTest, GetAnUnknownUserIsNotFound) {
  EXPECT_EQ(error_from([&] { users().get(admin(), 4711); }).kind(), ErrorKind::kNotFound);
}

TEST_P(UserServiceTest, GetNeedsAnAdmin) {
  const User alice = create_user("alice");
  EXPECT_EQ(error_from([&] { users().get(alice.actor(), alice.id); }).kind(),
            ErrorKind::kForbidden);
}

TEST_P(UserServiceTest, DeactivatingAUserEndsTheirSessionsAndRefusesTheirLogin) {
  const Actor actor = admin();
  const User alice = create_user("alice");
  const LoginResult login = access().login("alice", kPassword, kAddress);
  clock().advance(10);
  users().set_active(actor, alice.id, false);

  const User stored = users().get(actor, alice.id);
  EXPECT_FALSE(stored.active);
  EXPECT_EQ(stored.updated_at, clock().now());
  EXPECT_EQ(access().session_from_token(login.session_token), std::nullopt);
  EXPECT_EQ(error_from([&] { access().login("alice", kPassword, kAddress); }).kind(),
            ErrorKind::kUnauthorized);
  ASSERT_EQ(audit_events("user.deactivate").size(), 1U);
  EXPECT_EQ(audit_events("user.deactivate").front().entity_id, std::to_string(alice.id));
}

TEST_P(UserServiceTest, AReactivatedUserCanLogInAgain) {
  const Actor actor = admin();
  const User alice = create_user("alice");
  users().set_active(actor, alice.id, false);
  users().set_active(actor, alice.id, true);
  EXPECT_TRUE(users().get(actor, alice.id).active);
  EXPECT_NO_THROW(access().login("alice", kPassword, kAddress));
  EXPECT_EQ(audit_events("user.activate").size(), 1U);
}

TEST_P(UserServiceTest, OnlyAdminsChangeWhetherAUserIsActive) {
  const User alice = create_user("alice");
  const User bob = create_user("bob");
  EXPECT_EQ(error_from([&] { users().set_active(alice.actor(), bob.id, false); }).kind(),
            ErrorKind::kForbidden);
  EXPECT_TRUE(users().get(Actor::system("test"), bob.id).active);
}

TEST_P(UserServiceTest, DeactivatingAnUnknownUserIsNotFound) {
  EXPECT_EQ(error_from([&] { users().set_active(admin(), 4711, false); }).kind(),
            ErrorKind::kNotFound);
}

TEST_P(UserServiceTest, TheLastActiveAdminCannotBeDeactivated) {
  const Actor root = admin();
  const Error error = error_from([&] { users().set_active(root, root.user_id, false); });
  EXPECT_EQ(error.kind(), ErrorKind::kConflict);
  EXPECT_THAT(error.what(), HasSubstr("last active admin"));
  EXPECT_TRUE(users().get(root, root.user_id).active);
  EXPECT_TRUE(audit_events("user.deactivate").empty());
}

TEST_P(UserServiceTest, AnAdminCanBeDeactivatedWhileAnotherActiveAdminRemains) {
  const Actor root = admin();
  const User second = create_user("second", Role::kAdmin);
  users().set_active(root, second.id, false);
  EXPECT_FALSE(users().get(root, second.id).active);
  // Now root is the last one, and an inactive admin does not count.
  EXPECT_EQ(error_from([&] { users().set_active(root, root.user_id, false); }).kind(),
            ErrorKind::kConflict);
  // Deactivating the inactive admin again takes nobody's rights away.
  EXPECT_NO_THROW(users().set_active(root, second.id, false));
}

// Two instances deactivating the last two admins at once: one of them must be refused.
TEST_P(UserServiceTest, TwoAdminsDeactivatedAtOnceLeaveOneActive) {
  const Actor root = admin();
  const User second = create_user("second", Role::kAdmin);
  std::optional<Error> error;
  race_against(
      [&](soci::session& session) {
        long long active_admins = 0;
        session << "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1",
            soci::into(active_admins);
        ASSERT_EQ(active_admins, 2);
        session << "UPDATE users SET active = 0 WHERE id = :id", soci::use(second.id);
      },
      [&] { error = error_from([&] { users().set_active(root, root.user_id, false); }); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind(), ErrorKind::kConflict);
  EXPECT_TRUE(users().get(root, root.user_id).active);
}

TEST_P(UserServiceTest, OtherUsersCanBeDeactivatedWhenThereIsOneAdmin) {
  const Actor root = admin();
  const User officer = create_user("olga", Role::kPrivacyOfficer);
  EXPECT_NO_THROW(users().set_active(root, officer.id, false));
}

TEST_P(UserServiceTest, ResetPasswordReplacesThePasswordAndEndsEverySession) {
  const Actor root = admin();
  const User alice = create_user("alice");
  create_user("bob");
  const LoginResult first = access().login("alice", kPassword, kAddress);
  const LoginResult second = access().login("alice", kPassword, "198.51.100.7");
  const LoginResult bobs = access().login("bob", kPassword, kAddress);

  users().reset_password(root, alice.id, "a brand new passphrase");

  EXPECT_EQ(access().session_from_token(first.session_token), std::nullopt);
  EXPECT_EQ(access().session_from_token(second.session_token), std::nullopt);
  EXPECT_TRUE(access().session_from_token(bobs.session_token).has_value());
  EXPECT_EQ(error_from([&] { access().login("alice", kPassword, kAddress); }).kind(),
            ErrorKind::kUnauthorized);
  EXPECT_NO_THROW(access().login("alice", "a brand new passphrase", kAddress));
}

TEST_P(UserServiceTest, ResetPasswordIsAuditedWithoutThePassword) {
  const Actor root = admin();
  const User alice = create_user("alice");
  users().reset_password(root, alice.id, "a brand new passphrase");
  const auto events = audit_events("user.password_reset");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events.front().entity_id, std::to_string(alice.id));
  EXPECT_EQ(events.front().actor, "root");
  EXPECT_THAT(events.front().details, Not(HasSubstr("passphrase")));
}

TEST_P(UserServiceTest, ResetPasswordChecksTheNewPasswordAndTheUser) {
  const Actor root = admin();
  const User alice = create_user("alice");
  const Error too_short =
      error_from([&] { users().reset_password(root, alice.id, "eleven char"); });
  EXPECT_EQ(too_short.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(too_short), ElementsAre("password"));
  EXPECT_EQ(error_from([&] { users().reset_password(root, 4711, "long enough password"); }).kind(),
            ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] {
              users().reset_password(alice.actor(), alice.id, "long enough password");
            }).kind(),
            ErrorKind::kForbidden);
  EXPECT_NO_THROW(access().login("alice", kPassword, kAddress));
}

TEST_P(UserServiceTest, AnyUserChoosesTheirOwnLanguage) {
  const User alice = create_user("alice");
  users().set_own_locale(alice.actor(), "nb");
  EXPECT_EQ(users().get(Actor::system("test"), alice.id).locale, "nb");
  const auto events = audit_events("user.locale");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events.front().details, R"({"fields":["locale"]})");
}

TEST_P(UserServiceTest, OnlyEnglishAndNorwegianAreLanguages) {
  const User alice = create_user("alice");
  EXPECT_THAT(fields_of(error_from([&] { users().set_own_locale(alice.actor(), "de"); })),
              ElementsAre("locale"));
  EXPECT_EQ(error_from([&] { users().set_own_locale(Actor::system("cli"), "nb"); }).kind(),
            ErrorKind::kForbidden);
}

TEST_P(UserServiceTest, EnsureAdminCreatesAMissingAdmin) {
  const User created = users().ensure_admin(Actor::system("demo"), "admin", kPassword);
  EXPECT_EQ(created.role, Role::kAdmin);
  EXPECT_EQ(created.display_name, "Administrator");
  EXPECT_NO_THROW(access().login("admin", kPassword, kAddress));
}

TEST_P(UserServiceTest, EnsureAdminGivesAnExistingAccountTheNewPasswordAndActivatesIt) {
  const Actor root = admin();
  const User second = create_user("second", Role::kAdmin);
  users().set_active(root, second.id, false);
  const User ensured = users().ensure_admin(Actor::system("demo"), "second", "the demo password");
  EXPECT_EQ(ensured.id, second.id);
  EXPECT_TRUE(ensured.active);
  EXPECT_NO_THROW(access().login("second", "the demo password", kAddress));
}

TEST_P(UserServiceTest, EnsureAdminMakesAnExistingUserAnAdmin) {
  const User alice = create_user("alice");
  const User ensured = users().ensure_admin(Actor::system("demo"), "alice", kPassword);
  EXPECT_EQ(ensured.id, alice.id);
  EXPECT_EQ(ensured.role, Role::kAdmin);
  EXPECT_EQ(users().get(Actor::system("test"), alice.id).role, Role::kAdmin);
  const auto events = audit_events("user.role");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events.front().entity_id, std::to_string(alice.id));
  EXPECT_EQ(events.front().details, R"({"role":"admin"})");
}

TEST_P(UserServiceTest, EnsureAdminChecksThePassword) {
  EXPECT_THAT(
      fields_of(error_from([&] { users().ensure_admin(Actor::system("demo"), "admin", "short"); })),
      ElementsAre("password"));
  EXPECT_EQ(count_rows("users"), 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, UserServiceTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

TEST(UserServiceValidatePassword, AcceptsTwelveToTheMaximumCharacters) {
  EXPECT_NO_THROW(UserService::validate_password("twelve chars"));
  EXPECT_NO_THROW(UserService::validate_password(std::string(kMaxPasswordLength, 'x')));
}

TEST(UserServiceValidatePassword, RejectsShorterAndLongerPasswordsOnThePasswordField) {
  for (const std::string& password :
       {std::string(), std::string("eleven char"), std::string(kMaxPasswordLength + 1, 'x')}) {
    const Error error = error_from([&] { UserService::validate_password(password); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
    EXPECT_THAT(fields_of(error), ElementsAre("password"));
  }
}

}  // namespace
}  // namespace vern::auth
