#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "storage/database.hpp"

namespace vern::testing {

enum class TestBackend { kSqlite, kPostgresql };

/// A fresh, migrated database for one test: a temporary SQLite file, or a private schema in the
/// PostgreSQL database named by VERN_TEST_PG_URL (the test command starts that server). Without
/// VERN_TEST_PG_URL the PostgreSQL tests fail: they never skip.
class TestDatabase {
 public:
  explicit TestDatabase(TestBackend backend, bool run_migrations = true);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  storage::Database& database() { return *database_; }
  const std::string& url() const { return url_; }
  ManualClock& clock() { return clock_; }

  /// A second, independent pool on the same database (another "instance").
  std::unique_ptr<storage::Database> open_another(std::size_t pool_size = 2) const;

 private:
  TestBackend backend_;
  std::string url_;
  std::string sqlite_dir_;
  std::string pg_schema_;
  std::string pg_base_url_;
  ManualClock clock_{1'790'000'000};
  std::unique_ptr<storage::Database> database_;
};

/// Names the backend in gtest's messages.
void PrintTo(TestBackend backend, std::ostream* out);

/// For INSTANTIATE_TEST_SUITE_P over both databases.
std::string backend_name(const ::testing::TestParamInfo<TestBackend>& info);
inline auto all_backends() {
  return ::testing::Values(TestBackend::kSqlite, TestBackend::kPostgresql);
}

/// A test fixture parameterised by backend, with a migrated database.
class DatabaseTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override { test_database_ = std::make_unique<TestDatabase>(GetParam()); }
  storage::Database& db() { return test_database_->database(); }
  ManualClock& clock() { return test_database_->clock(); }
  TestDatabase& test_database() { return *test_database_; }

 private:
  std::unique_ptr<TestDatabase> test_database_;
};

}  // namespace vern::testing
