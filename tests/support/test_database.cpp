#include "support/test_database.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "common/crypto.hpp"
#include "storage/migrations.hpp"
#include "storage/soci.hpp"

namespace vern::testing {
namespace {

std::string required_pg_url() {
  const char* url = std::getenv("VERN_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "VERN_TEST_PG_URL is not set: run the tests through scripts/test.sh, which starts "
        "PostgreSQL");
  }
  return url;
}

std::string lower_token() {
  std::string token;
  for (char c : crypto::random_token(9)) {
    token += std::isalnum(static_cast<unsigned char>(c)) != 0
                 ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                 : 'x';
  }
  return token;
}

}  // namespace

TestDatabase::TestDatabase(TestBackend backend, bool run_migrations) : backend_(backend) {
  if (backend == TestBackend::kSqlite) {
    sqlite_dir_ =
        (std::filesystem::temp_directory_path() / ("vern-test-" + lower_token())).string();
    std::filesystem::create_directories(sqlite_dir_);
    url_ = "sqlite:" + sqlite_dir_ + "/vern.db";
  } else {
    pg_base_url_ = required_pg_url();
    pg_schema_ = "t_" + lower_token();
    auto admin = storage::Database::open(storage::DatabaseUrl::parse(pg_base_url_), 1);
    admin->read([&](soci::session& session) { session << "CREATE SCHEMA " + pg_schema_; });
    const char separator = pg_base_url_.find('?') == std::string::npos ? '?' : '&';
    url_ = pg_base_url_ + separator + "options=-csearch_path%3D" + pg_schema_;
  }
  database_ = storage::Database::open(storage::DatabaseUrl::parse(url_), 4);
  if (run_migrations) {
    storage::migrate(*database_, clock_);
  }
}

TestDatabase::~TestDatabase() {
  database_.reset();
  try {
    if (backend_ == TestBackend::kSqlite) {
      std::filesystem::remove_all(sqlite_dir_);
    } else {
      auto admin = storage::Database::open(storage::DatabaseUrl::parse(pg_base_url_), 1);
      admin->read(
          [&](soci::session& session) { session << "DROP SCHEMA " + pg_schema_ + " CASCADE"; });
    }
  } catch (const std::exception& error) {
    ADD_FAILURE() << "cleaning up the test database failed: " << error.what();
  }
}

std::unique_ptr<storage::Database> TestDatabase::open_another(std::size_t pool_size) const {
  return storage::Database::open(storage::DatabaseUrl::parse(url_), pool_size);
}

void PrintTo(TestBackend backend, std::ostream* out) {
  *out << (backend == TestBackend::kSqlite ? "SQLite" : "PostgreSQL");
}

std::string backend_name(const ::testing::TestParamInfo<TestBackend>& info) {
  return info.param == TestBackend::kSqlite ? "SQLite" : "PostgreSQL";
}

}  // namespace vern::testing
