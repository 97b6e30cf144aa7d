#include "app/commands.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "app/services.hpp"
#include "app/web_app.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"
#include "http/server.hpp"
#include "mail/mail_workers.hpp"
#include "storage/migrations.hpp"

namespace vern::app {
namespace {

const Actor kCli = Actor::system("cli");
constexpr std::size_t kGeneratedPasswordBytes = 15;  // 20 characters of base64url
constexpr int kBarWidth = 30;
constexpr int kTenths = 10;
constexpr int kPercent = 100;
// Below this size an import is over before progress would help, and stays quiet off a terminal.
constexpr std::uintmax_t kQuietImportBytes = 1024 * 1024;

/// Progress of long work on stderr: on a terminal a bar redrawn in place, elsewhere (a log, a
/// pipe) a line at every tenth of the way, or nothing when `lines` says so.
class Progress {
 public:
  enum class Lines { kEveryTenth, kNone };

  Progress(std::string label, Lines lines)
      : label_(std::move(label)), terminal_(isatty(STDERR_FILENO) != 0), lines_(lines) {}

  /// `fraction` of the way (unknown when unset), with a few words on how far.
  void update(std::optional<double> fraction, const std::string& detail) {
    if (terminal_) {
      std::cerr << "\r" << label_ << " " << bar(fraction) << "  " << detail << "\033[K"
                << std::flush;
      drawn_ = true;
      return;
    }
    if (lines_ == Lines::kNone || !fraction) {
      return;
    }
    const int tenth = static_cast<int>(*fraction * kTenths);
    if (tenth > printed_tenth_) {
      printed_tenth_ = tenth;
      std::cerr << label_ << ": " << tenth * kTenths << "% (" << detail << ")" << std::endl;
    }
  }

  /// Wipes the bar, so that other output starts on a clean line.
  void clear() {
    if (drawn_) {
      std::cerr << "\r\033[K" << std::flush;
      drawn_ = false;
    }
  }

  /// Leaves the finished bar on its line.
  void finish() {
    if (drawn_) {
      std::cerr << "\n" << std::flush;
      drawn_ = false;
    }
  }

 private:
  static std::string bar(std::optional<double> fraction) {
    if (!fraction) {
      return "[" + std::string(kBarWidth, '.') + "]";
    }
    const double clamped = std::min(1.0, std::max(0.0, *fraction));
    const auto filled = static_cast<std::size_t>(clamped * kBarWidth);
    std::ostringstream text;
    text << "[" << std::string(filled, '#') << std::string(kBarWidth - filled, '.') << "] "
         << std::setw(3) << static_cast<int>(clamped * kPercent) << "%";
    return text.str();
  }

