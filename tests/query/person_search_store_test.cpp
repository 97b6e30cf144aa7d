#include "query/person_search_store.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include "common/expect_error.hpp"
#include "query/crm_rows.hpp"
#include "query/test_fields.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::query {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using vern::testing::CrmRows;
using vern::testing::error_from;
using vern::testing::fields_of;

std::string base64url(const std::string& text) {
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(text.size(), variant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(text.data()), text.size(), variant);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

/// A request for `q`, with the other settings given.
SearchRequest request_for(std::string q, int limit = 50, bool count = false) {
  SearchRequest request;
  request.q = std::move(q);
  request.limit = limit;
  request.count = count;
  return request;
}

SearchRequest request_after(std::string cursor) {
  SearchRequest request;
  request.after = std::move(cursor);
  return request;
}

/// Four persons and two companies; each test changes them as it needs.
class PersonSearchTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    acme_ = rows().company({{"name", "Acme Fisk AS"}});
    bravo_ = rows().company({{"name", "Bravo Bygg"}});
    ola_ = rows().person({{"first_name", "Ola"},
                          {"last_name", "Nordmann"},
                          {"email", "ola.nordmann@example.no"},
                          {"phone", "+47 912 34 567"},
                          {"city", "Oslo"}},
                         acme_);
    kari_ = rows().person({{"first_name", "Kari"},
                           {"last_name", "Østby"},
                           {"email", "kari@firma.se"},
                           {"mobile", "40 00 00 01"},
                           {"city", "Bergen"}},
                          bravo_);
    sven_ =
        rows().person({{"first_name", "Sven"}, {"last_name", "Svensson"}, {"city", "Göteborg"}});
    per_ = rows().person({{"first_name", "Per"}, {"last_name", "Hansen"}});
  }

  SearchResult search(const SearchRequest& request) {
    return db().read([&](soci::session& session) {
      return PersonSearchStore().search(session, db().dialect(), request);
    });
  }

  std::vector<long long> found(const std::string& q) { return search(request_for(q)).ids; }

  /// On SQLite, that the FTS5 index agrees with its content, word for word.
  void expect_index_intact() {
    if (db().dialect().is_postgresql()) {
      return;
    }
    EXPECT_NO_THROW(rows().execute(
        "INSERT INTO person_search (person_search, rank) VALUES ('integrity-check', 1)"));
  }

  CrmRows rows() { return CrmRows(db()); }
  long long acme_ = 0, bravo_ = 0, ola_ = 0, kari_ = 0, sven_ = 0, per_ = 0;
};

TEST_P(PersonSearchTest, FindsByPrefixOfEveryIndexedField) {
  EXPECT_THAT(found("ol"), ElementsAre(ola_));      // first name (and e-mail)
  EXPECT_THAT(found("nordm"), ElementsAre(ola_));   // last name
  EXPECT_THAT(found("exam"), ElementsAre(ola_));    // e-mail domain
  EXPECT_THAT(found("firma"), ElementsAre(kari_));  // e-mail
  EXPECT_THAT(found("kari@firma.se"), ElementsAre(kari_));
  EXPECT_THAT(found("912"), ElementsAre(ola_));      // phone as written
  EXPECT_THAT(found("4791234"), ElementsAre(ola_));  // phone digits
  EXPECT_THAT(found("+47 912 34"), ElementsAre(ola_));
  EXPECT_THAT(found("40 00 00"), ElementsAre(kari_));  // mobile
  EXPECT_THAT(found("4000000"), ElementsAre(kari_));
  EXPECT_THAT(found("acm"), ElementsAre(ola_));  // company name
  EXPECT_THAT(found("fisk"), ElementsAre(ola_));
  EXPECT_THAT(found("bygg"), ElementsAre(kari_));
  EXPECT_THAT(found("berg"), ElementsAre(kari_));  // city
  EXPECT_THAT(found("göte"), ElementsAre(sven_));
  EXPECT_THAT(found("mann"), IsEmpty());  // a prefix, not any substring
}

