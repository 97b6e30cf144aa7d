#include "crm/field_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/soci.hpp"
#include "storage/statement_cache.hpp"
#include "support/test_database.hpp"

namespace vern::crm {
namespace {

// FieldStore::list keeps what an SQLite connection read until migration 11's generation moves
// on. Whoever changes the definitions — this pool, another one, plain SQL — the next list shows
// it, and a change that is rolled back is never kept. PostgreSQL reads them every time; the same
// behaviour is expected of both.
class FieldStoreTest : public vern::testing::DatabaseTest {
 protected:
  std::vector<FieldDefinition> list(storage::Database& database) {
    return database.read([](soci::session& session) { return FieldStore().list(session); });
  }

  static bool has(const std::vector<FieldDefinition>& fields, const std::string& key) {
    return std::any_of(fields.begin(), fields.end(),
                       [&key](const FieldDefinition& field) { return field.key == key; });
  }

  static FieldDefinition custom(const std::string& key) {
    FieldDefinition field;
    field.key = key;
    field.type = FieldType::kText;
    field.labels = {"Shoe size", "Skostørrelse", "Skostorlek"};
    return field;
  }

  void insert(storage::Database& database, const std::string& key) {
    database.write(
        [&](soci::session& session) { FieldStore().insert(session, custom(key), clock().now()); });
  }

  std::string label(const std::string& key) {
    for (const auto& field : list(db())) {
      if (field.key == key) {
        return field.labels.en;
      }
    }
    return "(none)";
  }
};

TEST_P(FieldStoreTest, AListShowsAFieldAddedThroughThisPool) {
  EXPECT_FALSE(has(list(db()), "shoe_size"));
  insert(db(), "shoe_size");
  EXPECT_TRUE(has(list(db()), "shoe_size"));
}

TEST_P(FieldStoreTest, AListShowsAFieldAddedThroughAnotherPool) {
  auto other = test_database().open_another();
  EXPECT_FALSE(has(list(db()), "shoe_size"));
  EXPECT_FALSE(has(list(*other), "shoe_size"));
  insert(*other, "shoe_size");
  EXPECT_TRUE(has(list(db()), "shoe_size"));
  other->write([](soci::session& session) { FieldStore().remove(session, "shoe_size"); });
  EXPECT_FALSE(has(list(db()), "shoe_size"));
}

TEST_P(FieldStoreTest, AListShowsAChangeMadeInPlainSql) {
  EXPECT_EQ(label("city"), "City");
  db().write([](soci::session& session) {
    session << "UPDATE field_definitions SET label_en = 'Town' WHERE key = 'city'";
  });
  EXPECT_EQ(label("city"), "Town");
}

TEST_P(FieldStoreTest, ARolledBackFieldIsNeverListed) {
  EXPECT_FALSE(has(list(db()), "shoe_size"));
  EXPECT_THROW(db().write([&](soci::session& session) {
    FieldStore().insert(session, custom("shoe_size"), clock().now());
    // Inside the transaction its own change is seen...
    EXPECT_TRUE(has(FieldStore().list(session), "shoe_size"));
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  // ...and after the rollback it is gone, also once another change moves the generation on.
  EXPECT_FALSE(has(list(db()), "shoe_size"));
  insert(db(), "hat_size");
  const auto fields = list(db());
  EXPECT_TRUE(has(fields, "hat_size"));
  EXPECT_FALSE(has(fields, "shoe_size"));
}

TEST_P(FieldStoreTest, OnSqliteTheDefinitionsAreKeptWithTheConnection) {
  const auto first = list(db());
  const long long generation = db().read([](soci::session& session) {
    storage::StatementCache* cache = storage::StatementCache::of(session);
    return cache == nullptr ? -1 : cache->memo("field_definitions").generation;
  });
  if (db().dialect().is_postgresql()) {
    EXPECT_EQ(generation, -1);
  } else {
    EXPECT_GT(generation, 0);
  }
  EXPECT_EQ(list(db()).size(), first.size());
}

INSTANTIATE_TEST_SUITE_P(Backends, FieldStoreTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::crm
