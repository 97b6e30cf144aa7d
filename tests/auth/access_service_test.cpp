#include "auth/access_service.hpp"

#include <string>
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

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kThrottleWindow = 15 * kMinute;

class AccessServiceTest : public testing::AuthTest {
 protected:
  void SetUp() override {
    AuthTest::SetUp();
    alice_ = create_user("alice");
    root_ = create_user("root", Role::kAdmin);
  }

  Error failed_login(const std::string& username, const std::string& password,
                     const std::string& address = kAddress) {
    return error_from([&] { access().login(username, password, address); });
  }

  void fail_logins(int count, const std::string& username, const std::string& address = kAddress) {
    for (int i = 0; i < count; ++i) {
      EXPECT_EQ(failed_login(username, "not the password", address).kind(),
                ErrorKind::kUnauthorized);
    }
  }

  std::vector<std::string> login_failure_reasons() {
    std::vector<std::string> reasons;
    for (const audit::AuditEvent& event : audit_events("user.login_failed")) {
      reasons.push_back(event.details);
    }
    return reasons;
  }

  const User& alice() const { return alice_; }
  const User& root() const { return root_; }

 private:
  User alice_;
  User root_;
};

TEST_P(AccessServiceTest, LoginHandsOutASessionAndACsrfToken) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  EXPECT_EQ(result.user.id, alice().id);
  EXPECT_EQ(result.user.username, "alice");
  EXPECT_EQ(result.session_token.size(), 43U);
  EXPECT_EQ(result.csrf_token.size(), 43U);
  EXPECT_NE(result.session_token, result.csrf_token);

  const auto session = access().session_from_token(result.session_token);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->user.id, alice().id);
  EXPECT_EQ(session->csrf_token, result.csrf_token);
}

TEST_P(AccessServiceTest, EachLoginGetsItsOwnSession) {
  const LoginResult first = access().login("alice", kPassword, kAddress);
  const LoginResult second = access().login("alice", kPassword, kAddress);
  EXPECT_NE(first.session_token, second.session_token);
  EXPECT_NE(access().session_from_token(first.session_token)->session_id,
            access().session_from_token(second.session_token)->session_id);
}

TEST_P(AccessServiceTest, TheSessionTokenIsStoredOnlyAsItsHash) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  db().read([&](soci::session& session) {
    std::string token_hash;
    session << "SELECT token_hash FROM sessions", soci::into(token_hash);
    EXPECT_EQ(token_hash, crypto::sha256_hex(result.session_token));
    long long clear = 0;
    session << "SELECT COUNT(*) FROM sessions WHERE token_hash = :token",
        soci::use(result.session_token), soci::into(clear);
    EXPECT_EQ(clear, 0);
  });
}

TEST_P(AccessServiceTest, LoginIsAudited) {
  access().login("alice", kPassword, kAddress);
  const auto events = audit_events("user.login");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events.front().actor, "alice");
  EXPECT_EQ(events.front().actor_user_id, alice().id);
  EXPECT_EQ(events.front().entity, "user");
  EXPECT_EQ(events.front().entity_id, std::to_string(alice().id));
  EXPECT_THAT(events.front().details, Not(HasSubstr(kAddress)));
}

TEST_P(AccessServiceTest, UnknownUserWrongPasswordAndInactiveAccountGetOneAnswer) {
  users().set_active(root().actor(), create_user("ida").id, false);
  const Error unknown = failed_login("nobody", kPassword);
  const Error wrong = failed_login("alice", "not the password");
  const Error inactive = failed_login("ida", kPassword);
  for (const Error* error : {&unknown, &wrong, &inactive}) {
    EXPECT_EQ(error->kind(), ErrorKind::kUnauthorized);
    EXPECT_STREQ(error->what(), unknown.what());
    EXPECT_TRUE(error->field_errors().empty());
  }
  EXPECT_EQ(count_rows("sessions"), 0);
}

TEST_P(AccessServiceTest, PasswordsAreCaseSensitive) {
  EXPECT_EQ(failed_login("alice", "CORRECT HORSE BATTERY").kind(), ErrorKind::kUnauthorized);
}

