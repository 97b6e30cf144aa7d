#include "storage/migrations.hpp"

#include <algorithm>
#include <barrier>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::storage {
namespace {

using ::testing::HasSubstr;
using vern::testing::TestBackend;
using vern::testing::TestDatabase;

// Small stand-in migrations, so the tests do not depend on Vern's real schema growing.
const std::vector<Migration> kFirstTwo = {
    {1, "journal", {"CREATE TABLE journal (id ${ID}, entry TEXT NOT NULL)"}},
    {2,
     "second table and a journal entry",
     {"CREATE TABLE second (id ${ID})", "INSERT INTO journal (entry) VALUES ('two')"}},
};

std::vector<Migration> with_third(std::vector<std::string_view> statements) {
  std::vector<Migration> migrations = kFirstTwo;
  migrations.push_back({3, "third", std::move(statements)});
  return migrations;
}

bool table_exists(Database& database, const std::string& table) {
  try {
    database.read([&](soci::session& session) {
      long long count = 0;
      session << "SELECT COUNT(*) FROM " + table, soci::into(count);
    });
    return true;
  } catch (const soci::soci_error&) {
    return false;
  }
}

long long count_rows(Database& database, const std::string& table) {
  return database.read([&](soci::session& session) {
    long long count = 0;
    session << "SELECT COUNT(*) FROM " + table, soci::into(count);
    return count;
  });
}

/// An empty database, not yet migrated.
class MigrationsTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    test_database_ = std::make_unique<TestDatabase>(GetParam(), /*run_migrations=*/false);
  }
  Database& db() { return test_database_->database(); }
  ManualClock& clock() { return test_database_->clock(); }
  TestDatabase& test_database() { return *test_database_; }

 private:
  std::unique_ptr<TestDatabase> test_database_;
};

TEST(Migrations, VersionsStartAtOneAndIncreaseByOne) {
  const auto& migrations = all_migrations();
  ASSERT_FALSE(migrations.empty());
  int expected = 1;
  for (const Migration& migration : migrations) {
    EXPECT_EQ(migration.version, expected);
    EXPECT_FALSE(migration.name.empty());
    EXPECT_FALSE(migration.statements.empty());
    ++expected;
  }
}

TEST_P(MigrationsTest, AnEmptyDatabaseIsAtVersionZero) {
  EXPECT_EQ(current_schema_version(db()), 0);
}

TEST_P(MigrationsTest, BringsAnEmptyDatabaseToTheLatestSchema) {
  const int latest = all_migrations().back().version;
  const MigrationResult result = migrate(db(), clock());
  EXPECT_EQ(result.from_version, 0);
  EXPECT_EQ(result.to_version, latest);
  EXPECT_EQ(current_schema_version(db()), latest);
  for (const char* table :
       {"users", "sessions", "api_tokens", "login_failures", "audit_events", "audit_head"}) {
    EXPECT_TRUE(table_exists(db(), table)) << table;
  }
}

TEST_P(MigrationsTest, RunningAgainChangesNothing) {
  migrate(db(), clock());
  const MigrationResult again = migrate(db(), clock());
  EXPECT_EQ(again.from_version, all_migrations().back().version);
  EXPECT_EQ(again.to_version, again.from_version);
  EXPECT_EQ(count_rows(db(), "audit_head"), 1);
}

TEST_P(MigrationsTest, RecordsEachMigrationWithItsNameAndTime) {
  migrate(db(), clock(), kFirstTwo);
  db().read([&](soci::session& session) {
    soci::rowset<soci::row> rows =
        session.prepare
        << "SELECT version, name, applied_at FROM schema_migrations ORDER BY version";
    std::vector<std::string> names;
    for (const soci::row& row : rows) {
      names.push_back(get_text(row, 1));
      EXPECT_EQ(get_int64(row, 2), clock().now());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"journal", "second table and a journal entry"}));
  });
}

