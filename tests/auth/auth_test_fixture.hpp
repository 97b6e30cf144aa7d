#pragma once

#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/access_service.hpp"
#include "auth/user_service.hpp"
#include "common/crypto.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::auth::testing {

/// A migrated database with the audit log, the user service and the access service on it, all on
/// the test's ManualClock and a fast password hasher.
class AuthTest : public vern::testing::DatabaseTest {
 protected:
  static constexpr const char* kPassword = "correct horse battery";
  static constexpr const char* kAddress = "192.0.2.10";

  void SetUp() override {
    vern::testing::DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    users_ = std::make_unique<UserService>(db(), *audit_, hasher_, clock());
    access_ = std::make_unique<AccessService>(db(), *audit_, hasher_, clock());
  }

  audit::AuditLog& audit_log() { return *audit_; }
  UserService& users() { return *users_; }
  AccessService& access() { return *access_; }
  crypto::PasswordHasher& hasher() { return hasher_; }

  User create_user(const std::string& username, Role role = Role::kUser,
                   const std::string& password = kPassword) {
    return users().create(Actor::system("test"), NewUser{username, "", role, password, "en"});
  }

  /// The audit events with `action`, newest first.
  std::vector<audit::AuditEvent> audit_events(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    query.limit = 500;
    return audit_log().list(Actor::system("test"), query).items;
  }

  long long count_rows(const std::string& table) {
    return db().read([&](soci::session& session) {
      long long count = 0;
      session << "SELECT COUNT(*) FROM " + table, soci::into(count);
      return count;
    });
  }

 private:
  crypto::PasswordHasher hasher_{crypto::HashStrength::kFastForTest};
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<UserService> users_;
  std::unique_ptr<AccessService> access_;
};

}  // namespace vern::auth::testing