TEST_P(AccessServiceTest, FailedLoginsAreAuditedWithTheReasonButNotTheUsername) {
  const User ida = create_user("ida");
  users().set_active(root().actor(), ida.id, false);
  failed_login("nobody", kPassword);
  failed_login("alice", "not the password");
  failed_login("ida", kPassword);
  const auto events = audit_events("user.login_failed");
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(events[2].details, R"({"reason":"unknown_user"})");
  EXPECT_EQ(events[2].entity_id, std::nullopt);
  EXPECT_EQ(events[1].details, R"({"reason":"wrong_password"})");
  EXPECT_EQ(events[1].entity_id, std::to_string(alice().id));
  EXPECT_EQ(events[0].details, R"({"reason":"inactive"})");
  EXPECT_EQ(events[0].entity_id, std::to_string(ida.id));
  for (const audit::AuditEvent& event : events) {
    EXPECT_EQ(event.actor, "anonymous");
    EXPECT_EQ(event.actor_user_id, 0);
    EXPECT_THAT(event.details, Not(HasSubstr("nobody")));
  }
}

TEST_P(AccessServiceTest, FourFailuresDoNotThrottle) {
  fail_logins(4, "alice");
  EXPECT_NO_THROW(access().login("alice", kPassword, kAddress));
}

TEST_P(AccessServiceTest, FiveFailuresThrottleTheUsernameEvenWithTheRightPassword) {
  fail_logins(5, "alice");
  const Error error = failed_login("alice", kPassword);
  EXPECT_EQ(error.kind(), ErrorKind::kThrottled);
  EXPECT_EQ(count_rows("sessions"), 0);
  EXPECT_EQ(login_failure_reasons().front(), R"({"reason":"throttled"})");
}

TEST_P(AccessServiceTest, FailuresFromManyAddressesCountForTheUsername) {
  for (int i = 0; i < 5; ++i) {
    fail_logins(1, "alice", "198.51.100." + std::to_string(i));
  }
  EXPECT_EQ(failed_login("alice", kPassword, "203.0.113.1").kind(), ErrorKind::kThrottled);
}

TEST_P(AccessServiceTest, UnknownUsernamesAreThrottledLikeKnownOnes) {
  fail_logins(5, "nobody");
  EXPECT_EQ(failed_login("nobody", kPassword).kind(), ErrorKind::kThrottled);
}

TEST_P(AccessServiceTest, AThrottledUsernameLeavesOtherUsersAlone) {
  fail_logins(5, "alice");
  EXPECT_NO_THROW(access().login("root", kPassword, kAddress));
}

TEST_P(AccessServiceTest, TwentyFailuresFromOneAddressThrottleTheAddress) {
  for (int i = 0; i < 20; ++i) {
    fail_logins(1, "guess" + std::to_string(i));
  }
  EXPECT_EQ(failed_login("alice", kPassword).kind(), ErrorKind::kThrottled);
  EXPECT_NO_THROW(access().login("alice", kPassword, "203.0.113.1"));
}

TEST_P(AccessServiceTest, ThrottlingEndsWhenTheWindowHasPassed) {
  fail_logins(5, "alice");
  clock().advance(kThrottleWindow - 1);
  EXPECT_EQ(failed_login("alice", kPassword).kind(), ErrorKind::kThrottled);
  clock().advance(2);
  const LoginResult result = access().login("alice", kPassword, kAddress);
  EXPECT_EQ(result.user.id, alice().id);
}

TEST_P(AccessServiceTest, OnlyFailuresWithinTheWindowCount) {
  fail_logins(3, "alice");
  clock().advance(kThrottleWindow - 1);
  fail_logins(2, "alice");  // five in the window
  EXPECT_EQ(failed_login("alice", kPassword).kind(), ErrorKind::kThrottled);
  clock().advance(2);  // the first three have left the window
  EXPECT_NO_THROW(access().login("alice", kPassword, kAddress));
}

TEST_P(AccessServiceTest, ASuccessfulLoginClearsTheUsernamesFailures) {
  fail_logins(4, "alice");
  access().login("alice", kPassword, kAddress);
  fail_logins(4, "alice");
  EXPECT_NO_THROW(access().login("alice", kPassword, kAddress));
}

TEST_P(AccessServiceTest, OldFailuresAreDeleted) {
  fail_logins(3, "alice");
  clock().advance(kThrottleWindow + 1);
  fail_logins(1, "alice");
  // One row per key (username and address) for the one failure still in the window.
  EXPECT_EQ(count_rows("login_failures"), 2);
}

