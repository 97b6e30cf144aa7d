#include "support/test_server.hpp"

#include <regex>

#include <nlohmann/json.hpp>

namespace vern::testing {

TestServer::TestServer(TestBackend backend)
    : database_(std::make_unique<TestDatabase>(backend, false)) {
  app::Config config;
  config.database_url = database_->url();
  config.workers = 4;
  services_ = std::make_unique<app::Services>(config, database_->clock(),
                                              crypto::HashStrength::kFastForTest);
  web_app_ = std::make_unique<app::WebApp>(*services_);
  http::ServerOptions options;
  options.port = 0;
  options.threads = 4;
  server_ = std::make_unique<http::Server>(
      options, [this](http::Request& request) { return web_app_->handle(request); },
      [this](http::Request& request, std::size_t max_body_bytes) {
        return web_app_->refuse_too_large(request, max_body_bytes);
      });
  server_->start();
  services_->portal_links().set_base_url(base_url());
  add_user("admin", Role::kAdmin);
}

TestServer::~TestServer() {
  server_->stop();
  server_.reset();
  web_app_.reset();
  services_.reset();
}

std::string TestServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

void TestServer::add_user(const std::string& username, Role role) {
  services_->users().create(Actor::system("test"),
                            auth::NewUser{username, username, role, kAdminPassword, "en"});
}

HttpClient TestServer::logged_in_client(const std::string& username, std::string* csrf_token) {
  HttpClient http = client();
  const HttpResult form = http.get("/login");
  static const std::regex kCsrf(R"re(name="csrf" value="([^"]+)")re");
  std::smatch match;
  if (!std::regex_search(form.body, match, kCsrf)) {
    throw std::runtime_error("the login page has no CSRF field");
  }
  const HttpResult login = http.post_form(
      "/login", {{"csrf", match[1]}, {"username", username}, {"password", kAdminPassword}});
  if (login.status != 303) {
    throw std::runtime_error("login failed with status " + std::to_string(login.status));
  }
  if (csrf_token != nullptr) {
    const HttpResult session = http.get("/api/v1/session");
    *csrf_token = nlohmann::json::parse(session.body).at("csrf_token").get<std::string>();
  }
  return http;
}

std::string TestServer::api_token(const std::string& username) {
  return services_->access().create_api_token(Actor::system("test"), username, "test").secret;
}

void ApiTest::SetUp() {
  ServerTest::SetUp();
  client_ = std::make_unique<HttpClient>(server().client());
  admin_ = "Authorization: Bearer " + server().api_token("admin");
  server().add_user("staff", Role::kUser);
  staff_ = "Authorization: Bearer " + server().api_token("staff");
}

}  // namespace vern::testing
