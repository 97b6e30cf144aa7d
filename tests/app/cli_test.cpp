// Runs the real `vern` binary as a child process, the way an operator or a script does.

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/database.hpp"
#include "storage/soci.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"

extern char** environ;  // NOLINT: POSIX declares it nowhere else

namespace vern::app {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

// A hang guard, not a performance check: every command here finishes in a second or two.
constexpr auto kCommandTimeout = 60s;
constexpr int kExitSuccess = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kCannotExecute = 127;   // as the shell reports a command it cannot run
constexpr int kSignalExitBase = 128;  // the shell's convention for "killed by signal N"
constexpr std::size_t kReadChunkBytes = 4096;
constexpr std::size_t kMaxStandardInputBytes = 4096;  // fits in a pipe without a reader
constexpr const char* kGoodPassword = "correct horse battery staple";

/// How to start the child: where, with which VERN_* variables, and what it reads on stdin.
struct ProcessOptions {
  std::filesystem::path working_directory;
  std::map<std::string, std::string> environment;  // replaces every inherited VERN_* variable
  std::string standard_input;                      // small: it is written before the child starts
};

/// What a finished command left behind.
struct Outcome {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
  milliseconds elapsed{0};
};

/// A pipe whose ends close themselves.
class Pipe {
 public:
  Pipe() {
    if (pipe2(ends_.data(), O_CLOEXEC) != 0) {
      throw std::system_error(errno, std::generic_category(), "pipe2");
    }
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  int read_end() const { return ends_[0]; }
  int write_end() const { return ends_[1]; }
  void close_read() { close_end(0); }
  void close_write() { close_end(1); }

 private:
  void close_end(std::size_t which) {
    if (ends_.at(which) >= 0) {
      close(ends_.at(which));
      ends_.at(which) = -1;
    }
  }
  std::array<int, 2> ends_{-1, -1};
};

/// The environment for the child: ours without any VERN_* variable, plus the given ones, so a
/// VERN_DB set where the tests run cannot leak into them.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& variables) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    if (!text.starts_with("VERN_")) {
      environment.push_back(text);
    }
  }
  for (const auto& [name, value] : variables) {
    environment.push_back(name + "=" + value);
  }
  return environment;
}

