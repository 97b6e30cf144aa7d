#pragma once

#include <memory>
#include <string>

#include "app/services.hpp"
#include "app/web_app.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"

namespace vern::testing {

inline constexpr const char* kAdminPassword = "correct horse battery";

/// The real server on an ephemeral port over a fresh database, with one admin ("admin") and
/// the services at hand for checks behind the API's back.
class TestServer {
 public:
  explicit TestServer(TestBackend backend);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::string base_url() const;
  HttpClient client() const { return HttpClient(base_url()); }
  app::Services& services() { return *services_; }
  ManualClock& clock() { return database_->clock(); }

  /// Adds a user with the given role and kAdminPassword.
  void add_user(const std::string& username, Role role);
  /// A client logged in through the HTML form as `username`; its CSRF token is returned too.
  HttpClient logged_in_client(const std::string& username, std::string* csrf_token = nullptr);
  /// A new API token for `username`.
  std::string api_token(const std::string& username);

 private:
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<app::WebApp> web_app_;
  std::unique_ptr<http::Server> server_;
};

/// A fixture with a TestServer per test, over both databases.
class ServerTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override { server_ = std::make_unique<TestServer>(GetParam()); }
  void TearDown() override { server_.reset(); }
  TestServer& server() { return *server_; }

 private:
  std::unique_ptr<TestServer> server_;
};

/// A ServerTest for API tests: a client, and bearer-token headers for the admin and for "staff",
/// a user with the plain user role.
class ApiTest : public ServerTest {
 protected:
  void SetUp() override;
  HttpClient& http() { return *client_; }

  std::string admin_;  // "Authorization: Bearer ..." of the admin
  std::string staff_;  // the same for "staff"

 private:
  std::unique_ptr<HttpClient> client_;
};

}  // namespace vern::testing
