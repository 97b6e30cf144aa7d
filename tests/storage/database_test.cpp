#include "storage/database.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using vern::testing::TestBackend;
using vern::testing::TestDatabase;

class DatabaseTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    vern::testing::DatabaseTest::SetUp();
    db().write([](soci::session& session) {
      session << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE,"
                 " score INTEGER CHECK (score >= 0))";
    });
  }

  long long count_notes() {
    return db().read([](soci::session& session) {
      long long count = 0;
      session << "SELECT COUNT(*) FROM notes", soci::into(count);
      return count;
    });
  }

  // Whether the error that `sql` raises is a constraint violation. The error is judged where it
  // is caught: a copy would lose the backend's error category.
  bool violates_a_constraint(const std::string& sql) {
    try {
      db().write([&](soci::session& session) { session << sql; });
    } catch (const soci::soci_error& error) {
      return is_constraint_violation(error);
    }
    ADD_FAILURE() << "expected an error from " << sql;
    return false;
  }
};

TEST_P(DatabaseTest, WriteCommitsWhenTheWorkReturns) {
  db().write([](soci::session& session) { session << "INSERT INTO notes VALUES (1, 'kept', 1)"; });
  EXPECT_EQ(count_notes(), 1);
}

TEST_P(DatabaseTest, WriteRollsBackEverythingWhenTheWorkThrows) {
  EXPECT_THROW(db().write([](soci::session& session) {
    session << "INSERT INTO notes VALUES (1, 'lost', 1)";
    session << "INSERT INTO notes VALUES (2, 'lost too', 1)";
    throw std::runtime_error("the work failed");
  }),
               std::runtime_error);
  EXPECT_EQ(count_notes(), 0);
}

TEST_P(DatabaseTest, WriteRollsBackWhenAStatementFails) {
  EXPECT_THROW(db().write([](soci::session& session) {
    session << "INSERT INTO notes VALUES (1, 'same', 1)";
    session << "INSERT INTO notes VALUES (2, 'same', 1)";
  }),
               soci::soci_error);
  EXPECT_EQ(count_notes(), 0);
  // The session went back to the pool in a usable state.
  db().write([](soci::session& session) { session << "INSERT INTO notes VALUES (1, 'same', 1)"; });
  EXPECT_EQ(count_notes(), 1);
}

TEST_P(DatabaseTest, WriteAndReadReturnTheWorksResult) {
  const long long id = db().write([](soci::session& session) {
    session << "INSERT INTO notes VALUES (7, 'seven', 1)";
    return 7LL;
  });
  const std::string body = db().read([&](soci::session& session) {
    std::string text;
    session << "SELECT body FROM notes WHERE id = :id", soci::use(id), soci::into(text);
    return text;
  });
  EXPECT_EQ(body, "seven");
}

TEST_P(DatabaseTest, ASnapshotSeesTheDatabaseAsItWasAtItsFirstQuery) {
  db().write([](soci::session& session) { session << "INSERT INTO notes VALUES (1, 'one', 1)"; });
  auto other = test_database().open_another();
  const auto counts = db().snapshot([&](soci::session& session) {
    long long before = 0;
    session << "SELECT COUNT(*) FROM notes", soci::into(before);
    other->write([](soci::session& writer) { writer << "INSERT INTO notes VALUES (2, 'two', 1)"; });
    long long after = 0;
    session << "SELECT COUNT(*) FROM notes", soci::into(after);
    return std::pair{before, after};
  });
  EXPECT_EQ(counts, std::pair(1LL, 1LL));
  // Once it ends, the next read sees the other's write.
  EXPECT_EQ(count_notes(), 2);
}

TEST_P(DatabaseTest, ASnapshotEndsAndGivesItsLeaseBackWhenTheWorkThrows) {
  EXPECT_THROW(db().snapshot([](soci::session& session) {
    long long count = 0;
    session << "SELECT COUNT(*) FROM notes", soci::into(count);
    throw std::runtime_error("the work failed");
  }),
               std::runtime_error);
  EXPECT_EQ(db().in_use(), 0U);
  // No transaction was left open on the connection: a write begins and commits as usual.
  db().write([](soci::session& session) { session << "INSERT INTO notes VALUES (1, 'one', 1)"; });
  EXPECT_EQ(count_notes(), 1);
}

TEST_P(DatabaseTest, ALeaseIsGivenBackHoweverTheWorkEnds) {
  EXPECT_EQ(db().in_use(), 0U);
  db().read([&](soci::session&) { EXPECT_EQ(db().in_use(), 1U); });
  db().write([&](soci::session&) {
    EXPECT_EQ(db().in_use(), 1U);
    db().read([&](soci::session&) { EXPECT_EQ(db().in_use(), 2U); });
  });
  EXPECT_THROW(db().read([](soci::session&) { throw std::runtime_error("failed"); }),
               std::runtime_error);
  EXPECT_THROW(db().write([](soci::session&) { throw std::runtime_error("failed"); }),
               std::runtime_error);
  EXPECT_EQ(db().in_use(), 0U);
}

TEST_P(DatabaseTest, APoolOfZeroOpensOneConnection) {
  auto database = Database::open(DatabaseUrl::parse(test_database().url()), 0);
  EXPECT_EQ(database->pool_size(), 1U);
  EXPECT_TRUE(database->ping());
}

TEST_P(DatabaseTest, PingAnswersTrueForALiveDatabase) {
  EXPECT_TRUE(db().ping());
  EXPECT_EQ(db().in_use(), 0U);
}

TEST_P(DatabaseTest, KnowsItsUrlAndDialect) {
  const Backend expected =
      GetParam() == TestBackend::kSqlite ? Backend::kSqlite : Backend::kPostgresql;
  EXPECT_EQ(db().url().backend, expected);
  EXPECT_EQ(db().dialect().backend(), expected);
}