  std::string label_;
  bool terminal_;
  Lines lines_;
  bool drawn_ = false;
  int printed_tenth_ = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string demo_summary_line(const demo::DemoSummary& summary, double seconds) {
  std::ostringstream line;
  line << "Demo data: " << summary.persons << " persons, " << summary.companies << " companies, "
       << summary.values << " custom values, " << summary.history << " history notes, "
       << summary.activities << " activities, " << summary.participants << " participants, "
       << summary.consent_events << " consent events in " << std::fixed << std::setprecision(1)
       << seconds << " s";
  return line.str();
}

std::string import_summary_line(const imports::ImportSummary& summary) {
  const bool dry_run = summary.mode == imports::ImportMode::kDryRun;
  std::ostringstream line;
  line << (dry_run ? "would import " : "imported ") << summary.imported
       << (dry_run ? ", update " : ", updated ") << summary.updated
       << (dry_run ? ", skip " : ", skipped ") << summary.skipped << " duplicates";
  if (summary.unchanged > 0) {
    line << "; " << summary.unchanged << " duplicates " << (dry_run ? "have" : "had")
         << " nothing new";
  }
  return line.str();
}

/// The one line on stderr for an import that wrote nothing because of problems.
std::string import_failure(const imports::ImportSummary& summary) {
  std::string text = "vern: ";
  if (summary.bad_rows > 0) {
    text += std::to_string(summary.bad_rows) + " of " + std::to_string(summary.rows) +
            (summary.rows == 1 ? " row has" : " rows have") + " problems";
  }
  if (!summary.complete) {
    text += std::string(summary.bad_rows > 0 ? " and the" : "the") +
            " file could not be read to its end";
  }
  return text +
         (summary.mode == imports::ImportMode::kDryRun ? " (dry run)" : "; nothing was imported");
}

void print_problem(const imports::ImportProblem& problem) {
  std::cout << "line " << problem.line << ": ";
  if (!problem.field.empty()) {
    std::cout << problem.field << ": ";
  }
  std::cout << problem.message << "\n";
}

/// Blocks until SIGINT or SIGTERM. The signals are blocked in every thread (set before the
/// server starts its threads), so only this wait receives them.
void block_stop_signals(sigset_t& signals) {
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

}  // namespace

/// SMTP when a URL is set, else .eml files in the mail folder. Says which, without the URL
/// (it may hold a password).
mail::Delivery::TransportFactory transport_factory(const Config& config) {
  if (!config.smtp_url.empty()) {
    spdlog::info("mail: delivering through SMTP{}", config.smtp_require_tls ? " with TLS" : "");
    mail::SmtpTransport::Options options;
    options.url = config.smtp_url;
    options.require_tls = config.smtp_require_tls;
    return [options] { return std::make_unique<mail::SmtpTransport>(options); };
  }
  const std::filesystem::path folder = mail_folder(config);
  std::filesystem::create_directories(folder);
  spdlog::info("mail: no SMTP server set; writing messages as .eml files to {}", folder.string());
  return [folder] { return std::make_unique<mail::FileDropTransport>(folder); };
}

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
  options.io_threads = config.workers;
  options.behind_tls = config.behind_tls;
  http::Server server(
      options, [&web_app](http::Request& request) { return web_app.handle(request); },
      [&web_app](http::Request& request, std::size_t max_body_bytes) {
        return web_app.refuse_too_large(request, max_body_bytes);
      });
  mail::MailWorkerOptions mail_options;
  mail_options.delivery.workers = static_cast<int>(config.mail_workers);
  mail_options.delivery.lease_seconds = config.mail_lease_seconds;
  mail_options.retention_days = static_cast<int>(config.mail_retention_days);
  mail::MailWorkers mail_workers(services.database(), clock, services.doorbell(),
                                 services.delivery_counters(), services.mailings(),
                                 services.outbox(), transport_factory(config), mail_options);
  server.start();
  const std::string listening =
      std::string("http://").append(address.host).append(":").append(std::to_string(server.port()));
  if (config.base_url.empty()) {
    services.portal_links().set_base_url(listening);  // the real port, also when 0 was asked
  }
  mail_workers.start();
  std::cout << "vern: listening on " << listening << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGTERM ? "SIGTERM" : "SIGINT");
  server.stop();
  mail_workers.stop();
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

namespace {

/// Shows the demo persons a portal worth looking at: their contact details to correct, the rest
/// to read, calls, meetings and e-mails in their history, and a controller to name. Left alone
/// when an admin has set the portal up already.
void configure_demo_portal(Services& services) {
  if (services.portal_settings().get().updated_at != 0) {
    return;
  }
  const std::pair<const char*, crm::PortalAccess> access[] = {
      {"first_name", crm::PortalAccess::kRead},  {"last_name", crm::PortalAccess::kRead},
      {"email", crm::PortalAccess::kEdit},       {"phone", crm::PortalAccess::kEdit},
      {"mobile", crm::PortalAccess::kEdit},      {"street", crm::PortalAccess::kEdit},
      {"postal_code", crm::PortalAccess::kEdit}, {"city", crm::PortalAccess::kEdit},
      {"country", crm::PortalAccess::kEdit},     {"birth_date", crm::PortalAccess::kRead},
      {"title", crm::PortalAccess::kRead},       {"company_id", crm::PortalAccess::kRead},
      {"language", crm::PortalAccess::kEdit},    {"interests", crm::PortalAccess::kEdit}};
  int order = 0;
  for (const auto& [key, portal] : access) {
    crm::FieldChanges changes;
    changes.portal = portal;
    changes.portal_order = order += 10;
    try {
      services.fields().change(kCli, key, changes);
    } catch (const Error& error) {
      if (error.kind() != ErrorKind::kNotFound) {  // a demo field this database does not have
        throw;
      }
    }
  }
  privacy::PortalSettingsChanges settings;
  settings.organisation_name = "Nordlys Demo AS";
  settings.contact_email = "kundeservice@nordlys.example";
  settings.dpo_email = "personvern@nordlys.example";
  settings.show_history_types = std::vector<std::string>{"call", "meeting", "email"};
  services.portal_settings().update(kCli, settings);
}

}  // namespace

int demo_command(const Config& config, const demo::DemoOptions& options) {
  const SystemClock clock;
  Services services(config, clock);
  demo::DemoLoader loader(services.database(), services.audit(), clock);
  const auto started = std::chrono::steady_clock::now();
  Progress progress("demo", Progress::Lines::kEveryTenth);
  const auto summary = loader.load(kCli, options, [&progress](long long done, long long total) {
    progress.update(static_cast<double>(done) / static_cast<double>(total),
                    std::to_string(done) + " of " + std::to_string(total) + " persons");
  });
  progress.finish();
  if (summary.existing_persons > 0) {
    std::cout << "The database holds " << summary.existing_persons
              << " persons already: no demo data was added.\n";
  } else {
    std::cout << demo_summary_line(summary, seconds_since(started)) << "\n";
    if (summary.persons > 0) {
      configure_demo_portal(services);
    }
  }
  const std::string password = crypto::random_token(kGeneratedPasswordBytes);
  services.users().ensure_admin(kCli, "admin", password);
  // The URL may carry a PostgreSQL password: print it the way error messages do.
  std::cout << "Demo database ready: " << services.database().url().redacted() << "\n"
            << "Log in as admin with the password: " << password << "\n";
  return 0;
}

int import_persons_command(const Config& config, const std::string& file,
                           const imports::ImportOptions& options) {
  std::ifstream opened;
  std::optional<std::uintmax_t> size;
  if (file != "-") {
    opened.open(file, std::ios::binary);
    if (!opened) {
      throw Error(ErrorKind::kNotFound, "cannot read " + file + ": " + std::strerror(errno));
    }
    std::error_code ignored;
    if (std::filesystem::is_regular_file(file, ignored)) {
      size = std::filesystem::file_size(file, ignored);
    }
  }
  std::istream& input = file == "-" ? std::cin : opened;
  const SystemClock clock;
  Services services(config, clock);
  imports::PersonImporter importer(services.database(), services.audit(), clock);
  Progress progress("import", size && *size >= kQuietImportBytes ? Progress::Lines::kEveryTenth
                                                                 : Progress::Lines::kNone);
  imports::ImportObserver observer;
  observer.on_progress = [&](const imports::ImportProgress& at) {
    std::optional<double> fraction;
    if (size && *size > 0) {
      fraction = static_cast<double>(at.bytes) / static_cast<double>(*size);
    }
    progress.update(fraction, std::to_string(at.rows) + " rows");
  };
  observer.on_problem = [&progress](const imports::ImportProblem& problem) {
    progress.clear();
    print_problem(problem);
  };
  const auto summary = importer.run(kCli, input, options, observer);
  progress.finish();
  std::cout << import_summary_line(summary) << "\n";
  if (summary.problem_count > 0) {
    std::cerr << import_failure(summary) << "\n";
    return 1;
  }
  return 0;
}

int user_add_command(const Config& config, const std::string& username, Role role,
                     const std::string& display_name, std::string password) {
  const bool generated = password.empty();
  if (generated) {
    password = crypto::random_token(kGeneratedPasswordBytes);
  }
  const SystemClock clock;
  Services services(config, clock);
  const auto user =
      services.users().create(kCli, auth::NewUser{username, display_name, role, password, "en"});
  std::cout << "added user " << user.username << " (" << to_string(user.role) << ")\n";
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