TEST_P(PersonSearchTest, IgnoresCaseAndNeedsEveryWord) {
  EXPECT_THAT(found("OLA"), ElementsAre(ola_));
  EXPECT_THAT(found("ØST"), ElementsAre(kari_));
  EXPECT_THAT(found("GÖTEBORG"), ElementsAre(sven_));
  EXPECT_THAT(found("ola nord"), ElementsAre(ola_));
  EXPECT_THAT(found("  nord   ola  "), ElementsAre(ola_));
  EXPECT_THAT(found("kari bygg"), ElementsAre(kari_));
  EXPECT_THAT(found("ola berg"), IsEmpty());
}

TEST_P(PersonSearchTest, WithoutWordsListsEveryoneInNameOrder) {
  EXPECT_THAT(found(""), ElementsAre(per_, ola_, sven_, kari_));
  EXPECT_THAT(found("  * ! "), ElementsAre(per_, ola_, sven_, kari_));
}

TEST_P(PersonSearchTest, SearchSyntaxInTheInputIsNeverObeyed) {
  for (const std::string q : {"\"ola\"", "ola*", "ola:*", "'ola'", "ola\\", "-ola", "^ola", "(ola",
                              "ola)", "{ola}", "ola'", "ola\"", "ola:", "+ola"}) {
    EXPECT_THAT(found(q), ElementsAre(ola_)) << q;
  }
  for (const std::string q : {"ola OR kari", "NEAR(ola kari)", "ola & kari | !sven",
                              "first_name:ola", "AND", "NOT", "OR", "ola AND NOT kari"}) {
    EXPECT_THAT(found(q), IsEmpty()) << q;
  }
}

TEST_P(PersonSearchTest, ChangedPersonsLoseTheirOldWordsAtOnce) {
  rows().execute("UPDATE persons SET last_name = 'Berg', email = 'ola@new.no' WHERE id = " +
                 std::to_string(ola_));
  rows().settle(ola_);
  EXPECT_THAT(found("nordm"), IsEmpty());
  EXPECT_THAT(found("exam"), IsEmpty());
  EXPECT_THAT(found("berg"), ElementsAre(ola_, kari_));
  EXPECT_THAT(found("new"), ElementsAre(ola_));
  EXPECT_THAT(found("acme"), ElementsAre(ola_));
  expect_index_intact();

  rows().execute("UPDATE persons SET company_id = " + std::to_string(bravo_) +
                 " WHERE id = " + std::to_string(ola_));
  EXPECT_THAT(found("acme"), IsEmpty());
  EXPECT_THAT(found("bravo"), ElementsAre(ola_, kari_));
  expect_index_intact();

  // A change to a column that is not indexed leaves the index as it was.
  rows().execute("UPDATE persons SET version = version + 1, title = 'Boss' WHERE id = " +
                 std::to_string(ola_));
  EXPECT_THAT(found("berg ola"), ElementsAre(ola_));
  expect_index_intact();
}

TEST_P(PersonSearchTest, DeletedPersonsLeaveTheIndexAtOnce) {
  rows().execute("DELETE FROM persons WHERE id = " + std::to_string(kari_));
  EXPECT_THAT(found("kari"), IsEmpty());
  EXPECT_THAT(found("firma"), IsEmpty());
  EXPECT_THAT(found("4000"), IsEmpty());
  EXPECT_THAT(found(""), ElementsAre(per_, ola_, sven_));
  expect_index_intact();
  db().write(
      [&](soci::session& session) { PersonSearchStore().optimize_index(session, db().dialect()); });
  EXPECT_THAT(found("kari"), IsEmpty());
  EXPECT_THAT(found("ola"), ElementsAre(ola_));
  expect_index_intact();
}

TEST_P(PersonSearchTest, CompanyRenamesAndDeletionsReachTheIndex) {
  rows().execute("UPDATE companies SET name = 'Zeta Foods' WHERE id = " + std::to_string(acme_));
  EXPECT_THAT(found("acm"), IsEmpty());
  EXPECT_THAT(found("fisk"), IsEmpty());
  EXPECT_THAT(found("zeta foo"), ElementsAre(ola_));
  expect_index_intact();

  rows().execute("UPDATE companies SET city = 'Bodø' WHERE id = " + std::to_string(acme_));
  EXPECT_THAT(found("zeta"), ElementsAre(ola_));
  expect_index_intact();

  rows().execute("DELETE FROM companies WHERE id = " + std::to_string(bravo_));
  EXPECT_THAT(found("bygg"), IsEmpty());
  EXPECT_THAT(found("kari"), ElementsAre(kari_));
  expect_index_intact();

  rows().execute("DELETE FROM persons WHERE id = " + std::to_string(kari_));
  EXPECT_THAT(found("kari"), IsEmpty());
  expect_index_intact();
}

