// Runs the real `vern` binary for `vern demo` and `vern import persons`, as cli_test.cpp does for
// the other commands: a child process in a temporary folder, without inherited VERN_* variables.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/database.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

extern char** environ;  // NOLINT: POSIX declares it nowhere else

namespace vern::app {
namespace {

using namespace std::chrono_literals;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A hang guard, not a performance check.
constexpr auto kCommandTimeout = 120s;
constexpr int kExitSuccess = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kCannotExecute = 127;
constexpr int kSignalExitBase = 128;

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
}

/// Runs `vern ARGUMENTS` in `directory` with standard input from `input` (a file) and stdout and
/// stderr into files there; the environment is ours without any VERN_* variable.
Outcome run_vern(const std::filesystem::path& directory, std::vector<std::string> arguments,
                 const std::filesystem::path& input = "/dev/null") {
  arguments.insert(arguments.begin(), VERN_BINARY);
  std::vector<char*> argv;
  for (std::string& argument : arguments) {
    argv.push_back(argument.data());
  }
  argv.push_back(nullptr);
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!std::string(*entry).starts_with("VERN_")) {
      environment.emplace_back(*entry);
    }
  }
  std::vector<char*> envp;
  for (std::string& variable : environment) {
    envp.push_back(variable.data());
  }
  envp.push_back(nullptr);
  const std::string out_path = (directory / "stdout.txt").string();
  const std::string err_path = (directory / "stderr.txt").string();
  const std::string in_path = input.string();
  const std::string working_directory = directory.string();

  const pid_t pid = fork();
  if (pid < 0) {
    throw std::system_error(errno, std::generic_category(), "fork");
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    const int in = open(in_path.c_str(), O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || dup2(in, STDIN_FILENO) < 0 ||
        dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0 ||
        chdir(working_directory.c_str()) != 0) {
      _exit(kCannotExecute);
    }
    execve(argv[0], argv.data(), envp.data());
    _exit(kCannotExecute);
  }
  const auto deadline = std::chrono::steady_clock::now() + kCommandTimeout;
  int wait_status = 0;
  while (waitpid(pid, &wait_status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ADD_FAILURE() << "vern did not finish in time; killing it";
      kill(pid, SIGKILL);
      waitpid(pid, &wait_status, 0);
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  Outcome outcome;
  if (WIFEXITED(wait_status)) {
    outcome.status = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    outcome.status = kSignalExitBase + WTERMSIG(wait_status);
  }
  outcome.out = read_file(out_path);
  outcome.err = read_file(err_path);
  return outcome;
}

/// A failure owes its user exactly one line on stderr.
void expect_one_error_line(const Outcome& outcome) {
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
  EXPECT_THAT(outcome.err, StartsWith("vern: "));
}

/// Each test gets its own folder and a database on each backend (a private PostgreSQL schema).
class CliImport : public ::testing::TestWithParam<testing::TestBackend> {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "vern-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
    database_ = std::make_unique<testing::TestDatabase>(GetParam(), /*run_migrations=*/false);
  }
  void TearDown() override {
    database_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  const std::string& url() const { return database_->url(); }

  /// Runs vern on this test's database, or on the one at `database_url`.
  Outcome vern(std::vector<std::string> arguments, const std::string& standard_input = {},
               const std::string& database_url = {}) {
    arguments.push_back("--db");
    arguments.push_back(database_url.empty() ? url() : database_url);
    if (standard_input.empty()) {
      return run_vern(directory_, std::move(arguments));
    }
    write_file(directory_ / "stdin.txt", standard_input);
    return run_vern(directory_, std::move(arguments), directory_ / "stdin.txt");
  }

  std::string csv_file(const std::string& name, const std::string& content) {
    write_file(directory_ / name, content);
    return (directory_ / name).string();
  }

  long long count(const std::string& sql) {
    return database_->database().read([&sql](soci::session& session) {
      long long result = 0;
      session << sql, soci::into(result);
      return result;
    });
  }

  std::string first_persons(int limit) { return first_persons(database_->database(), limit); }

  static std::string first_persons(storage::Database& database, int limit) {
    std::string text;
    database.read([&](soci::session& session) {
      soci::rowset<soci::row> rows =
          session.prepare << "SELECT first_name, last_name, email, city FROM persons ORDER BY id "
                             "LIMIT " +
                                 std::to_string(limit);
      for (const soci::row& row : rows) {
        for (std::size_t column = 0; column < 4; ++column) {
          text += storage::get_text(row, column) + "|";
        }
        text += "\n";
      }
    });
    return text;
  }

 private:
  std::filesystem::path directory_;
  std::unique_ptr<testing::TestDatabase> database_;
};

TEST_P(CliImport, DemoMakesTheAskedPersonsShowsProgressAndTheAdminPassword) {
  const auto demo = vern({"demo", "--persons", "300", "--seed", "4"});
  ASSERT_EQ(demo.status, kExitSuccess) << demo.err;
  EXPECT_THAT(demo.out, HasSubstr("Demo data: 300 persons, 5 companies, "));
  EXPECT_THAT(demo.out, HasSubstr("Log in as admin with the password: "));
  EXPECT_THAT(demo.err, HasSubstr("demo: 100% (300 of 300 persons)\n"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 300);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'demo.load'"), 1);

  const auto again = vern({"demo", "--persons", "300", "--seed", "5"});
  ASSERT_EQ(again.status, kExitSuccess) << again.err;
  EXPECT_THAT(again.out, HasSubstr("The database holds 300 persons already: no demo data"));
  EXPECT_THAT(again.out, HasSubstr("Log in as admin with the password: "));
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 300);
}

TEST_P(CliImport, DemoWithTheSameSeedMakesTheSameData) {
  ASSERT_EQ(vern({"demo", "--persons", "100", "--seed", "9"}).status, kExitSuccess);
  const std::string first = first_persons(20);
  EXPECT_THAT(first, HasSubstr("@"));
  testing::TestDatabase same(GetParam(), /*run_migrations=*/false);
  const auto second = vern({"demo", "--persons", "100", "--seed", "9"}, {}, same.url());
  ASSERT_EQ(second.status, kExitSuccess) << second.err;
  EXPECT_EQ(first, first_persons(same.database(), 20));
  testing::TestDatabase other(GetParam(), /*run_migrations=*/false);
  ASSERT_EQ(vern({"demo", "--persons", "100", "--seed", "10"}, {}, other.url()).status,
            kExitSuccess);
  EXPECT_NE(first, first_persons(other.database(), 20));
}

TEST_P(CliImport, DemoRefusesABadNumberOfPersons) {
  for (const char* persons : {"-1", "many", "10000001"}) {
    const auto outcome = vern({"demo", "--persons", persons});
    EXPECT_EQ(outcome.status, kExitUsage) << persons;
    expect_one_error_line(outcome);
  }
}

TEST_P(CliImport, ImportWritesTheFileAndSummarises) {
  const std::string file = csv_file("persons.csv",
                                    "first_name;last_name;email;city\r\n"
                                    "Kari;Nordmann;kari@example.no;Tromsø\r\n"
                                    "Åse;Ødegård;ase@example.no;Bodø\r\n");
  const auto outcome = vern({"import", "persons", file});
  ASSERT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_THAT(outcome.out, EndsWith("\nimported 2, updated 0, skipped 0 duplicates\n"));
  EXPECT_EQ(outcome.err, "");
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'person.import'"), 1);

  const auto again = vern({"import", "persons", file, "--on-duplicate", "skip"});
  ASSERT_EQ(again.status, kExitSuccess) << again.err;
  EXPECT_EQ(again.out, "imported 0, updated 0, skipped 2 duplicates\n");  // migrated already
}

TEST_P(CliImport, ADryRunPrintsEveryBadRowByLineAndWritesNothing) {
  const std::string file = csv_file("bad.csv",
                                    "first_name,email,birth_date\n"
                                    "Kari,kari@example.no,1980-05-17\n"
                                    "Ola,ola(at)example.no,1980-02-30\n"
                                    "Per,per@example.no\n");
  const auto outcome = vern({"import", "persons", file, "--dry-run"});
  EXPECT_EQ(outcome.status, kExitFailure);
  EXPECT_THAT(outcome.out, HasSubstr("line 3: email: Not a valid e-mail address.\n"));
  EXPECT_THAT(outcome.out, HasSubstr("line 3: birth_date: "));
  EXPECT_THAT(outcome.out, HasSubstr("line 4: The row has 2 fields; the header has 3.\n"));
  EXPECT_THAT(outcome.out, HasSubstr("would import 1, update 0, skip 0 duplicates\n"));
  expect_one_error_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("2 of 3 rows have problems (dry run)"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 0);

  const auto real = vern({"import", "persons", file});
  EXPECT_EQ(real.status, kExitFailure);
  expect_one_error_line(real);
  EXPECT_THAT(real.err, HasSubstr("nothing was imported"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM persons"), 0);
}

TEST_P(CliImport, UpdateMergesDuplicatesReadFromStandardInput) {
  ASSERT_EQ(vern({"import", "persons", "-"}, "first_name,email\nKari,kari@example.no\n").status,
            kExitSuccess);
  const auto outcome = vern({"import", "persons", "-", "--on-duplicate", "update"},
                            "email,city\nKARI@example.no,Oslo\n");
  ASSERT_EQ(outcome.status, kExitSuccess) << outcome.err;
  EXPECT_EQ(outcome.out, "imported 0, updated 1, skipped 0 duplicates\n");
  EXPECT_EQ(count("SELECT version FROM persons WHERE city = 'Oslo'"), 2);
}

TEST_P(CliImport, AnUnknownColumnIsOneLineNamingIt) {
  const std::string file = csv_file("odd.csv", "first_name,favourite_colour\nKari,red\n");
  const auto outcome = vern({"import", "persons", file});
  EXPECT_EQ(outcome.status, kExitFailure);
  expect_one_error_line(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("favourite_colour"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("import")));
}

TEST_P(CliImport, AMissingFileOrABadOptionIsNamed) {
  const auto missing = vern({"import", "persons", "no-such-file.csv"});
  EXPECT_EQ(missing.status, kExitFailure);
  expect_one_error_line(missing);
  EXPECT_THAT(missing.err, HasSubstr("cannot read no-such-file.csv"));

  const std::string file = csv_file("ok.csv", "first_name\nKari\n");
  const auto bad_option = vern({"import", "persons", file, "--on-duplicate", "merge"});
  EXPECT_EQ(bad_option.status, kExitUsage);
  expect_one_error_line(bad_option);
  const auto no_file = vern({"import", "persons"});
  EXPECT_EQ(no_file.status, kExitUsage);
  const auto no_kind = vern({"import"});
  EXPECT_EQ(no_kind.status, kExitUsage);
}

INSTANTIATE_TEST_SUITE_P(Databases, CliImport, testing::all_backends(), testing::backend_name);

}  // namespace
}  // namespace vern::app
