#include "storage/dynamic_query.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "storage/statement_cache.hpp"
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

// SQLite sessions keep prepared statements (StatementCache); PostgreSQL ones do not. The same
// behaviour is expected on both.
std::size_t cached_statements(Database& database) {
  return database.read([](soci::session& session) {
    const StatementCache* cache = StatementCache::of(session);
    return cache == nullptr ? std::size_t{0} : cache->size();
  });
}

TEST_P(DynamicQueryTest, ACachedQuerySeesNewValuesAndNewRows) {
  insert(1, "a", 10);
  DynamicQuery first("SELECT id FROM items WHERE name = ");
  first.bind(std::string("a"));
  EXPECT_EQ(ids(first), std::vector<long long>{1});
  insert(2, "b", 20);
  insert(3, "b", 30);
  // The same SQL with another value: the statement is reused with the new binding.
  DynamicQuery ordered("SELECT id FROM items WHERE name = ");
  ordered.bind(std::string("b"));
  EXPECT_EQ(ids(ordered), (std::vector<long long>{2, 3}));
  EXPECT_EQ(ids(first), std::vector<long long>{1});
}

TEST_P(DynamicQueryTest, OnSqliteEachQueryShapeIsPreparedOnce) {
  // Used one after another, the pool hands out the same session, so the same cache.
  const std::size_t before = cached_statements(db());
  insert(1, "a", 10);
  for (long long id = 0; id < 5; ++id) {
    DynamicQuery query("SELECT id FROM items WHERE id = ");
    query.bind(id);
    ids(query);
  }
  const std::size_t after = cached_statements(db());
  if (db().dialect().is_postgresql()) {
    EXPECT_EQ(after, 0U);
  } else {
    EXPECT_EQ(after, before + 2);  // the insert and the select, each once
  }
}

TEST_P(DynamicQueryTest, TheCacheStaysWithinItsCapacity) {
  insert(1, "a", 10);
  for (std::size_t n = 0; n < StatementCache::kCapacity + 10; ++n) {
    DynamicQuery query("SELECT id FROM items WHERE id < ");
    query.bind(static_cast<long long>(n) + 2).append(" AND " + std::to_string(n) + " = ");
    query.bind(static_cast<long long>(n));
    EXPECT_EQ(ids(query), std::vector<long long>{1});
  }
  EXPECT_LE(cached_statements(db()), StatementCache::kCapacity);
}

TEST_P(DynamicQueryTest, TheSameQueryCanRunWhileItsRowsAreRead) {
  insert(1, "a", 10);
  insert(2, "b", 20);
  DynamicQuery all("SELECT id FROM items ORDER BY id");
  std::vector<long long> pairs;
  db().read([&](soci::session& session) {
    all.for_each_row(session, [&](const soci::row& outer) {
      all.for_each_row(session, [&](const soci::row& inner) {
        pairs.push_back(get_int64(outer, 0) * 10 + get_int64(inner, 0));
      });
    });
  });
  EXPECT_EQ(pairs, (std::vector<long long>{11, 12, 21, 22}));
}

TEST_P(DynamicQueryTest, AnErrorWhileReadingLeavesNoStatementRunning) {
  insert(1, "a", 10);
  insert(2, "b", 20);
  DynamicQuery all("SELECT id FROM items ORDER BY id");
  EXPECT_THROW(db().read([&](soci::session& session) {
    all.for_each_row(session, [](const soci::row&) { throw std::runtime_error("stop"); });
  }),
               std::runtime_error);
  // A statement left half-read would keep the table busy: SQLite refuses to drop it then.
  EXPECT_NO_THROW(db().write([](soci::session& session) { session << "DROP TABLE items"; }));
}

TEST_P(DynamicQueryTest, ABadStatementIsNotKept) {
  const std::size_t before = cached_statements(db());
  DynamicQuery bad("SELECT no_such_column FROM items WHERE id = ");
  bad.bind(1);
  EXPECT_THROW(ids(bad), soci::soci_error);
  EXPECT_EQ(cached_statements(db()), before);
  EXPECT_THROW(ids(bad), soci::soci_error);
}

INSTANTIATE_TEST_SUITE_P(Databases, DynamicQueryTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::storage