TEST_P(AccessServiceTest, ThePolicyDecidesTheThrottle) {
  AccessPolicy policy;
  policy.max_failures_per_username = 2;
  AccessService strict(db(), audit_log(), hasher(), clock(), policy);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(error_from([&] { strict.login("alice", "wrong password", kAddress); }).kind(),
              ErrorKind::kUnauthorized);
  }
  EXPECT_EQ(error_from([&] { strict.login("alice", kPassword, kAddress); }).kind(),
            ErrorKind::kThrottled);
}

TEST_P(AccessServiceTest, UnknownAndEmptySessionTokensResolveToNoSession) {
  access().login("alice", kPassword, kAddress);
  EXPECT_EQ(access().session_from_token(""), std::nullopt);
  EXPECT_EQ(access().session_from_token("not-a-token"), std::nullopt);
}

TEST_P(AccessServiceTest, ASessionEndsAfterTwoIdleHours) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  clock().advance(2 * kHour + 1);
  EXPECT_EQ(access().session_from_token(result.session_token), std::nullopt);
}

TEST_P(AccessServiceTest, ASessionLastsTwoIdleHoursToTheSecond) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  clock().advance(2 * kHour);
  EXPECT_TRUE(access().session_from_token(result.session_token).has_value());
}

TEST_P(AccessServiceTest, UseKeepsASessionAlive) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  clock().advance(kHour);
  ASSERT_TRUE(access().session_from_token(result.session_token).has_value());
  clock().advance(2 * kHour);
  ASSERT_TRUE(access().session_from_token(result.session_token).has_value());
  clock().advance(2 * kHour + 1);
  EXPECT_EQ(access().session_from_token(result.session_token), std::nullopt);
}

TEST_P(AccessServiceTest, UseIsRecordedAtMostOnceAMinute) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  const UnixTime login_time = clock().now();
  auto last_seen = [&] {
    return db().read([](soci::session& session) {
      long long value = 0;
      session << "SELECT last_seen_at FROM sessions", soci::into(value);
      return value;
    });
  };
  clock().advance(kMinute - 1);
  access().session_from_token(result.session_token);
  EXPECT_EQ(last_seen(), login_time);
  clock().advance(1);
  access().session_from_token(result.session_token);
  EXPECT_EQ(last_seen(), login_time + kMinute);
}

TEST_P(AccessServiceTest, ASessionEndsAfterTwelveHoursHoweverBusy) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  for (int hour = 1; hour < 12; ++hour) {
    clock().advance(kHour);
    ASSERT_TRUE(access().session_from_token(result.session_token).has_value()) << hour;
  }
  clock().advance(kHour);
  EXPECT_EQ(access().session_from_token(result.session_token), std::nullopt);
}

TEST_P(AccessServiceTest, ASessionOfAnInactiveUserIsRefused) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  db().write([&](soci::session& session) {
    session << "UPDATE users SET active = 0 WHERE id = :id", soci::use(alice().id);
  });
  EXPECT_EQ(access().session_from_token(result.session_token), std::nullopt);
}

TEST_P(AccessServiceTest, LoginRemovesExpiredSessions) {
  access().login("alice", kPassword, kAddress);
  clock().advance(13 * kHour);
  access().login("alice", kPassword, kAddress);
  EXPECT_EQ(count_rows("sessions"), 1);
}

TEST_P(AccessServiceTest, LogoutEndsTheSessionAndIsAudited) {
  const LoginResult result = access().login("alice", kPassword, kAddress);
  const LoginResult other = access().login("alice", kPassword, kAddress);
  access().logout(result.session_token);
  EXPECT_EQ(access().session_from_token(result.session_token), std::nullopt);
  EXPECT_TRUE(access().session_from_token(other.session_token).has_value());
  const auto events = audit_events("user.logout");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events.front().actor, "alice");
  EXPECT_EQ(events.front().entity_id, std::to_string(alice().id));
}

TEST_P(AccessServiceTest, LogoutOfAnUnknownOrEmptyTokenDoesNothing) {
  access().login("alice", kPassword, kAddress);
  access().logout("");
  access().logout("not-a-token");
  EXPECT_EQ(count_rows("sessions"), 1);
  EXPECT_TRUE(audit_events("user.logout").empty());
}