TEST_P(PersonSearchTest, CombinesWordsWithAFilter) {
  SearchRequest request;
  request.q = "o";
  request.filter = parse_filter({{"field", "city"}, {"op", "eq"}, {"value", "oslo"}},
                                vern::testing::filter_test_fields());
  request.count = true;
  const SearchResult result = search(request);
  EXPECT_THAT(result.ids, ElementsAre(ola_));
  EXPECT_EQ(result.total, 1);
  EXPECT_FALSE(result.next);
}

TEST_P(PersonSearchTest, CountsEveryMatchNotOnlyThePage) {
  const SearchResult all = search(request_for("", 2, true));
  EXPECT_THAT(all.ids, ElementsAre(per_, ola_));
  EXPECT_EQ(all.total, 4);
  EXPECT_TRUE(all.next);
  EXPECT_EQ(search(request_for("berg", 50, true)).total, 1);
  EXPECT_EQ(search(request_for("zzz", 50, true)).total, 0);
  EXPECT_FALSE(search(request_for("")).total);
}

TEST_P(PersonSearchTest, PagesCoverEveryMatchExactlyOnce) {
  // Repeated and empty names, so that the id decides between equals.
  const std::vector<std::pair<std::string, std::string>> names = {
      {"Anna", "Berg"}, {"Anna", "Berg"}, {"", "Berg"},     {"Åse", "Berg"},   {"Bo", ""},
      {"", ""},         {"Bo", "Dahl"},   {"Bo", "Dahl"},   {"Cecilie", "Ek"}, {"Dag", "Ek"},
      {"Eva", "Ørn"},   {"Frida", "Ørn"}, {"Anna", "Berg"}, {"Gro", "berg"},   {"Hans", "Ås"},
      {"Ida", "Lund"},  {"Jon", "Lund"},  {"Kim", "Lund"},  {"Anna", "Lund"}};
  for (const auto& [first, last] : names) {
    rows().person({{"first_name", first}, {"last_name", last}});
  }
  std::vector<std::tuple<std::string, std::string, long long>> expected_order;
  db().read([&](soci::session& session) {
    storage::DynamicQuery query("SELECT last_name, first_name, id FROM persons");
    query.for_each_row(session, [&](const soci::row& row) {
      expected_order.emplace_back(storage::get_text(row, 0), storage::get_text(row, 1),
                                  storage::get_int64(row, 2));
    });
  });
  std::sort(expected_order.begin(), expected_order.end());
  std::vector<long long> expected;
  for (const auto& entry : expected_order) {
    expected.push_back(std::get<2>(entry));
  }

  for (int limit : {1, 3, 5, 23, 500}) {
    std::vector<long long> seen;
    SearchRequest request = request_for("", limit, true);
    int pages = 0;
    while (true) {
      const SearchResult page = search(request);
      EXPECT_EQ(page.total, static_cast<long long>(expected.size()));
      seen.insert(seen.end(), page.ids.begin(), page.ids.end());
      ++pages;
      if (!page.next) {
        break;
      }
      ASSERT_EQ(page.ids.size(), static_cast<std::size_t>(limit));
      request.after = page.next;
      ASSERT_LT(pages, 100);
    }
    EXPECT_EQ(seen, expected) << "limit " << limit;
  }

  // With words: every "Berg" (and Bergen), page by page.
  std::vector<long long> bergs;
  SearchRequest request = request_for("berg", 2);
  while (true) {
    const SearchResult page = search(request);
    bergs.insert(bergs.end(), page.ids.begin(), page.ids.end());
    if (!page.next) {
      break;
    }
    request.after = page.next;
  }
  EXPECT_EQ(bergs.size(), 7U);
  EXPECT_EQ(std::set<long long>(bergs.begin(), bergs.end()).size(), bergs.size());
}

