#pragma once

#include <memory>

#include "app/config.hpp"
#include "audit/audit_log.hpp"
#include "auth/access_service.hpp"
#include "auth/user_service.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "storage/database.hpp"

namespace vern::app {

/// The composition root's object graph: one database, the clock, and every service, wired once.
/// Commands and the server take what they need from here.
class Services {
 public:
  /// Opens the database and migrates it to the current schema.
  Services(const Config& config, const Clock& clock,
           crypto::HashStrength strength = crypto::HashStrength::kInteractive);

  const Config& config() const { return config_; }
  const Clock& clock() const { return clock_; }
  storage::Database& database() { return *database_; }
  audit::AuditLog& audit() { return *audit_; }
  auth::UserService& users() { return *users_; }
  auth::AccessService& access() { return *access_; }

 private:
  Config config_;
  const Clock& clock_;
  crypto::PasswordHasher hasher_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::UserService> users_;
  std::unique_ptr<auth::AccessService> access_;
};

}  // namespace vern::app