TEST_P(AccessServiceTest, AnApiTokenIsShownOnceAndStoredAsItsHash) {
  const NewApiToken created = access().create_api_token(alice().actor(), "alice", "laptop sync");
  EXPECT_EQ(created.secret.size(), 43U);
  EXPECT_GT(created.token.id, 0);
  EXPECT_EQ(created.token.user_id, alice().id);
  EXPECT_EQ(created.token.username, "alice");
  EXPECT_EQ(created.token.name, "laptop sync");
  EXPECT_EQ(created.token.created_at, clock().now());
  EXPECT_EQ(created.token.last_used_at, std::nullopt);
  EXPECT_EQ(created.token.revoked_at, std::nullopt);
  db().read([&](soci::session& session) {
    std::string token_hash;
    session << "SELECT token_hash FROM api_tokens", soci::into(token_hash);
    EXPECT_EQ(token_hash, crypto::sha256_hex(created.secret));
  });
}

TEST_P(AccessServiceTest, AnApiTokenResolvesToItsOwner) {
  const NewApiToken created = access().create_api_token(alice().actor(), "alice", "sync");
  const auto user = access().user_from_api_token(created.secret);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->id, alice().id);
  EXPECT_EQ(user->role, Role::kUser);
}

TEST_P(AccessServiceTest, UnknownAndEmptyApiTokensResolveToNoOne) {
  access().create_api_token(alice().actor(), "alice", "sync");
  EXPECT_EQ(access().user_from_api_token(""), std::nullopt);
  EXPECT_EQ(access().user_from_api_token("not-a-token"), std::nullopt);
}

TEST_P(AccessServiceTest, AUserCreatesTokensOnlyForThemselves) {
  const Error error =
      error_from([&] { access().create_api_token(alice().actor(), "root", "borrowed"); });
  EXPECT_EQ(error.kind(), ErrorKind::kForbidden);
  EXPECT_EQ(count_rows("api_tokens"), 0);
}

TEST_P(AccessServiceTest, AnAdminCreatesTokensForAnyone) {
  const NewApiToken created = access().create_api_token(root().actor(), "alice", "integration");
  EXPECT_EQ(created.token.user_id, alice().id);
  EXPECT_EQ(access().user_from_api_token(created.secret)->id, alice().id);
}

