#include "app/cli.hpp"

#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "common/error.hpp"

namespace vern::app {
namespace {

constexpr int kUsageError = 2;
constexpr int kFailure = 1;

void add_db_option(CLI::App& command, Config& config) {
  command
      .add_option("--db", config.database_url, "sqlite:PATH or postgresql://user:pass@host:port/db")
      ->envname("VERN_DB")
      ->capture_default_str();
}

/// CLI11 2.1 reads the environment variables of every subcommand's options, chosen or not: VERN_DB
/// read for a command not chosen would overwrite the --db given to the chosen one, and a bad
/// VERN_WORKERS would fail `vern migrate`. A subcommand with a parse-complete callback has its
/// environment read only when it is parsed, that is when it was chosen.
void read_environment_only_when_chosen(const std::vector<CLI::App*>& commands) {
  for (CLI::App* command : commands) {
    command->parse_complete_callback([] {});
  }
}

std::string read_password_line() {
  std::string password;
  if (!std::getline(std::cin, password)) {
    throw Error::invalid_field("password", "no password on standard input");
  }
  if (!password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  return password;
}

std::string describe(const Error& error) {
  std::string message = error.what();
  for (const FieldError& field : error.field_errors()) {
    message += (message.ends_with('.') ? " " : ": ") + field.field + ": " + field.message;
  }
  return message;
}

/// The deepest subcommand the command line reached, e.g. `user add`, or the app itself.
const CLI::App& deepest_command(const CLI::App& app) {
  const CLI::App* command = &app;
  for (auto selected = command->get_subcommands(); !selected.empty();
       selected = command->get_subcommands()) {
    command = selected.front();
  }
  return *command;
}

/// One line for a usage error, pointing at the help of the command it concerns. An unknown
/// command is left among the "remaining" arguments of the command above it while CLI11 reports
/// only that a subcommand is missing: name the word instead.
std::string usage_message(const CLI::App& app, const CLI::ParseError& error) {
  const CLI::App& command = deepest_command(app);
  std::string path = command.get_name();
  for (const CLI::App* parent = command.get_parent(); parent != nullptr;
       parent = parent->get_parent()) {
    path = parent->get_name() + " " + path;
  }
  const auto remaining = command.remaining();
  if (command.get_require_subcommand_min() > 0 && !remaining.empty()) {
    return "vern: unknown command '" + remaining.front() + "'; run '" + path +
           " --help' for the commands";
  }
  return "vern: " + std::string(error.what()) + "; run '" + path + " --help' for usage";
}

}  // namespace

int run_cli(int argc, char** argv) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  CLI::App app{"Vern: a CRM with the GDPR built in", "vern"};
  app.require_subcommand(1);
  app.set_version_flag("--version", VERN_VERSION);
  Config config;