std::vector<char*> pointers_to(std::vector<std::string>& texts) {
  std::vector<char*> pointers;
  pointers.reserve(texts.size() + 1);
  for (std::string& text : texts) {
    pointers.push_back(text.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

/// A running `vern` whose stdout and stderr are collected while the test waits on it.
class VernProcess {
 public:
  VernProcess(std::vector<std::string> arguments, const ProcessOptions& options)
      : started_(steady_clock::now()) {
    arguments.insert(arguments.begin(), VERN_BINARY);
    auto environment = child_environment(options.environment);
    auto argv = pointers_to(arguments);
    auto envp = pointers_to(environment);
    const std::string directory = options.working_directory.string();

    // Written before the fork: the pipe holds it until the child reads, and no write can meet
    // a reader that has already gone.
    Pipe input;
    Pipe output;
    Pipe errors;
    if (options.standard_input.size() > kMaxStandardInputBytes) {
      throw std::invalid_argument("standard input too large for the pipe");
    }
    if (!options.standard_input.empty() &&
        write(input.write_end(), options.standard_input.data(), options.standard_input.size()) !=
            static_cast<ssize_t>(options.standard_input.size())) {
      throw std::system_error(errno, std::generic_category(), "write to stdin pipe");
    }
    input.close_write();

    pid_ = fork();
    if (pid_ < 0) {
      throw std::system_error(errno, std::generic_category(), "fork");
    }
    if (pid_ == 0) {
      // Only async-signal-safe calls between fork and exec.
      dup2(input.read_end(), STDIN_FILENO);
      dup2(output.write_end(), STDOUT_FILENO);
      dup2(errors.write_end(), STDERR_FILENO);
      if (chdir(directory.c_str()) != 0) {
        _exit(kCannotExecute);
      }
      execve(argv[0], argv.data(), envp.data());
      constexpr std::string_view kExecFailed = "cli_test: cannot execute " VERN_BINARY "\n";
      [[maybe_unused]] const auto ignored =
          write(STDERR_FILENO, kExecFailed.data(), kExecFailed.size());
      _exit(kCannotExecute);
    }
    out_fd_ = dup(output.read_end());
    err_fd_ = dup(errors.read_end());
  }

  ~VernProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close_fd(out_fd_);
    close_fd(err_fd_);
  }
  VernProcess(const VernProcess&) = delete;
  VernProcess& operator=(const VernProcess&) = delete;

  /// Collects output until stdout matches `pattern`; returns its first group, "" on timeout.
  std::string wait_for_stdout(const std::regex& pattern, milliseconds timeout = kCommandTimeout) {
    const auto deadline = steady_clock::now() + timeout;
    std::smatch match;
    while (!std::regex_search(out_, match, pattern)) {
      if (steady_clock::now() >= deadline || !collect_until(deadline)) {
        return {};
      }
    }
    return match.size() > 1 ? match[1].str() : match[0].str();
  }

  void send_signal(int signal_number) const { kill(pid_, signal_number); }

  /// Waits for the exit and returns everything; kills the child when it overstays.
  Outcome finish(milliseconds timeout = kCommandTimeout) {
    const auto deadline = steady_clock::now() + timeout;
    while (collect_until(deadline)) {
    }
    Outcome outcome;
    int wait_status = 0;
    while (waitpid(pid_, &wait_status, WNOHANG) == 0) {
      if (steady_clock::now() >= deadline) {
        ADD_FAILURE() << "vern did not finish in time; killing it";
        kill(pid_, SIGKILL);
        waitpid(pid_, &wait_status, 0);
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    reaped_ = true;
    if (WIFEXITED(wait_status)) {
      outcome.status = WEXITSTATUS(wait_status);
    } else if (WIFSIGNALED(wait_status)) {
      outcome.status = kSignalExitBase + WTERMSIG(wait_status);
    }
    outcome.out = out_;
    outcome.err = err_;
    outcome.elapsed = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started_);
    return outcome;
  }

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) {
      close(fd);
      fd = -1;
    }
  }

  /// Reads what is there, waiting until the deadline for something; false once both streams
  /// have ended or the deadline has passed.
  bool collect_until(steady_clock::time_point deadline) {
    std::array<pollfd, 2> watched{pollfd{out_fd_, POLLIN, 0}, pollfd{err_fd_, POLLIN, 0}};
    if (out_fd_ < 0 && err_fd_ < 0) {
      return false;
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
    if (left <= 0ms) {
      return false;
    }
    // poll() ignores negative descriptors, so a closed stream simply drops out.
    if (poll(watched.data(), watched.size(), static_cast<int>(left.count())) < 0) {
      return errno == EINTR;
    }
    read_from(watched[0], out_fd_, out_);
    read_from(watched[1], err_fd_, err_);
    return true;
  }

  static void read_from(const pollfd& watched, int& fd, std::string& into) {
    if (fd < 0 || (watched.revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
      return;
    }
    std::array<char, kReadChunkBytes> buffer{};
    const ssize_t count = read(fd, buffer.data(), buffer.size());
    if (count > 0) {
      into.append(buffer.data(), static_cast<std::size_t>(count));
    } else if (count == 0 || errno != EINTR) {
      close_fd(fd);
    }
  }

  pid_t pid_ = -1;
  bool reaped_ = false;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  steady_clock::time_point started_;
};

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// What a failing command owes its user: exactly one line on stderr.
void expect_one_line(const Outcome& outcome) {
  EXPECT_EQ(line_count(outcome.err), 1U) << "stderr: " << outcome.err;
  EXPECT_THAT(outcome.err, StartsWith("vern: "));
}

/// The first group of `pattern` in `text`, or "".
std::string find_in(const std::string& text, const std::string& pattern) {
  std::smatch match;
  const std::regex expression(pattern);
  return std::regex_search(text, match, expression) ? match[1].str() : std::string();
}

/// Runs SQL straight against the database, behind Vern's back.
void execute_sql(const std::string& url, const std::string& sql) {
  auto database = storage::Database::open(storage::DatabaseUrl::parse(url), 1);
  database->read([&](soci::session& session) { session << sql; });
}

long long count_audit_events(const std::string& url) {
  auto database = storage::Database::open(storage::DatabaseUrl::parse(url), 1);
  return database->read([](soci::session& session) {
    long long count = 0;
    session << "SELECT COUNT(*) FROM audit_events", soci::into(count);
    return count;
  });
}

/// A listening socket on a free port, to find that port busy.
class OccupiedPort {
 public:
  OccupiedPort() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    if (fd_ < 0 || bind(fd_, generic, length) != 0 || listen(fd_, 1) != 0 ||
        getsockname(fd_, generic, &length) != 0) {
      throw std::system_error(errno, std::generic_category(), "occupying a port");
    }
    port_ = ntohs(address.sin_port);
  }
  ~OccupiedPort() { close(fd_); }
  OccupiedPort(const OccupiedPort&) = delete;
  OccupiedPort& operator=(const OccupiedPort&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

const std::regex kListeningLine(R"(vern: listening on http://127\.0\.0\.1:([0-9]+)\n)");

/// Each test gets its own working directory, so the default sqlite:vern.db lands there too.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "vern-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  const std::filesystem::path& directory() const { return directory_; }
  std::string sqlite_url() const { return "sqlite:" + (directory_ / "v.db").string(); }

  ProcessOptions options(std::map<std::string, std::string> environment = {},
                         std::string standard_input = {}) const {
    return ProcessOptions{directory_, std::move(environment), std::move(standard_input)};
  }

  Outcome vern(std::vector<std::string> arguments, const ProcessOptions& process) const {
    return VernProcess(std::move(arguments), process).finish();
  }
  Outcome vern(std::vector<std::string> arguments) const {
    return vern(std::move(arguments), options());
  }

  /// Runs `vern demo` and returns the admin password it printed.
  std::string run_demo(const std::string& url) const {
    const auto demo = vern({"demo", "--db", url});
    EXPECT_EQ(demo.status, kExitSuccess) << demo.err;
    return find_in(demo.out, "Log in as admin with the password: (\\S+)\n");
  }

  /// A few audited changes: the admin from `vern demo` and an API token for it.
  void make_audit_events(const std::string& url) const {
    run_demo(url);
    const auto token = vern({"token", "create", "--user", "admin", "--name", "ci", "--db", url});
    ASSERT_EQ(token.status, kExitSuccess) << token.err;
  }

 private:
  std::filesystem::path directory_;
};

TEST_F(Cli, HelpListsEveryCommand) {
  const auto help = vern({"--help"});
  EXPECT_EQ(help.status, kExitSuccess);
  for (const char* command : {"serve", "migrate", "demo", "user", "token", "audit"}) {
    EXPECT_THAT(help.out, HasSubstr(command));
  }
}

TEST_F(Cli, ServeHelpShowsEveryOptionWithItsEnvironmentVariable) {
  const auto help = vern({"serve", "--help"});
  EXPECT_EQ(help.status, kExitSuccess);
  for (const char* option :
       {"--db", "VERN_DB", "sqlite:vern.db", "--listen", "VERN_LISTEN", "127.0.0.1:8080",
        "--base-url", "VERN_BASE_URL", "--smtp", "VERN_SMTP_URL", "--mail-dir", "VERN_MAIL_DIR",
        "--workers", "VERN_WORKERS", "--behind-tls", "VERN_BEHIND_TLS"}) {
    EXPECT_THAT(help.out, HasSubstr(option));
  }
}

TEST_F(Cli, EveryCommandHasHelpShowingItsOptions) {
  const std::map<std::vector<std::string>, std::vector<std::string>> expected = {
      {{"migrate"}, {"--db", "VERN_DB"}},
      {{"demo"}, {"--db"}},
      {{"user", "add"}, {"NAME", "--role", "--password-stdin", "--db"}},
      {{"token", "create"}, {"--user", "--name", "--db"}},
      {{"audit", "verify"}, {"--db"}},
  };
  for (const auto& [command, shown] : expected) {
    auto arguments = command;
    arguments.emplace_back("--help");
    const auto help = vern(arguments);
    EXPECT_EQ(help.status, kExitSuccess) << command.front();
    for (const auto& option : shown) {
      EXPECT_THAT(help.out, HasSubstr(option)) << command.front();
    }
  }
}

TEST_F(Cli, UnknownCommandIsAUsageErrorThatNamesIt) {
  const auto outcome = vern({"frobnicate"});
  EXPECT_EQ(outcome.status, kExitUsage);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("frobnicate"));
}

TEST_F(Cli, UnknownSubcommandIsAUsageErrorThatNamesIt) {
  const auto outcome = vern({"user", "remove", "alice"});
  EXPECT_EQ(outcome.status, kExitUsage);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, AllOf(HasSubstr("remove"), HasSubstr("vern user --help")));
}

TEST_F(Cli, MissingRequiredOptionIsAUsageError) {
  const auto outcome = vern({"token", "create", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitUsage);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, AllOf(HasSubstr("--user"), HasSubstr("vern token create --help")));
  EXPECT_FALSE(std::filesystem::exists(directory() / "v.db")) << "a usage error touched the db";
}

TEST_F(Cli, UnknownRoleIsAUsageError) {
  const auto outcome = vern({"user", "add", "bob", "--role", "superuser", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitUsage);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, AllOf(HasSubstr("--role"), HasSubstr("superuser")));
}

TEST_F(Cli, WorkersOutOfRangeIsAUsageError) {
  const auto outcome = vern({"serve", "--workers", "0", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitUsage);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--workers"));
}

TEST_F(Cli, MigrateCreatesTheSchemaAndThenSaysItIsUpToDate) {
  const auto first = vern({"migrate", "--db", sqlite_url()});
  EXPECT_EQ(first.status, kExitSuccess) << first.err;
  EXPECT_THAT(first.out, HasSubstr("migrated schema from version 0 to"));
  EXPECT_TRUE(std::filesystem::exists(directory() / "v.db"));

  const auto second = vern({"migrate", "--db", sqlite_url()});
  EXPECT_EQ(second.status, kExitSuccess) << second.err;
  EXPECT_THAT(second.out, HasSubstr("up to date"));
  EXPECT_THAT(second.out, Not(HasSubstr("migrated")));
}

TEST_F(Cli, UnsupportedDatabaseUrlFailsWithOneLineNamingTheSupportedSchemes) {
  const auto outcome = vern({"migrate", "--db", "mysql://x"});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, AllOf(HasSubstr("sqlite:"), HasSubstr("postgresql://")));
}

TEST_F(Cli, DatabaseComesFromVernDbWhenNoFlagIsGiven) {
  const auto from_environment = directory() / "from-env.db";
  const auto outcome =
      vern({"migrate"}, options({{"VERN_DB", "sqlite:" + from_environment.string()}}));
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_TRUE(std::filesystem::exists(from_environment));
  EXPECT_FALSE(std::filesystem::exists(directory() / "vern.db"));
}

TEST_F(Cli, DbFlagWinsOverVernDb) {
  const auto outcome = vern({"migrate", "--db", sqlite_url()}, options({{"VERN_DB", "mysql://x"}}));
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_TRUE(std::filesystem::exists(directory() / "v.db"));
}

TEST_F(Cli, VariablesOfOtherCommandsAreIgnored) {
  const auto outcome = vern({"migrate", "--db", sqlite_url()}, options({{"VERN_WORKERS", "many"}}));
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
}

TEST_F(Cli, WithoutDbOrVernDbTheDatabaseIsVernDbInTheWorkingDirectory) {
  const auto outcome = vern({"migrate"});
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_TRUE(std::filesystem::exists(directory() / "vern.db"));
}

TEST_F(Cli, UnreachablePostgresqlFailsQuicklyWithOneLineAndNoPassword) {
  const auto outcome = vern({"migrate", "--db", "postgresql://vern:s3cret@127.0.0.1:1/none"});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, AllOf(HasSubstr("cannot open database"), HasSubstr("127.0.0.1:1")));
  EXPECT_THAT(outcome.err, Not(HasSubstr("s3cret")));
  // A refused connection must not be retried for long: generous, but far below a hang.
  EXPECT_LT(outcome.elapsed.count(), milliseconds(10s).count());
}

