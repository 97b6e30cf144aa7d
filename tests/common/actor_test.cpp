#include "common/actor.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "common/expect_error.hpp"

namespace vern {
namespace {

using vern::testing::error_from;

TEST(Role, RoundTripsThroughItsName) {
  for (Role role : {Role::kUser, Role::kPrivacyOfficer, Role::kAdmin}) {
    EXPECT_EQ(parse_role(to_string(role)), role);
  }
  EXPECT_EQ(to_string(Role::kPrivacyOfficer), "privacy_officer");
}

TEST(Role, UnknownNamesAreNoRole) {
  EXPECT_EQ(parse_role("Admin"), std::nullopt);
  EXPECT_EQ(parse_role("root"), std::nullopt);
  EXPECT_EQ(parse_role(""), std::nullopt);
}

TEST(RequireRole, LetsTheRoleAndHigherRolesThrough) {
  EXPECT_NO_THROW(require_role(Actor{1, "olga", Role::kPrivacyOfficer}, Role::kPrivacyOfficer));
  EXPECT_NO_THROW(require_role(Actor{2, "root", Role::kAdmin}, Role::kPrivacyOfficer));
  EXPECT_NO_THROW(require_role(Actor{3, "alice", Role::kUser}, Role::kUser));
}

TEST(RequireRole, RefusesLowerRolesNamingTheRoleNeeded) {
  const Error error = error_from([] {
    require_role(Actor{1, "alice", Role::kUser}, Role::kPrivacyOfficer);
  });
  EXPECT_EQ(error.kind(), ErrorKind::kForbidden);
  EXPECT_STREQ(error.what(), "This needs the role privacy_officer.");
  EXPECT_EQ(error_from([] {
              require_role(Actor{1, "olga", Role::kPrivacyOfficer}, Role::kAdmin);
            }).kind(),
            ErrorKind::kForbidden);
}

TEST(Actor, TheSystemActsAsAnAdminWithoutAUserId) {
  const Actor system = Actor::system("cli");
  EXPECT_EQ(system.name, "cli");
  EXPECT_EQ(system.role, Role::kAdmin);
  EXPECT_FALSE(system.is_user());
  EXPECT_TRUE((Actor{4, "alice", Role::kUser}.is_user()));
}

}  // namespace
}  // namespace vern