  auto* serve = app.add_subcommand("serve", "Serve the web UI, the portal and the API");
  add_db_option(*serve, config);
  serve->add_option("--listen", config.listen, "HOST:PORT to listen on")
      ->envname("VERN_LISTEN")
      ->capture_default_str();
  serve->add_option("--base-url", config.base_url, "The address links in e-mails point at")
      ->envname("VERN_BASE_URL");
  serve->add_option("--smtp", config.smtp_url, "smtp://host:port or smtps://user:pass@host:port")
      ->envname("VERN_SMTP_URL");
  serve->add_option("--mail-dir", config.mail_dir, "Folder for .eml files when no SMTP is set")
      ->envname("VERN_MAIL_DIR");
  serve
      ->add_flag("--smtp-require-tls", config.smtp_require_tls,
                 "Refuse to send unless the SMTP server agrees to STARTTLS")
      ->envname("VERN_SMTP_REQUIRE_TLS");
  serve->add_option("--mail-from", config.mail_from, "The sender of Vern's e-mail")
      ->envname("VERN_MAIL_FROM")
      ->capture_default_str();
  serve->add_option("--mail-workers", config.mail_workers, "Threads delivering e-mail")
      ->envname("VERN_MAIL_WORKERS")
      ->check(CLI::Range(1, 32))
      ->capture_default_str();
  serve
      ->add_option("--mail-retention-days", config.mail_retention_days,
                   "Days after which sent messages' content is purged")
      ->envname("VERN_MAIL_RETENTION_DAYS")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  serve
      ->add_option("--mail-lease-seconds", config.mail_lease_seconds,
                   "Seconds after which a message claimed by a worker that died is taken over")
      ->envname("VERN_MAIL_LEASE_SECONDS")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  serve->add_option("--workers", config.workers, "HTTP worker threads")
      ->envname("VERN_WORKERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve
      ->add_flag("--behind-tls", config.behind_tls,
                 "A TLS-terminating proxy is in front: Secure cookies and HSTS")
      ->envname("VERN_BEHIND_TLS");

  auto* migrate = app.add_subcommand("migrate", "Bring the database schema up to date");
  add_db_option(*migrate, config);

  auto* demo = app.add_subcommand(
      "demo", "Fill a database without persons with Nordic demo data and print an admin login");
  add_db_option(*demo, config);
  demo::DemoOptions demo_options;
  demo->add_option("--persons", demo_options.persons, "How many demo persons to make")
      ->check(CLI::Range(0LL, demo::kMaxDemoPersons))
      ->capture_default_str();
  demo->add_option("--seed", demo_options.seed, "The same seed makes the same data")
      ->capture_default_str();

  auto* import_command = app.add_subcommand("import", "Import data from files");
  import_command->require_subcommand(1);
  auto* import_persons = import_command->add_subcommand(
      "persons", "Import persons from a CSV file whose header row names the fields");
  add_db_option(*import_persons, config);
  std::string import_file;
  bool import_dry_run = false;
  std::string on_duplicate = "skip";
  import_persons->add_option("FILE", import_file, "The CSV file, or - for standard input")
      ->required();
  import_persons->add_flag("--dry-run", import_dry_run, "Check every row and write nothing");
  import_persons
      ->add_option("--on-duplicate", on_duplicate,
                   "skip or update the persons whose e-mail address is taken already")
      ->check(CLI::IsMember({"skip", "update"}))
      ->capture_default_str();

  auto* user = app.add_subcommand("user", "Manage staff users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a staff user");
  add_db_option(*user_add, config);
  std::string username;
  std::string role_text;
  std::string display_name;
  bool password_stdin = false;
  user_add->add_option("NAME", username, "The username")->required();
  user_add->add_option("--role", role_text, "user, privacy_officer or admin")
      ->required()
      ->check(CLI::IsMember({"user", "privacy_officer", "admin"}));
  user_add->add_option("--display-name", display_name, "The name shown in the UI");
  user_add->add_flag("--password-stdin", password_stdin,
                     "Read the password from standard input (else one is generated and printed)");

  auto* token = app.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create an API token and print it once");
  add_db_option(*token_create, config);
  std::string token_user;
  std::string token_name = "cli";
  token_create->add_option("--user", token_user, "The user the token acts as")->required();
  token_create->add_option("--name", token_name, "A label for the token")->capture_default_str();

  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "Check the audit log's hash chain");
  add_db_option(*audit_verify, config);

  read_environment_only_when_chosen(
      {serve, migrate, demo, import_persons, user_add, token_create, audit_verify});

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::cerr << usage_message(app, error) << "\n";
    return kUsageError;
  }

  try {
    if (*serve) {
      return serve_command(config);
    }
    if (*migrate) {
      return migrate_command(config);
    }
    if (*demo) {
      return demo_command(config, demo_options);
    }
    if (*import_persons) {
      imports::ImportOptions options;
      options.mode = import_dry_run ? imports::ImportMode::kDryRun : imports::ImportMode::kWrite;
      options.on_duplicate =
          on_duplicate == "update" ? imports::OnDuplicate::kUpdate : imports::OnDuplicate::kSkip;
      return import_persons_command(config, import_file, options);
    }
    if (*user_add) {
      const std::string password = password_stdin ? read_password_line() : "";
      return user_add_command(config, username, *parse_role(role_text), display_name, password);
    }
    if (*token_create) {
      return token_create_command(config, token_user, token_name);
    }
    if (*audit_verify) {
      return audit_verify_command(config);
    }
  } catch (const Error& error) {
    std::cerr << "vern: " << describe(error) << "\n";
    return kFailure;
  } catch (const std::exception& error) {
    std::cerr << "vern: " << error.what() << "\n";
    return kFailure;
  }
  return kUsageError;
}

}  // namespace vern::app