TEST_P(DatabaseTest, EnforcesForeignKeys) {
  EXPECT_THROW(db().write([](soci::session& session) {
    session << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
               " expires_at) VALUES ('hash', 4711, 'csrf', 1, 1, 2)";
  }),
               soci::soci_error);
}

TEST_P(DatabaseTest, RecognisesAUniqueViolation) {
  db().write([](soci::session& session) { session << "INSERT INTO notes VALUES (1, 'one', 1)"; });
  EXPECT_TRUE(violates_a_constraint("INSERT INTO notes VALUES (2, 'one', 1)"));
  EXPECT_TRUE(violates_a_constraint("INSERT INTO notes VALUES (1, 'two', 1)"));
}

TEST_P(DatabaseTest, RecognisesCheckNotNullAndForeignKeyViolations) {
  EXPECT_TRUE(violates_a_constraint("INSERT INTO notes VALUES (1, 'one', -1)"));
  EXPECT_TRUE(violates_a_constraint("INSERT INTO notes VALUES (1, NULL, 1)"));
  EXPECT_TRUE(violates_a_constraint(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
      " expires_at) VALUES ('hash', 4711, 'csrf', 1, 1, 2)"));
}

TEST_P(DatabaseTest, DoesNotTakeOtherErrorsForConstraintViolations) {
  EXPECT_FALSE(violates_a_constraint("SELEC 1"));
  EXPECT_FALSE(violates_a_constraint("SELECT * FROM no_such_table"));
}

INSTANTIATE_TEST_SUITE_P(Databases, DatabaseTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

std::string required_pg_url() {
  const char* url = std::getenv("VERN_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error("VERN_TEST_PG_URL is not set");
  }
  return url;
}

TEST(DatabaseOpen, OpensAPostgresqlUrlWithoutQueryParameters) {
  std::string url = required_pg_url();
  url.resize(std::min(url.size(), url.find('?')));
  ASSERT_EQ(url.find('='), std::string::npos) << "the test needs a URL without any '='";
  auto database = Database::open(DatabaseUrl::parse(url), 1);
  EXPECT_TRUE(database->ping());
}

TEST(DatabaseOpen, AnUnreachablePostgresqlIsUnavailableNamingTheReasonButNotThePassword) {
  // Port 1 on the loopback interface: nothing listens there, so the connection is refused at once.
  try {
    Database::open(DatabaseUrl::parse("postgresql://vern:s3cret@127.0.0.1:1/vern"), 1);
    FAIL() << "expected the database to be unavailable";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
    EXPECT_THAT(error.what(), HasSubstr("cannot open database postgresql://vern:***@127.0.0.1:1"));
    EXPECT_THAT(error.what(), Not(HasSubstr("s3cret")));
    // The driver's reason, not only SOCI's "Cannot establish connection to the database."
    EXPECT_THAT(error.what(), HasSubstr("Connection refused"));
  }
}

TEST(DatabaseOpen, AnSqliteFileInAMissingFolderIsUnavailable) {
  const auto path =
      std::filesystem::temp_directory_path() / "vern-no-such-folder" / "x" / "vern.db";
  try {
    Database::open(DatabaseUrl::parse("sqlite:" + path.string()), 1);
    FAIL() << "expected the database to be unavailable";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
    EXPECT_THAT(error.what(), HasSubstr(path.string()));
    EXPECT_THAT(error.what(), HasSubstr("unable to open database file"));
  }
}

TEST(DatabaseOpen, SqliteConnectionsUseWalAndABusyTimeout) {
  TestDatabase test_database(TestBackend::kSqlite);
  test_database.database().read([](soci::session& session) {
    std::string journal_mode;
    session << "PRAGMA journal_mode", soci::into(journal_mode);
    EXPECT_EQ(journal_mode, "wal");
    int busy_timeout = 0;
    session << "PRAGMA busy_timeout", soci::into(busy_timeout);
    EXPECT_GE(busy_timeout, 1000);
    int secure_delete = 0;
    session << "PRAGMA secure_delete", soci::into(secure_delete);
    EXPECT_EQ(secure_delete, 1);
  });
}

TEST(DatabaseOpen, PostgresqlSessionsUseUtc) {
  TestDatabase test_database(TestBackend::kPostgresql);
  test_database.database().read([](soci::session& session) {
    std::string time_zone;
    session << "SHOW TIME ZONE", soci::into(time_zone);
    EXPECT_EQ(time_zone, "UTC");
  });
}

TEST(DatabaseOpen, APostgresqlConnectionDroppedByTheServerIsOpenedAgain) {
  TestDatabase test_database(TestBackend::kPostgresql);
  auto database = test_database.open_another(1);
  const long long first_pid = database->read([](soci::session& session) {
    long long pid = 0;
    session << "SELECT pg_backend_pid()", soci::into(pid);
    return pid;
  });
  test_database.database().read([&](soci::session& session) {
    session << "SELECT pg_terminate_backend(:pid)", soci::use(first_pid);
  });
  const long long second_pid = database->read([](soci::session& session) {
    long long pid = 0;
    session << "SELECT pg_backend_pid()", soci::into(pid);
    return pid;
  });
  EXPECT_NE(second_pid, first_pid);
  // The new connection has the same settings: the test's schema and UTC.
  database->read([](soci::session& session) {
    long long users = -1;
    session << "SELECT COUNT(*) FROM users", soci::into(users);
    EXPECT_EQ(users, 0);
    std::string time_zone;
    session << "SHOW TIME ZONE", soci::into(time_zone);
    EXPECT_EQ(time_zone, "UTC");
  });
}

}  // namespace
}  // namespace vern::storage