TEST_F(Cli, UserAddReadsThePasswordFromStandardInput) {
  const auto outcome =
      vern({"user", "add", "alice", "--role", "admin", "--password-stdin", "--db", sqlite_url()},
           options({}, std::string(kGoodPassword) + "\n"));
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("added user alice (admin)"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("password")));
}

TEST_F(Cli, UserAddRefusesAPasswordShorterThanTwelveCharacters) {
  const auto short_password =
      vern({"user", "add", "alice", "--role", "user", "--password-stdin", "--db", sqlite_url()},
           options({}, "elevenchars\n"));
  EXPECT_EQ(short_password.status, kExitFailure);
  expect_one_line(short_password);
  EXPECT_THAT(short_password.err, AllOf(HasSubstr("password"), HasSubstr("12")));

  // Nothing was half-written: the name is still free.
  const auto retried =
      vern({"user", "add", "alice", "--role", "user", "--password-stdin", "--db", sqlite_url()},
           options({}, std::string(kGoodPassword) + "\n"));
  EXPECT_EQ(retried.status, kExitSuccess) << retried.err;
}

TEST_F(Cli, UserAddWithoutPasswordStdinGeneratesAndPrintsOne) {
  const auto outcome =
      vern({"user", "add", "carol", "--role", "privacy_officer", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("added user carol (privacy_officer)"));
  EXPECT_THAT(find_in(outcome.out, "password: (\\S+)\n"), MatchesRegex("[A-Za-z0-9_-]{20}"));
}

TEST_F(Cli, TokenCreateForAnUnknownUserFailsWithOneLine) {
  ASSERT_EQ(vern({"migrate", "--db", sqlite_url()}).status, kExitSuccess);
  const auto outcome = vern({"token", "create", "--user", "nobody", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_EQ(outcome.out, "") << "no token may be printed";
}

TEST_F(Cli, CommandLineUserCanLogInAndItsTokenIsAcceptedByTheApi) {
  const auto added =
      vern({"user", "add", "alice", "--role", "admin", "--password-stdin", "--db", sqlite_url()},
           options({}, std::string(kGoodPassword) + "\n"));
  ASSERT_EQ(added.status, kExitSuccess) << added.err;
  const auto created =
      vern({"token", "create", "--user", "alice", "--name", "ci", "--db", sqlite_url()});
  ASSERT_EQ(created.status, kExitSuccess) << created.err;
  // stdout is the token alone, so that TOKEN=$(vern token create ...) works.
  ASSERT_THAT(created.out, MatchesRegex("[A-Za-z0-9_-]{43}\n"));
  const std::string token = created.out.substr(0, created.out.size() - 1);
  EXPECT_THAT(created.err, HasSubstr("only this once"));

  VernProcess server({"serve", "--listen", "127.0.0.1:0", "--db", sqlite_url()}, options());
  const std::string port = server.wait_for_stdout(kListeningLine);
  ASSERT_FALSE(port.empty()) << server.err();
  testing::HttpClient client("http://127.0.0.1:" + port);
  const auto with_token = client.get("/api/v1/session", {"Authorization: Bearer " + token});
  EXPECT_EQ(with_token.status, 200) << with_token.body;
  EXPECT_THAT(with_token.body, HasSubstr("\"alice\""));
  const auto login =
      client.post("/api/v1/session",
                  std::string(R"({"username":"alice","password":")") + kGoodPassword + R"("})");
  EXPECT_EQ(login.status, 201) << login.body;
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.finish().status, kExitSuccess);
}

TEST_F(Cli, DemoPrintsANewAdminPasswordEachRunAndTheOldOneStopsWorking) {
  const std::string first = run_demo(sqlite_url());
  const std::string second = run_demo(sqlite_url());
  ASSERT_THAT(first, MatchesRegex("[A-Za-z0-9_-]{12,}"));
  ASSERT_THAT(second, MatchesRegex("[A-Za-z0-9_-]{12,}"));
  EXPECT_NE(first, second);

  // The server reads its address and database from the environment this time.
  VernProcess server({"serve"},
                     options({{"VERN_LISTEN", "127.0.0.1:0"}, {"VERN_DB", sqlite_url()}}));
  const std::string port = server.wait_for_stdout(kListeningLine);
  ASSERT_FALSE(port.empty()) << server.err();
  testing::HttpClient client("http://127.0.0.1:" + port);
  const auto login = [&client](const std::string& password) {
    return client.post("/api/v1/session",
                       R"({"username":"admin","password":")" + password + R"("})");
  };
  EXPECT_EQ(login(first).status, 401);
  EXPECT_EQ(login(second).status, 201);
  // The demo sets the portal up once: a controller, the history it shows, fields to read and edit.
  const auto settings = client.get("/api/v1/portal/settings");
  EXPECT_THAT(settings.body, HasSubstr("\"name\":\"Nordlys Demo AS\""));
  EXPECT_THAT(settings.body, HasSubstr("\"show_history_types\":[\"call\",\"meeting\",\"email\"]"));
  EXPECT_THAT(client.get("/api/v1/fields/email").body, HasSubstr("\"portal\":\"edit\""));
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.finish().status, kExitSuccess);
}

TEST_F(Cli, AuditVerifyCountsEveryEventOfAnIntactChain) {
  make_audit_events(sqlite_url());
  const long long events = count_audit_events(sqlite_url());
  ASSERT_GE(events, 2);
  const auto outcome = vern({"audit", "verify", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_THAT(outcome.out,
              HasSubstr("audit chain intact: " + std::to_string(events) + " events\n"));
}

TEST_F(Cli, AuditVerifyNamesAnEventWhoseContentWasChanged) {
  make_audit_events(sqlite_url());
  execute_sql(sqlite_url(), R"(UPDATE audit_events SET details = '{"x":1}' WHERE id = 2)");
  const auto outcome = vern({"audit", "verify", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("event 2"));
}

TEST_F(Cli, AuditVerifyFailsWhenTheLastEventIsDeleted) {
  make_audit_events(sqlite_url());
  const long long last = count_audit_events(sqlite_url());
  execute_sql(sqlite_url(), "DELETE FROM audit_events WHERE id = " + std::to_string(last));
  const auto outcome = vern({"audit", "verify", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("event " + std::to_string(last)));
}

TEST_F(Cli, AuditVerifyFailsWhenAnEventInTheMiddleIsDeleted) {
  make_audit_events(sqlite_url());
  execute_sql(sqlite_url(), "DELETE FROM audit_events WHERE id = 1");
  const auto outcome = vern({"audit", "verify", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("event 1"));
}

TEST_F(Cli, ServeOnAPortAlreadyInUseFailsWithOneLine) {
  const OccupiedPort occupied;
  const auto outcome = vern(
      {"serve", "--listen", "127.0.0.1:" + std::to_string(occupied.port()), "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, AllOf(HasSubstr("already in use"),
                                 HasSubstr("127.0.0.1:" + std::to_string(occupied.port()))));
}

TEST_F(Cli, ServeWithAMalformedListenAddressFailsWithOneLine) {
  const auto outcome = vern({"serve", "--listen", "localhost", "--db", sqlite_url()});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("HOST:PORT"));
}

TEST_F(Cli, ServePrintsItsAddressAnswersHealthzAndExitsCleanlyOnSigterm) {
  VernProcess server({"serve", "--listen", "127.0.0.1:0", "--db", sqlite_url()}, options());
  const std::string port = server.wait_for_stdout(kListeningLine);
  ASSERT_FALSE(port.empty()) << "stdout: " << server.out() << "\nstderr: " << server.err();
  EXPECT_NE(port, "0");

  testing::HttpClient client("http://127.0.0.1:" + port);
  const auto health = client.get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_THAT(health.body, HasSubstr("\"ok\""));

  server.send_signal(SIGTERM);
  const auto outcome = server.finish();
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_EQ(outcome.err, "");
}

/// The same commands against a private schema of the PostgreSQL server in VERN_TEST_PG_URL
/// (required: these tests fail without it, they never skip).
class CliPostgresql : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    database_ = std::make_unique<testing::TestDatabase>(testing::TestBackend::kPostgresql,
                                                        /*run_migrations=*/false);
  }
  void TearDown() override {
    database_.reset();  // drops the schema
    Cli::TearDown();
  }
  const std::string& url() const { return database_->url(); }

 private:
  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_F(CliPostgresql, MigrateThenAuditVerifyOnAPrivateSchema) {
  const auto first = vern({"migrate", "--db", url()});
  EXPECT_EQ(first.status, kExitSuccess) << first.err;
  EXPECT_THAT(first.out, HasSubstr("migrated schema from version 0 to"));
  const auto second = vern({"migrate", "--db", url()});
  EXPECT_EQ(second.status, kExitSuccess) << second.err;
  EXPECT_THAT(second.out, HasSubstr("up to date"));

  make_audit_events(url());
  const long long events = count_audit_events(url());
  const auto verified = vern({"audit", "verify"}, options({{"VERN_DB", url()}}));
  EXPECT_EQ(verified.status, kExitSuccess) << verified.err;
  EXPECT_THAT(verified.out,
              HasSubstr("audit chain intact: " + std::to_string(events) + " events\n"));
}

/// The test URL with a password in it: the one it has, or a made-up one, which the test server's
/// trust authentication ignores.
std::string with_password(const std::string& url, std::string& password) {
  const auto user_start = url.find("://") + 3;
  const auto at = url.find('@', user_start);
  const auto colon = url.find(':', user_start);
  if (at == std::string::npos) {
    password = "not-the-real-one";
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "password=" + password;
  }
  if (colon < at) {
    password = url.substr(colon + 1, at - colon - 1);
    return url;
  }
  password = "not-the-real-one";
  return url.substr(0, at) + ":" + password + url.substr(at);
}

TEST_F(CliPostgresql, DemoNeverPrintsTheDatabasePassword) {
  std::string password;
  const auto demo = vern({"demo", "--db", with_password(url(), password)});
  EXPECT_EQ(demo.status, kExitSuccess) << demo.err;
  EXPECT_THAT(demo.out, HasSubstr("Log in as admin with the password: "));
  EXPECT_THAT(demo.out, AllOf(HasSubstr("***"), Not(HasSubstr(password))));
}

TEST_F(CliPostgresql, AuditVerifyNamesAnEventWhoseContentWasChanged) {
  make_audit_events(url());
  execute_sql(url(), R"(UPDATE audit_events SET details = '{"x":1}' WHERE id = 2)");
  const auto outcome = vern({"audit", "verify", "--db", url()});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("event 2"));
}

TEST_F(CliPostgresql, AuditVerifyFailsWhenTheLastEventIsDeleted) {
  make_audit_events(url());
  const long long last = count_audit_events(url());
  execute_sql(url(), "DELETE FROM audit_events WHERE id = " + std::to_string(last));
  const auto outcome = vern({"audit", "verify", "--db", url()});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("event " + std::to_string(last)));
}

// ---- Mail delivery inside `vern serve`, against the test SMTP server
// -----------------------------

/// The messages the shared test SMTP server stored whose envelope sender is `sender`: how many
/// each recipient got.
std::map<std::string, int> received_by(const std::string& sender) {
  std::map<std::string, int> received;
  const char* folder = std::getenv("VERN_TEST_SMTP_DIR");
  if (folder == nullptr) {
    return received;
  }
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".json") {
      continue;
    }
    std::ifstream in(entry.path());
    const auto envelope = nlohmann::json::parse(in, nullptr, false);
    if (envelope.is_object() && envelope.value("mail_from", "") == sender) {
      for (const auto& recipient : envelope["rcpt_tos"]) {
        received[recipient.get<std::string>()] += 1;
      }
    }
  }
  return received;
}

long long query_count(storage::Database& database, const std::string& sql) {
  return database.read([&](soci::session& session) {
    long long count = 0;
    session << sql, soci::into(count);
    return count;
  });
}

class MailServe : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    const char* smtp = std::getenv("VERN_TEST_SMTP_URL");
    // Not a skip: without the SMTP server that the test command starts, these tests fail.
    ASSERT_NE(smtp, nullptr) << "VERN_TEST_SMTP_URL is not set: run the tests with scripts/test.sh";
    ASSERT_NE(std::getenv("VERN_TEST_SMTP_DIR"), nullptr);
    smtp_url_ = smtp;
    sender_ = "crash-" + std::to_string(getpid()) + "-" +
              std::to_string(steady_clock::now().time_since_epoch().count()) + "@vern.example";
    const auto demo = vern({"demo", "--db", sqlite_url(), "--persons", "2500"});
    ASSERT_EQ(demo.status, kExitSuccess) << demo.err;
    const auto token = vern({"token", "create", "--user", "admin", "--db", sqlite_url()});
    ASSERT_EQ(token.status, kExitSuccess) << token.err;
    token_ = token.out.substr(0, token.out.size() - 1);
  }

  std::unique_ptr<VernProcess> serve() {
    auto server = std::make_unique<VernProcess>(
        std::vector<std::string>{"serve", "--listen", "127.0.0.1:0", "--db", sqlite_url(), "--smtp",
                                 smtp_url_, "--mail-from", "Vern <" + sender_ + ">",
                                 "--mail-lease-seconds", "2"},
        options());
    port_ = server->wait_for_stdout(kListeningLine);
    EXPECT_FALSE(port_.empty()) << server->err();
    return server;
  }

  /// A service mailing to everyone, sent; returns how many it reaches.
  long long send_mailing() {
    testing::HttpClient client("http://127.0.0.1:" + port_);
    const std::vector<std::string> auth{"Authorization: Bearer " + token_};
    const auto created = client.post(
        "/api/v1/mailings",
        R"({"name":"Service notice","purpose":"service","subject":"Hei {{first_name}}",)"
        R"("body":"Hello {{name}}, our terms change."})",
        "application/json", auth);
    EXPECT_EQ(created.status, 201) << created.body;
    const auto mailing = nlohmann::json::parse(created.body);
    const auto sent =
        client.post("/api/v1/mailings/" + std::to_string(mailing["id"].get<long long>()) + "/send",
                    "", "application/json", auth);
    EXPECT_EQ(sent.status, 202) << sent.body;
    return mailing["included"].get<long long>();
  }

  /// Waits until `done` holds, checking every 20 ms, for at most `timeout`.
  template <typename Done>
  bool wait_until(Done&& done, milliseconds timeout) {
    const auto deadline = steady_clock::now() + timeout;
    while (!done()) {
      if (steady_clock::now() >= deadline) {
        return false;
      }
      std::this_thread::sleep_for(20ms);
    }
    return true;
  }

  std::string smtp_url_;
  std::string sender_;
  std::string token_;
  std::string port_;
};

