#include "crm/person_order_store.hpp"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "query/crm_rows.hpp"
#include "query/person_search_store.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::crm {
namespace {

using vern::testing::CrmRows;

class PersonOrderStoreTest : public vern::testing::DatabaseTest {
 protected:
  CrmRows rows() { return CrmRows(db()); }

  std::vector<long long> ids(const std::string& sql) {
    return db().read([&](soci::session& session) {
      std::vector<long long> found;
      soci::rowset<soci::row> result = session.prepare << sql;
      for (const soci::row& row : result) {
        found.push_back(storage::get_int64(row, 0));
      }
      return found;
    });
  }

  std::vector<long long> in_name_order() {
    return ids("SELECT id FROM persons ORDER BY last_name, first_name, id");
  }

  /// Every page of a search for `q`, followed by its cursors.
  std::vector<long long> search_all(const std::string& q, int limit) {
    std::vector<long long> found;
    std::optional<std::string> after;
    do {
      query::SearchRequest request;
      request.q = q;
      request.limit = limit;
      request.after = after;
      const auto page = db().read([&](soci::session& session) {
        return query::PersonSearchStore().search(session, db().dialect(), request);
      });
      found.insert(found.end(), page.ids.begin(), page.ids.end());
      after = page.next;
    } while (after);
    return found;
  }

  /// On SQLite: every person has a rank, and the ranks follow the names.
  void expect_ranks_in_name_order() {
    if (db().dialect().is_postgresql()) {
      return;
    }
    EXPECT_EQ(ids("SELECT COUNT(*) FROM persons WHERE search_rank IS NULL").at(0), 0);
    EXPECT_EQ(ids("SELECT id FROM persons ORDER BY search_rank"), in_name_order());
    EXPECT_NO_THROW(rows().execute(
        "INSERT INTO person_search (person_search, rank) VALUES ('integrity-check', 1)"));
  }
};

TEST_P(PersonOrderStoreTest, NamesInsertedInTheSameGapAgainAndAgainStayInOrder) {
  rows().person({{"first_name", "Anna"}, {"last_name", "Aas"}});
  rows().person({{"first_name", "Zed"}, {"last_name", "Zorn"}});
  // Each new name sorts just after the one before, between the same two neighbours: the gap
  // halves every time, runs out after 32 and the neighbours must be spread again.
  for (int i = 0; i < 120; ++i) {
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%03d", i);
    rows().person({{"first_name", std::string("Mia") + suffix}, {"last_name", "Moe"}});
  }
  expect_ranks_in_name_order();
  const std::vector<long long> moes = search_all("moe", 7);
  ASSERT_EQ(moes.size(), 120U);
  std::vector<long long> expected = in_name_order();
  expected.erase(expected.begin());
  expected.pop_back();
  EXPECT_EQ(moes, expected);
}

TEST_P(PersonOrderStoreTest, NamesInsertedBackwardsAndAtRandomStayInOrder) {
  for (int i = 99; i >= 0; --i) {
    rows().person({{"first_name", "Ola" + std::to_string(i)}, {"last_name", "Berg"}});
  }
  std::mt19937 random(7);
  for (int i = 0; i < 100; ++i) {
    std::string last_name(1 + random() % 5, 'a');
    for (char& c : last_name) {
      c = static_cast<char>('a' + random() % 3);
    }
    rows().person({{"first_name", "Kari"}, {"last_name", last_name}});
  }
  expect_ranks_in_name_order();
  EXPECT_EQ(search_all("ola", 9).size(), 100U);
  EXPECT_EQ(search_all("kari", 9).size(), 100U);
}

TEST_P(PersonOrderStoreTest, ARenamedPersonMovesToTheirNewPlace) {
  const long long ola = rows().person({{"first_name", "Ola"}, {"last_name", "Nordmann"}});
  const long long kari = rows().person({{"first_name", "Kari"}, {"last_name", "Nilsen"}});
  const long long per = rows().person({{"first_name", "Per"}, {"last_name", "Nystrøm"}});
  EXPECT_EQ(search_all("n", 2), (std::vector<long long>{kari, ola, per}));
  rows().execute("UPDATE persons SET last_name = 'Aasen' WHERE id = " + std::to_string(per));
  rows().settle(per);
  expect_ranks_in_name_order();
  EXPECT_EQ(search_all("per", 2), (std::vector<long long>{per}));
  EXPECT_EQ(search_all("n", 2), (std::vector<long long>{kari, ola}));
  rows().execute("UPDATE persons SET last_name = 'Nygård' WHERE id = " + std::to_string(per));
  rows().settle(per);
  expect_ranks_in_name_order();
  EXPECT_EQ(search_all("n", 2), (std::vector<long long>{kari, ola, per}));
}

TEST_P(PersonOrderStoreTest, RankAllRanksABulkLoadAndIndexesIt) {
  // A bulk load writes persons without a rank: they are not in the search index until ranked.
  for (const char* name : {"Lie", "Dahl", "Holm", "Bakke"}) {
    rows().execute(
        std::string("INSERT INTO persons (last_name, created_at, updated_at) VALUES ('") + name +
        "', 1, 1)");
  }
  db().write([&](soci::session& session) { PersonOrderStore(db().dialect()).rank_all(session); });
  expect_ranks_in_name_order();
  EXPECT_EQ(search_all("", 3), in_name_order());
  EXPECT_EQ(search_all("d", 3).size(), 1U);
}

TEST_P(PersonOrderStoreTest, RankAllReplacesOldRanksAndLeavesTheTriggersOn) {
  const long long ola = rows().person({{"first_name", "Ola"}, {"last_name", "Nordmann"}});
  rows().person({{"first_name", "Kari"}, {"last_name", "Berg"}});
  // Ranked persons, then one written unranked by a bulk load: rank_all ranks all afresh and
  // rebuilds the index without leaving an old entry behind.
  rows().execute(
      "INSERT INTO persons (first_name, last_name, created_at, updated_at)"
      " VALUES ('Anne', 'Aasen', 1, 1)");
  db().write([&](soci::session& session) { PersonOrderStore(db().dialect()).rank_all(session); });
  db().write([&](soci::session& session) { PersonOrderStore(db().dialect()).rank_all(session); });
  expect_ranks_in_name_order();
  EXPECT_EQ(search_all("", 3), in_name_order());
  EXPECT_EQ(search_all("ola", 3), (std::vector<long long>{ola}));
  // The triggers run again after the load: a rename is searchable at once.
  rows().execute("UPDATE persons SET first_name = 'Olav' WHERE id = " + std::to_string(ola));
  EXPECT_EQ(search_all("olav", 3), (std::vector<long long>{ola}));
  const long long per = rows().person({{"first_name", "Per"}, {"last_name", "Lund"}});
  EXPECT_EQ(search_all("per", 3), (std::vector<long long>{per}));
  if (!db().dialect().is_postgresql()) {
    EXPECT_NO_THROW(rows().execute(
        "INSERT INTO person_search (person_search, rank) VALUES ('integrity-check', 1)"));
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, PersonOrderStoreTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::crm