TEST_P(AccessServiceTest, ATokenNeedsANameOfOneToAHundredCharacters) {
  for (const std::string& name : {std::string(), std::string(101, 'n')}) {
    const Error error =
        error_from([&] { access().create_api_token(alice().actor(), "alice", name); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
    EXPECT_THAT(fields_of(error), ElementsAre("name"));
  }
  EXPECT_NO_THROW(access().create_api_token(alice().actor(), "alice", std::string(100, 'n')));
}

TEST_P(AccessServiceTest, ATokenNeedsAnActiveOwner) {
  const User ida = create_user("ida");
  users().set_active(root().actor(), ida.id, false);
  for (const std::string& owner : std::vector<std::string>{"nobody", "ida"}) {
    const Error error =
        error_from([&] { access().create_api_token(root().actor(), owner, "integration"); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalid) << owner;
    EXPECT_THAT(fields_of(error), ElementsAre("user")) << owner;
  }
}

TEST_P(AccessServiceTest, ATokenOfADeactivatedUserNoLongerResolves) {
  const NewApiToken created = access().create_api_token(alice().actor(), "alice", "sync");
  users().set_active(root().actor(), alice().id, false);
  EXPECT_EQ(access().user_from_api_token(created.secret), std::nullopt);
}

TEST_P(AccessServiceTest, ATokensLastUseIsRecordedAtMostOnceAMinute) {
  const NewApiToken created = access().create_api_token(alice().actor(), "alice", "sync");
  auto last_used = [&] { return access().list_api_tokens(alice().actor()).front().last_used_at; };
  clock().advance(5);
  const UnixTime first_use = clock().now();
  access().user_from_api_token(created.secret);
  EXPECT_EQ(last_used(), first_use);
  clock().advance(kMinute - 1);
  access().user_from_api_token(created.secret);
  EXPECT_EQ(last_used(), first_use);
  clock().advance(1);
  access().user_from_api_token(created.secret);
  EXPECT_EQ(last_used(), first_use + kMinute);
}

TEST_P(AccessServiceTest, UsersListTheirOwnTokensAndAdminsListAll) {
  const User bob = create_user("bob");
  access().create_api_token(alice().actor(), "alice", "alice one");
  access().create_api_token(bob.actor(), "bob", "bob one");
  access().create_api_token(alice().actor(), "alice", "alice two");

  std::vector<std::string> alices;
  for (const ApiToken& token : access().list_api_tokens(alice().actor())) {
    alices.push_back(token.name);
  }
  EXPECT_THAT(alices, ElementsAre("alice one", "alice two"));

  std::vector<std::string> all;
  for (const ApiToken& token : access().list_api_tokens(root().actor())) {
    all.push_back(token.username + ":" + token.name);
  }
  EXPECT_THAT(all, ElementsAre("alice:alice one", "bob:bob one", "alice:alice two"));

  const Actor officer = create_user("olga", Role::kPrivacyOfficer).actor();
  EXPECT_TRUE(access().list_api_tokens(officer).empty());
}

TEST_P(AccessServiceTest, ARevokedTokenNoLongerResolvesAndIsListedAsRevoked) {
  const NewApiToken created = access().create_api_token(alice().actor(), "alice", "sync");
  clock().advance(kMinute);
  access().revoke_api_token(alice().actor(), created.token.id);
  EXPECT_EQ(access().user_from_api_token(created.secret), std::nullopt);
  const auto tokens = access().list_api_tokens(alice().actor());
  ASSERT_EQ(tokens.size(), 1U);
  EXPECT_EQ(tokens.front().revoked_at, clock().now());
}

TEST_P(AccessServiceTest, RevokingTwiceKeepsTheFirstRevocationTime) {
  const NewApiToken created = access().create_api_token(alice().actor(), "alice", "sync");
  access().revoke_api_token(alice().actor(), created.token.id);
  const UnixTime revoked_at = clock().now();
  clock().advance(kHour);
  access().revoke_api_token(alice().actor(), created.token.id);
  EXPECT_EQ(access().list_api_tokens(alice().actor()).front().revoked_at, revoked_at);
}

TEST_P(AccessServiceTest, OnlyTheOwnerOrAnAdminRevokesAToken) {
  const User bob = create_user("bob");
  const NewApiToken created = access().create_api_token(alice().actor(), "alice", "sync");
  EXPECT_EQ(error_from([&] { access().revoke_api_token(bob.actor(), created.token.id); }).kind(),
            ErrorKind::kForbidden);
  EXPECT_TRUE(access().user_from_api_token(created.secret).has_value());
  access().revoke_api_token(root().actor(), created.token.id);
  EXPECT_EQ(access().user_from_api_token(created.secret), std::nullopt);
}

TEST_P(AccessServiceTest, RevokingAnUnknownTokenIsNotFound) {
  EXPECT_EQ(error_from([&] { access().revoke_api_token(root().actor(), 4711); }).kind(),
            ErrorKind::kNotFound);
}

TEST_P(AccessServiceTest, TokenCreationAndRevocationAreAuditedWithoutTheSecret) {
  const NewApiToken created = access().create_api_token(root().actor(), "alice", "integration");
  access().revoke_api_token(alice().actor(), created.token.id);

  const auto creations = audit_events("token.create");
  ASSERT_EQ(creations.size(), 1U);
  EXPECT_EQ(creations.front().actor, "root");
  EXPECT_EQ(creations.front().entity, "api_token");
  EXPECT_EQ(creations.front().entity_id, std::to_string(created.token.id));
  EXPECT_EQ(creations.front().details, R"({"owner_user_id":)" + std::to_string(alice().id) + "}");

  const auto revocations = audit_events("token.revoke");
  ASSERT_EQ(revocations.size(), 1U);
  EXPECT_EQ(revocations.front().actor, "alice");
  EXPECT_EQ(revocations.front().entity_id, std::to_string(created.token.id));

  db().read([&](soci::session& session) {
    long long leaks = 0;
    const std::string pattern = "%" + created.secret + "%";
    session << "SELECT COUNT(*) FROM audit_events WHERE details LIKE :secret", soci::use(pattern),
        soci::into(leaks);
    EXPECT_EQ(leaks, 0);
  });
}

TEST_P(AccessServiceTest, TheAuditChainStaysIntactThroughLoginsAndTokens) {
  fail_logins(2, "alice");
  const LoginResult result = access().login("alice", kPassword, kAddress);
  const NewApiToken created = access().create_api_token(alice().actor(), "alice", "sync");
  access().revoke_api_token(alice().actor(), created.token.id);
  access().logout(result.session_token);
  const audit::VerifyResult verified = audit_log().verify();
  EXPECT_TRUE(verified.intact) << verified.problem;
  // Two user.create, two login_failed, login, token.create, token.revoke, logout.
  EXPECT_EQ(verified.count, 8);
}

INSTANTIATE_TEST_SUITE_P(Databases, AccessServiceTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::auth
