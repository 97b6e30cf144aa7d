#include "app/commands.hpp"

#include <csignal>
#include <iostream>

#include <spdlog/spdlog.h>

#include "app/services.hpp"
#include "app/web_app.hpp"
#include "common/crypto.hpp"
#include "http/server.hpp"
#include "storage/migrations.hpp"

namespace vern::app {
namespace {

const auth::Actor kCli = auth::Actor::system("cli");
constexpr std::size_t kGeneratedPasswordBytes = 15;  // 20 characters of base64url

/// Blocks until SIGINT or SIGTERM. The signals are blocked in every thread (set before the
/// server starts its threads), so only this wait receives them.
void block_stop_signals(sigset_t& signals) {
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

}  // namespace

int serve_command(const Config& config) {
  sigset_t signals;
  block_stop_signals(signals);
  const SystemClock clock;
  Services services(config, clock);
  WebApp web_app(services);
  const ListenAddress address = parse_listen(config.listen);
  http::ServerOptions options;
  options.host = address.host;
  options.port = address.port;
  options.threads = config.workers;
  options.behind_tls = config.behind_tls;
  http::Server server(options,
                      [&web_app](http::Request& request) { return web_app.handle(request); });
  server.start();
  std::cout << "vern: listening on http://" << address.host << ":" << server.port() << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGTERM ? "SIGTERM" : "SIGINT");
  server.stop();
  return 0;
}

int migrate_command(const Config& config) {
  const SystemClock clock;
  auto database = storage::Database::open(storage::DatabaseUrl::parse(config.database_url), 1);
  const auto result = storage::migrate(*database, clock);
  if (result.from_version == result.to_version) {
    std::cout << "schema is up to date (version " << result.to_version << ")\n";
  } else {
    std::cout << "migrated schema from version " << result.from_version << " to "
              << result.to_version << "\n";
  }
  return 0;
}

int demo_command(const Config& config) {
  const SystemClock clock;
  Services services(config, clock);
  const std::string password = crypto::random_token(kGeneratedPasswordBytes);
  services.users().ensure_admin(kCli, "admin", password);
  // The URL may carry a PostgreSQL password: print it the way error messages do.
  std::cout << "Demo database ready: " << services.database().url().redacted() << "\n"
            << "Log in as admin with the password: " << password << "\n";
  return 0;
}

int user_add_command(const Config& config, const std::string& username, auth::Role role,
                     const std::string& display_name, std::string password) {
  const bool generated = password.empty();
  if (generated) {
    password = crypto::random_token(kGeneratedPasswordBytes);
  }
  const SystemClock clock;
  Services services(config, clock);
  const auto user =
      services.users().create(kCli, auth::NewUser{username, display_name, role, password, "en"});
  std::cout << "added user " << user.username << " (" << auth::to_string(user.role) << ")\n";
  if (generated) {
    std::cout << "password: " << password << "\n";
  }
  return 0;
}

int token_create_command(const Config& config, const std::string& username,
                         const std::string& name) {
  const SystemClock clock;
  Services services(config, clock);
  const auto created = services.access().create_api_token(kCli, username, name);
  std::cout << created.secret << "\n";
  std::cerr << "API token " << created.token.id << " created for " << username
            << "; it is shown only this once.\n";
  return 0;
}

int audit_verify_command(const Config& config) {
  const SystemClock clock;
  Services services(config, clock);
  const auto result = services.audit().verify();
  if (result.intact) {
    std::cout << "audit chain intact: " << result.count << " events\n";
    return 0;
  }
  std::cerr << "vern: audit chain broken at event " << result.first_broken_id << ": "
            << result.problem << " (" << result.count
            << (result.count == 1 ? " event before it holds)\n" : " events before it hold)\n");
  return 1;
}

}  // namespace vern::app
