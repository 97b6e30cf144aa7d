#include "storage/row.hpp"

#include <functional>
#include <stdexcept>

#include <gtest/gtest.h>

#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::storage {
namespace {

constexpr long long kBeyond32Bits = 5'000'000'000;

class RowTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    vern::testing::DatabaseTest::SetUp();
    db().write([](soci::session& session) {
      session << "CREATE TABLE probe (id INTEGER PRIMARY KEY, small INTEGER, big BIGINT, "
                 "label TEXT, flag INTEGER)";
      session << "INSERT INTO probe VALUES (1, 42, 5000000000, 'forty-two', 1)";
      session << "INSERT INTO probe VALUES (2, -7, -5000000000, '123', 0)";
      session << "INSERT INTO probe VALUES (3, NULL, NULL, NULL, NULL)";
    });
  }

  // Runs `sql` and hands its first row to `check`.
  void with_row(const std::string& sql, const std::function<void(const soci::row&)>& check) {
    db().read([&](soci::session& session) {
      soci::rowset<soci::row> rows = session.prepare << sql;
      auto it = rows.begin();
      ASSERT_NE(it, rows.end()) << sql;
      check(*it);
    });
  }
};

TEST_P(RowTest, ReadsIntegerAndBigintColumnsAs64Bit) {
  with_row("SELECT small, big FROM probe WHERE id = 1", [](const soci::row& row) {
    EXPECT_EQ(get_int64(row, 0), 42);
    EXPECT_EQ(get_int64(row, 1), kBeyond32Bits);
  });
  with_row("SELECT small, big FROM probe WHERE id = 2", [](const soci::row& row) {
    EXPECT_EQ(get_int64(row, 0), -7);
    EXPECT_EQ(get_int64(row, 1), -kBeyond32Bits);
  });
}

TEST_P(RowTest, ReadsComputedIntegers) {
  // SQLite gives computed columns no declared type; PostgreSQL types them bigint or numeric.
  with_row("SELECT COUNT(*), SUM(big), MAX(small), 1 + 1 FROM probe", [](const soci::row& row) {
    EXPECT_EQ(get_int64(row, 0), 3);
    EXPECT_EQ(get_int64(row, 1), 0);
    EXPECT_EQ(get_int64(row, 2), 42);
    EXPECT_EQ(get_int64(row, 3), 2);
  });
}

TEST_P(RowTest, NullIsNoValueForOptionalReadsAndZeroOrEmptyOtherwise) {
  with_row("SELECT small, big, label, flag FROM probe WHERE id = 3", [](const soci::row& row) {
    EXPECT_EQ(get_optional_int64(row, 0), std::nullopt);
    EXPECT_EQ(get_optional_int64(row, 1), std::nullopt);
    EXPECT_EQ(get_optional_text(row, 2), std::nullopt);
    EXPECT_EQ(get_int64(row, 0), 0);
    EXPECT_EQ(get_text(row, 2), "");
    EXPECT_FALSE(get_bool(row, 3));
  });
}

TEST_P(RowTest, OptionalReadsReturnPresentValues) {
  with_row("SELECT big, label FROM probe WHERE id = 1", [](const soci::row& row) {
    EXPECT_EQ(get_optional_int64(row, 0), kBeyond32Bits);
    EXPECT_EQ(get_optional_text(row, 1), "forty-two");
  });
}

TEST_P(RowTest, ReadsTextAndIntegersAsText) {
  with_row("SELECT label, small, big FROM probe WHERE id = 1", [](const soci::row& row) {
    EXPECT_EQ(get_text(row, 0), "forty-two");
    EXPECT_EQ(get_text(row, 1), "42");
    EXPECT_EQ(get_text(row, 2), "5000000000");
  });
}

TEST_P(RowTest, ReadsDigitsStoredAsTextAsAnInteger) {
  with_row("SELECT label FROM probe WHERE id = 2",
           [](const soci::row& row) { EXPECT_EQ(get_int64(row, 0), 123); });
}

TEST_P(RowTest, RefusesTextThatIsNotANumberAsAnInteger) {
  with_row("SELECT label FROM probe WHERE id = 1",
           [](const soci::row& row) { EXPECT_THROW(get_int64(row, 0), std::logic_error); });
}

TEST_P(RowTest, ReadsFlagsAsBooleans) {
  with_row("SELECT flag FROM probe WHERE id = 1",
           [](const soci::row& row) { EXPECT_TRUE(get_bool(row, 0)); });
  with_row("SELECT flag FROM probe WHERE id = 2",
           [](const soci::row& row) { EXPECT_FALSE(get_bool(row, 0)); });
}

INSTANTIATE_TEST_SUITE_P(Databases, RowTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::storage
