#include "storage/dynamic_query.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/row.hpp"
#include "support/test_database.hpp"

namespace vern::storage {
namespace {

TEST(DynamicQuery, AppendsFragmentsAndNamesEachPlaceholder) {
  DynamicQuery query("SELECT id FROM t WHERE 1 = 1");
  query.append(" AND a = ").bind(1).append(" AND b = ").bind(std::string("x"));
  EXPECT_EQ(query.sql(), "SELECT id FROM t WHERE 1 = 1 AND a = :p1 AND b = :p2");
}

TEST(DynamicQuery, StartsEmpty) {
  EXPECT_EQ(DynamicQuery().sql(), "");
}

TEST(DynamicQuery, NeverPutsABoundValueIntoTheSql) {
  DynamicQuery query("SELECT 1 WHERE x = ");
  query.bind(std::string("'; DROP TABLE users; --"));
  EXPECT_EQ(query.sql(), "SELECT 1 WHERE x = :p1");
}

class DynamicQueryTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    vern::testing::DatabaseTest::SetUp();
    db().write([](soci::session& session) {
      session << "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL, size BIGINT)";
    });
  }

  void insert(long long id, std::string name, long long size) {
    DynamicQuery query("INSERT INTO items (id, name, size) VALUES (");
    query.bind(id).append(", ").bind(std::move(name)).append(", ").bind(size).append(")");
    db().write([&](soci::session& session) { query.execute(session); });
  }

  std::vector<long long> ids(const DynamicQuery& query) {
    std::vector<long long> found;
    db().read([&](soci::session& session) {
      query.for_each_row(session,
                         [&](const soci::row& row) { found.push_back(get_int64(row, 0)); });
    });
    return found;
  }
};

TEST_P(DynamicQueryTest, ExecuteRunsAStatementWithBoundValues) {
  insert(1, "bolt", 10);
  DynamicQuery update("UPDATE items SET size = ");
  update.bind(11).append(" WHERE name = ").bind(std::string("bolt"));
  db().write([&](soci::session& session) { update.execute(session); });
  DynamicQuery select("SELECT size FROM items WHERE id = ");
  select.bind(1);
  EXPECT_EQ(ids(select), std::vector<long long>{11});
}

TEST_P(DynamicQueryTest, ForEachRowVisitsEveryRowInOrder) {
  insert(3, "c", 30);
  insert(1, "a", 10);
  insert(2, "b", 20);
  EXPECT_EQ(ids(DynamicQuery("SELECT id FROM items ORDER BY id")),
            (std::vector<long long>{1, 2, 3}));
}

TEST_P(DynamicQueryTest, ForEachRowVisitsNothingWhenNoRowMatches) {
  insert(1, "a", 10);
  DynamicQuery query("SELECT id FROM items WHERE name = ");
  query.bind(std::string("nothing like it"));
  EXPECT_TRUE(ids(query).empty());
}

TEST_P(DynamicQueryTest, TextValuesAreComparedAsValuesNotSql) {
  const std::string hostile = "x' OR '1' = '1";
  insert(1, "a", 10);
  insert(2, hostile, 20);
  DynamicQuery query("SELECT id FROM items WHERE name = ");
  query.bind(hostile);
  EXPECT_EQ(ids(query), std::vector<long long>{2});
}

TEST_P(DynamicQueryTest, BindsMixedIntegersAndTextsInAnyOrder) {
  insert(1, "a", 10);
  insert(2, "b", 20);
  insert(3, "b", 30);
  DynamicQuery query("SELECT id FROM items WHERE size > ");
  query.bind(15).append(" AND name = ").bind(std::string("b")).append(" AND id <> ").bind(3);
  EXPECT_EQ(ids(query), std::vector<long long>{2});
}

// :p1 and :p10 must stay apart when a query has ten or more placeholders.
TEST_P(DynamicQueryTest, BindsTwelvePlaceholdersEachToItsOwnValue) {
  for (long long id = 1; id <= 12; ++id) {
    insert(id, "item" + std::to_string(id), id * 100);
  }
  DynamicQuery query("SELECT id FROM items WHERE id IN (");
  for (long long id = 1; id <= 12; ++id) {
    if (id > 1) {
      query.append(", ");
    }
    // Only the even ids exist among the values bound: odd ones are shifted out of range.
    query.bind(id % 2 == 0 ? id : id + 1000);
  }
  query.append(") ORDER BY id");
  EXPECT_EQ(ids(query), (std::vector<long long>{2, 4, 6, 8, 10, 12}));

  DynamicQuery by_name("SELECT id FROM items WHERE name IN (");
  for (long long id = 1; id <= 11; ++id) {
    by_name.append(id > 1 ? ", " : "").bind("nothing" + std::to_string(id));
  }
  by_name.append(", ").bind(std::string("item12")).append(")");
  EXPECT_EQ(ids(by_name), std::vector<long long>{12});
}

TEST_P(DynamicQueryTest, BindsLargeAndNegativeIntegers) {
  insert(1, "big", 5'000'000'000);
  insert(2, "negative", -5'000'000'000);
  DynamicQuery query("SELECT id FROM items WHERE size = ");
  query.bind(-5'000'000'000).append(" OR size = ").bind(5'000'000'000).append(" ORDER BY id");
  EXPECT_EQ(ids(query), (std::vector<long long>{1, 2}));
}

TEST_P(DynamicQueryTest, CanRunTheSameQueryTwice) {
  insert(1, "a", 10);
  DynamicQuery query("SELECT id FROM items WHERE name = ");
  query.bind(std::string("a"));
  EXPECT_EQ(ids(query), std::vector<long long>{1});
  EXPECT_EQ(ids(query), std::vector<long long>{1});
}

INSTANTIATE_TEST_SUITE_P(Databases, DynamicQueryTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::storage