// kill -9 in the middle of a mailing, then a restart: every message arrives, none is lost, and
// duplicates are bounded by what was in flight (2 workers × a batch of 50).
TEST_F(MailServe, AfterKillNineARestartDeliversEveryMessageWithBoundedDuplicates) {
  auto database = storage::Database::open(storage::DatabaseUrl::parse(sqlite_url()), 1);
  auto first = serve();
  ASSERT_FALSE(port_.empty());
  const long long included = send_mailing();
  ASSERT_GT(included, 1000);
  ASSERT_TRUE(wait_until(
      [&] {
        return query_count(*database, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'") >= 300;
      },
      60s))
      << first->err();
  first->send_signal(SIGKILL);
  EXPECT_EQ(first->finish().status, kSignalExitBase + SIGKILL);
  const long long sent_before =
      query_count(*database, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'");
  EXPECT_LT(sent_before, included) << "the mailing finished before the kill: nothing was tested";

  auto second = serve();
  ASSERT_FALSE(port_.empty());
  EXPECT_TRUE(wait_until(
      [&] {
        return query_count(*database, "SELECT COUNT(*) FROM mailings WHERE status = 'done'") == 1;
      },
      120s))
      << second->err();
  second->send_signal(SIGTERM);
  EXPECT_EQ(second->finish().status, kExitSuccess);

  EXPECT_EQ(query_count(*database, "SELECT COUNT(*) FROM outbox"), included);
  EXPECT_EQ(query_count(*database, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), included);
  std::map<std::string, int> received;
  ASSERT_TRUE(wait_until(
      [&] {
        received = received_by(sender_);
        return static_cast<long long>(received.size()) >= included;
      },
      30s));
  EXPECT_EQ(static_cast<long long>(received.size()), included) << "every recipient, once or more";
  long long duplicates = 0;
  for (const auto& [recipient, count] : received) {
    duplicates += count - 1;
  }
  EXPECT_LE(duplicates, 100);
}

// SIGTERM mid-mailing: the server stops promptly and leaves no message claimed.
TEST_F(MailServe, SigtermFinishesOrReturnsEveryClaim) {
  auto database = storage::Database::open(storage::DatabaseUrl::parse(sqlite_url()), 1);
  auto server = serve();
  ASSERT_FALSE(port_.empty());
  const long long included = send_mailing();
  ASSERT_TRUE(wait_until(
      [&] {
        return query_count(*database, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'") >= 100;
      },
      60s))
      << server->err();
  server->send_signal(SIGTERM);
  const auto outcome = server->finish();
  EXPECT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_LT(outcome.elapsed, 60s);
  EXPECT_EQ(query_count(*database, "SELECT COUNT(*) FROM outbox WHERE status = 'sending'"), 0);
  EXPECT_LT(query_count(*database, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), included);
}

}  // namespace
}  // namespace vern::app