TEST_P(PersonSearchTest, AConsentFilterOfATypeNoOneHasMatchesNoOne) {
  // The services refuse unknown consent types first (consent::require_consent_types); the
  // search itself just finds no one granted.
  SearchRequest request;
  request.filter = parse_filter({{"consent", "newsletter"}, {"state", "granted"}},
                                vern::testing::filter_test_fields());
  request.count = true;
  const SearchResult result = search(request);
  EXPECT_TRUE(result.ids.empty());
  EXPECT_EQ(result.total, std::optional<long long>(0));
}

TEST_P(PersonSearchTest, RefusesBadInputNamingIt) {
  EXPECT_THAT(fields_of(error_from([&] { search(request_for("", 0)); })), ElementsAre("limit"));
  EXPECT_THAT(fields_of(error_from([&] { search(request_for("", 501)); })), ElementsAre("limit"));
  EXPECT_THAT(fields_of(error_from([&] { search(request_for(std::string(501, 'a'))); })),
              ElementsAre("q"));
  EXPECT_THAT(fields_of(error_from([&] { search(request_for("ol\xff")); })), ElementsAre("q"));
  EXPECT_THAT(fields_of(error_from([&] { search(request_for("a b c d e f g h i j k")); })),
              ElementsAre("q"));
  EXPECT_NO_THROW(search(request_for("a b c d e f g h i j")));
  for (const std::string& cursor :
       std::vector<std::string>{"", "!!!", "e30", base64url("[1,2,3]"), base64url("[\"a\",\"b\"]"),
                                base64url("[\"a\",\"b\",1.5]"), base64url("[\"a\\u0000\",\"b\",1]"),
                                std::string(5000, 'A')}) {
    const Error error = error_from([&] { search(request_after(cursor)); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalid) << cursor;
    EXPECT_THAT(fields_of(error), ElementsAre("after")) << cursor;
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, PersonSearchTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

TEST(PersonSearchTerms, SplitsWordsAtPunctuation) {
  EXPECT_THAT(search_terms("  Ola  Nord "), ElementsAre("Ola", "Nord"));
  EXPECT_THAT(search_terms("ola.nordmann@example.no"),
              ElementsAre("ola", "nordmann", "example", "no"));
  EXPECT_THAT(search_terms("+47 (912) 34-567"), ElementsAre("47", "912", "34", "567"));
  EXPECT_THAT(search_terms("Østby Göteborg"), ElementsAre("Østby", "Göteborg"));
  EXPECT_THAT(search_terms("\"*\" OR:x"), ElementsAre("OR", "x"));
  EXPECT_THAT(search_terms(""), IsEmpty());
  EXPECT_THAT(search_terms("%_'\\"), IsEmpty());
}

TEST(PersonSearchCursor, RoundTrips) {
  const PageKey key{"Østby", "Kari \"K\"", 42};
  const std::string cursor = encode_cursor(key);
  EXPECT_EQ(
      cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  const PageKey back = decode_cursor(cursor);
  EXPECT_EQ(back.last_name, key.last_name);
  EXPECT_EQ(back.first_name, key.first_name);
  EXPECT_EQ(back.id, 42);
}

TEST(PersonSearchDialect, QuotesEveryTerm) {
  const storage::Dialect sqlite(storage::Backend::kSqlite);
  const storage::Dialect postgresql(storage::Backend::kPostgresql);
  EXPECT_EQ(sqlite.prefix_query({"ola", "nord"}), "\"ola\"* \"nord\"*");
  EXPECT_EQ(postgresql.prefix_query({"ola", "nord"}), "'ola':* & 'nord':*");
  EXPECT_EQ(sqlite.prefix_query({"a\"b"}), "\"a\"\"b\"*");
  EXPECT_EQ(postgresql.prefix_query({"a'b\\"}), "'a''b\\\\':*");
  EXPECT_EQ(sqlite.optimize_person_search(),
            "INSERT INTO person_search (person_search) VALUES ('optimize')");
  EXPECT_EQ(postgresql.optimize_person_search(), "");
}

}  // namespace
}  // namespace vern::query