TEST_P(MigrationsTest, AppliesOnlyTheMigrationsNotYetApplied) {
  EXPECT_EQ(migrate(db(), clock(), {kFirstTwo.front()}).to_version, 1);
  const MigrationResult result =
      migrate(db(), clock(), with_third({"CREATE TABLE third (id ${ID})"}));
  EXPECT_EQ(result.from_version, 1);
  EXPECT_EQ(result.to_version, 3);
  EXPECT_EQ(count_rows(db(), "journal"), 1);
  EXPECT_TRUE(table_exists(db(), "third"));
}

TEST_P(MigrationsTest, AFailingMigrationLeavesNoTraceAndStopsTheRun) {
  const auto broken =
      with_third({"CREATE TABLE third (id ${ID})", "INSERT INTO no_such_table VALUES (1)"});
  EXPECT_THROW(migrate(db(), clock(), broken), soci::soci_error);
  EXPECT_EQ(current_schema_version(db()), 2);
  EXPECT_FALSE(table_exists(db(), "third"));

  const MigrationResult fixed =
      migrate(db(), clock(), with_third({"CREATE TABLE third (id ${ID})"}));
  EXPECT_EQ(fixed.from_version, 2);
  EXPECT_EQ(fixed.to_version, 3);
  EXPECT_TRUE(table_exists(db(), "third"));
}

TEST_P(MigrationsTest, ADatabaseNewerThanTheBinaryIsRefused) {
  migrate(db(), clock(), with_third({"CREATE TABLE third (id ${ID})"}));
  try {
    migrate(db(), clock(), kFirstTwo);
    FAIL() << "expected the newer database to be refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kConflict);
    EXPECT_THAT(error.what(), HasSubstr("version 3"));
    EXPECT_THAT(error.what(), HasSubstr("version 2"));
    EXPECT_THAT(error.what(), HasSubstr("upgrade vern"));
  }
  EXPECT_EQ(current_schema_version(db()), 3);
  EXPECT_EQ(count_rows(db(), "journal"), 1);
}

TEST_P(MigrationsTest, ABinaryWithoutMigrationsRefusesAMigratedDatabase) {
  migrate(db(), clock());
  try {
    migrate(db(), clock(), {});
    FAIL() << "expected the newer database to be refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kConflict);
  }
}

// Two instances starting at once against one database: each migration runs exactly once (a second
// run of any of them would fail, as none is idempotent) and both instances start.
TEST_P(MigrationsTest, TwoPoolsMigratingAtOnceApplyEachMigrationOnce) {
  std::vector<Migration> migrations;
  std::vector<std::string> statements;
  constexpr int kMigrations = 6;
  statements.reserve(2 * kMigrations);
  statements.push_back("CREATE TABLE journal (id ${ID}, entry TEXT NOT NULL)");
  for (int version = 2; version <= kMigrations; ++version) {
    statements.push_back("CREATE TABLE step" + std::to_string(version) + " (id ${ID})");
    statements.push_back("INSERT INTO journal (entry) VALUES ('" + std::to_string(version) + "')");
  }
  migrations.push_back({1, "journal", {statements[0]}});
  for (int version = 2; version <= kMigrations; ++version) {
    const auto first = static_cast<std::size_t>(2 * version - 3);
    migrations.push_back({version, "step", {statements[first], statements[first + 1]}});
  }

  auto other = test_database().open_another();
  std::barrier start(2);
  std::exception_ptr errors[2];
  MigrationResult results[2];
  auto run = [&](int index, Database& database) {
    start.arrive_and_wait();
    try {
      results[index] = migrate(database, clock(), migrations);
    } catch (...) {
      errors[index] = std::current_exception();
    }
  };
  std::thread first(run, 0, std::ref(db()));
  std::thread second(run, 1, std::ref(*other));
  first.join();
  second.join();

  for (const auto& error : errors) {
    EXPECT_FALSE(error) << "a migration run failed";
  }
  EXPECT_EQ(current_schema_version(db()), kMigrations);
  EXPECT_EQ(count_rows(db(), "schema_migrations"), kMigrations);
  EXPECT_EQ(count_rows(db(), "journal"), kMigrations - 1);
  // Each run reports the last migration it applied itself; between them they applied all.
  EXPECT_EQ(std::max(results[0].to_version, results[1].to_version), kMigrations);
}

INSTANTIATE_TEST_SUITE_P(Databases, MigrationsTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::storage
