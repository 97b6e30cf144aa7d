#include "query/filter_compiler.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/expect_error.hpp"
#include "consent/consent_store.hpp"
#include "query/crm_rows.hpp"
#include "query/test_fields.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::query {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using vern::testing::CrmRows;

json condition(std::string key, std::string op, json value = nullptr) {
  json node = {{"field", std::move(key)}, {"op", std::move(op)}};
  if (!value.is_null()) {
    node["value"] = std::move(value);
  }
  return node;
}

/// A filter and the persons it must find.
struct Case {
  json filter;
  std::vector<long long> expected;
};

/// Four persons, two companies, custom values, activities and history, written with SQL.
class FilterCompilerTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    CrmRows rows(db());
    rows.define_custom_fields(fields_);
    acme_ = rows.company(
        {{"name", "Acme Fisk AS"}, {"org_number", "NO 123"}, {"city", "Oslo"}, {"country", "NO"}});
    bravo_ = rows.company({{"name", "Bravo_100% AB"}, {"city", "Göteborg"}, {"country", "SE"}});
    ola_ = rows.person({{"first_name", "Ola"},
                        {"last_name", "Nordmann"},
                        {"email", "ola@example.no"},
                        {"phone", "+47 912 34 567"},
                        {"city", "Oslo"},
                        {"birth_date", "1980-05-17"},
                        {"language", "nb"},
                        {"title", "CEO"}},
                       acme_, 1'700'000'000);
    kari_ = rows.person({{"first_name", "Kari"},
                         {"last_name", "Østby"},
                         {"email", "KARI@Example.com"},
                         {"mobile", "40 00 00 01"},
                         {"city", "Bergen"},
                         {"birth_date", "1992-12-01"},
                         {"language", "nb"}},
                        bravo_, 1'700'086'400);
    sven_ = rows.person({{"first_name", "Sven"},
                         {"last_name", "Svensson"},
                         {"email", "sven@firma.se"},
                         {"city", "Göteborg"},
                         {"language", "sv"}},
                        std::nullopt, 1'700'172'800);
    per_ = rows.person({{"first_name", "Per"},
                        {"last_name", "Hansen"},
                        {"birth_date", "2001-01-01"},
                        {"title", "50%_rabatt"}},
                       acme_, 1'700'172'810);

    rows.value(ola_, "shoe_size", "42", 42);
    rows.value(kari_, "shoe_size", "38.5", 38.5);
    rows.value(per_, "shoe_size", "45", 45);
    rows.value(ola_, "member_since", "2020-01-01");
    rows.value(kari_, "member_since", "2021-06-30");
    rows.value(ola_, "vip", "true");
    rows.value(kari_, "vip", "false");
    rows.value(ola_, "segment", "a");
    rows.value(kari_, "segment", "b");
    rows.value(ola_, "interests", "golf");
    rows.value(ola_, "interests", "ski");
    rows.value(kari_, "interests", "ski");
    rows.value(per_, "interests", "golf");
    rows.value(per_, "interests", "sail");
    rows.value(per_, "interests", "ski");
    rows.value(ola_, "notes", "Likes Coffee");
    rows.value(sven_, "notes", "tea_drinker 100%");

    seminar_ = rows.activity("Seminar");
    fair_ = rows.activity("Fair");
    rows.participant(seminar_, ola_, "invited");
    rows.participant(seminar_, kari_, "attended");
    rows.participant(fair_, kari_, "registered");

    rows.history(ola_, "note", "2024-01-10");
    rows.history(ola_, "call", "2024-03-01");
    rows.history(kari_, "meeting", "2023-12-31");
  }

  std::vector<long long> matching(const json& filter) {
    const Filter parsed = parse_filter(filter, fields_);
    storage::DynamicQuery query("SELECT p.id FROM persons p WHERE ");
    compile_filter(parsed, db().dialect(), query);
    query.append(" ORDER BY p.id");
    std::vector<long long> ids;
    db().read([&](soci::session& session) {
      query.for_each_row(session,
                         [&](const soci::row& row) { ids.push_back(storage::get_int64(row, 0)); });
    });
    return ids;
  }

  void expect_all(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
      EXPECT_EQ(matching(c.filter), c.expected) << c.filter.dump();
    }
  }

  std::vector<long long> everyone() const { return {ola_, kari_, sven_, per_}; }

  std::vector<crm::FieldDefinition> fields_ = vern::testing::filter_test_fields();
  long long acme_ = 0, bravo_ = 0, ola_ = 0, kari_ = 0, sven_ = 0, per_ = 0;
  long long seminar_ = 0, fair_ = 0;
};

TEST_P(FilterCompilerTest, BuiltInTextOperatorsIgnoreCase) {
  expect_all({
      {condition("first_name", "eq", "OLA"), {ola_}},
      {condition("email", "eq", "kari@example.com"), {kari_}},
      {condition("city", "ne", "oslo"), {kari_, sven_, per_}},
      {condition("last_name", "contains", "SEN"), {per_}},
      {condition("last_name", "contains", "sSon"), {sven_}},
      {condition("last_name", "starts_with", "nord"), {ola_}},
      {condition("last_name", "starts_with", "mann"), {}},
      {condition("city", "in", {"oslo", "BERGEN"}), {ola_, kari_}},
      {condition("city", "is_empty"), {per_}},
      {condition("city", "is_not_empty"), {ola_, kari_, sven_}},
      {condition("last_name", "eq", "Østby"), {kari_}},
      {condition("phone", "contains", "912 34"), {ola_}},
  });
}

TEST_P(FilterCompilerTest, LikeWildcardsInValuesAreMatchedLiterally) {
  expect_all({
      {condition("title", "contains", "%"), {per_}},
      {condition("title", "contains", "_"), {per_}},
      {condition("title", "starts_with", "50%_"), {per_}},
      {condition("title", "contains", "0%_R"), {per_}},
      {condition("title", "starts_with", "_"), {}},
      {condition("title", "contains", "\\"), {}},
      {condition("notes", "contains", "_"), {sven_}},
      {condition("notes", "contains", "100%"), {sven_}},
      {condition("notes", "starts_with", "%"), {}},
  });
}

TEST_P(FilterCompilerTest, BuiltInDatesCompareOnlyPersonsWithADate) {
  expect_all({
      {condition("birth_date", "eq", "1980-05-17"), {ola_}},
      {condition("birth_date", "ne", "1980-05-17"), {kari_, sven_, per_}},
      {condition("birth_date", "lt", "1990-01-01"), {ola_}},
      {condition("birth_date", "le", "1980-05-17"), {ola_}},
      {condition("birth_date", "gt", "1990-01-01"), {kari_, per_}},
      {condition("birth_date", "ge", "1992-12-01"), {kari_, per_}},
      {condition("birth_date", "between", {"1980-01-01", "1995-01-01"}), {ola_, kari_}},
      {condition("birth_date", "in", {"1980-05-17", "2001-01-01"}), {ola_, per_}},
      {condition("birth_date", "is_empty"), {sven_}},
      {condition("birth_date", "is_not_empty"), {ola_, kari_, per_}},
  });
}

TEST_P(FilterCompilerTest, IdsAndCompanyIdsCompareAsNumbers) {
  expect_all({
      {condition("company_id", "eq", acme_), {ola_, per_}},
      {condition("company_id", "ne", acme_), {kari_, sven_}},
      {condition("company_id", "lt", bravo_), {ola_, per_}},
      {condition("company_id", "le", bravo_), {ola_, kari_, per_}},
      {condition("company_id", "gt", acme_), {kari_}},
      {condition("company_id", "ge", acme_), {ola_, kari_, per_}},
      {condition("company_id", "between", {acme_, bravo_}), {ola_, kari_, per_}},
      {condition("company_id", "in", {bravo_}), {kari_}},
      {condition("company_id", "is_empty"), {sven_}},
      {condition("company_id", "is_not_empty"), {ola_, kari_, per_}},
      {condition("id", "eq", kari_), {kari_}},
      {condition("id", "in", {ola_, sven_}), {ola_, sven_}},
      {condition("id", "ge", sven_), {sven_, per_}},
      {condition("id", "is_empty"), {}},
  });
}

TEST_P(FilterCompilerTest, BuiltInOptionsCompareExactly) {
  expect_all({
      {condition("language", "eq", "nb"), {ola_, kari_}},
      {condition("language", "ne", "nb"), {sven_, per_}},
      {condition("language", "in", {"sv", "fi"}), {sven_}},
      {condition("language", "is_empty"), {per_}},
      {condition("language", "is_not_empty"), {ola_, kari_, sven_}},
  });
}

TEST_P(FilterCompilerTest, TimestampsTakeDatesAsWholeDays) {
  // Ola 2023-11-14T22:13:20Z, Kari a day later, Sven two days later, Per ten seconds after Sven.
  expect_all({
      {condition("created_at", "eq", "2023-11-14"), {ola_}},
      {condition("created_at", "eq", "2023-11-14T22:13:20Z"), {ola_}},
      {condition("created_at", "eq", "2023-11-14T22:13:21Z"), {}},
      {condition("created_at", "ne", "2023-11-14"), {kari_, sven_, per_}},
      {condition("created_at", "lt", "2023-11-15"), {ola_}},
      {condition("created_at", "le", "2023-11-15"), {ola_, kari_}},
      {condition("created_at", "gt", "2023-11-15"), {sven_, per_}},
      {condition("created_at", "ge", "2023-11-16T22:13:20Z"), {sven_, per_}},
      {condition("created_at", "gt", "2023-11-16T22:13:20Z"), {per_}},
      {condition("created_at", "between", {"2023-11-15", "2023-11-16"}), {kari_, sven_, per_}},
      {condition("created_at", "in", {"2023-11-14", "2023-11-16T22:13:30Z"}), {ola_, per_}},
      {condition("updated_at", "lt", "2023-11-15T00:00:00+01:00"), {ola_}},
      {condition("created_at", "is_empty"), {}},
      {condition("updated_at", "is_not_empty"), everyone()},
  });
}

TEST_P(FilterCompilerTest, CustomNumbersCompareAsNumbers) {
  expect_all({
      {condition("shoe_size", "eq", 42), {ola_}},
      {condition("shoe_size", "eq", 38.5), {kari_}},
      {condition("shoe_size", "ne", 42), {kari_, sven_, per_}},
      {condition("shoe_size", "lt", 42), {kari_}},
      {condition("shoe_size", "le", 42), {ola_, kari_}},
      {condition("shoe_size", "gt", 42), {per_}},
      {condition("shoe_size", "ge", 38.5), {ola_, kari_, per_}},
      {condition("shoe_size", "gt", 9), {ola_, kari_, per_}},  // numbers, not text ("9" > "42")
      {condition("shoe_size", "between", {40, 45}), {ola_, per_}},
      {condition("shoe_size", "in", {38.5, 45}), {kari_, per_}},
      {condition("shoe_size", "is_empty"), {sven_}},
      {condition("shoe_size", "is_not_empty"), {ola_, kari_, per_}},
  });
}

TEST_P(FilterCompilerTest, CustomDatesTextAndOptions) {
  expect_all({
      {condition("member_since", "eq", "2020-01-01"), {ola_}},
      {condition("member_since", "ne", "2020-01-01"), {kari_, sven_, per_}},
      {condition("member_since", "lt", "2021-01-01"), {ola_}},
      {condition("member_since", "ge", "2020-01-02"), {kari_}},
      {condition("member_since", "between", {"2019-01-01", "2020-12-31"}), {ola_}},
      {condition("member_since", "in", {"2021-06-30"}), {kari_}},
      {condition("member_since", "is_empty"), {sven_, per_}},
      {condition("notes", "eq", "likes coffee"), {ola_}},
      {condition("notes", "ne", "LIKES COFFEE"), {kari_, sven_, per_}},
      {condition("notes", "contains", "COFFEE"), {ola_}},
      {condition("notes", "starts_with", "tea_"), {sven_}},
      {condition("notes", "in", {"x", "Likes coffee"}), {ola_}},
      {condition("notes", "is_empty"), {kari_, per_}},
      {condition("notes", "is_not_empty"), {ola_, sven_}},
      {condition("segment", "eq", "a"), {ola_}},
      {condition("segment", "ne", "a"), {kari_, sven_, per_}},
      {condition("segment", "in", {"a", "b"}), {ola_, kari_}},
      {condition("segment", "is_empty"), {sven_, per_}},
  });
}

TEST_P(FilterCompilerTest, CustomBooleansCountNoValueAsFalse) {
  expect_all({
      {condition("vip", "eq", true), {ola_}},
      {condition("vip", "eq", false), {kari_, sven_, per_}},
      {condition("vip", "ne", true), {kari_, sven_, per_}},
      {condition("vip", "ne", false), {ola_}},
      {condition("vip", "is_empty"), {sven_, per_}},
      {condition("vip", "is_not_empty"), {ola_, kari_}},
  });
}

TEST_P(FilterCompilerTest, MultiOptionContainsInAndExactSets) {
  // Ola {golf, ski}, Kari {ski}, Sven nothing, Per {golf, sail, ski}.
  expect_all({
      {condition("interests", "contains", "golf"), {ola_, per_}},
      {condition("interests", "contains", {"ski", "golf"}), {ola_, per_}},
      {condition("interests", "contains", {"sail"}), {per_}},
      {condition("interests", "in", {"sail", "golf"}), {ola_, per_}},
      {condition("interests", "in", {"ski"}), {ola_, kari_, per_}},
      {condition("interests", "eq", {"ski", "golf"}), {ola_}},
      {condition("interests", "eq", "ski"), {kari_}},
      {condition("interests", "ne", {"golf", "ski"}), {kari_, sven_, per_}},
      {condition("interests", "is_empty"), {sven_}},
      {condition("interests", "is_not_empty"), {ola_, kari_, per_}},
  });
}

TEST_P(FilterCompilerTest, AndOrNotNest) {
  expect_all({
      {{{"and", {condition("city", "eq", "oslo"), condition("language", "eq", "nb")}}}, {ola_}},
      {{{"or", {condition("city", "eq", "oslo"), condition("city", "eq", "bergen")}}},
       {ola_, kari_}},
      {{{"not", condition("language", "eq", "nb")}}, {sven_, per_}},
      {{{"and", json::array()}}, everyone()},
      {{{"or", json::array()}}, {}},
      {{{"and",
         {{{"or", {condition("city", "eq", "oslo"), condition("city", "eq", "bergen")}}},
          {{"not", condition("shoe_size", "eq", 42)}}}}},
       {kari_}},
      {{{"not",
         {{"or", {condition("vip", "eq", true), {{"not", condition("city", "is_empty")}}}}}}},
       {per_}},
  });
}

TEST_P(FilterCompilerTest, ActivityParticipation) {
  expect_all({
      {{{"activity", seminar_}}, {ola_, kari_}},
      {{{"activity", seminar_}, {"status", "any"}}, {ola_, kari_}},
      {{{"activity", seminar_}, {"status", "attended"}}, {kari_}},
      {{{"activity", fair_}, {"status", "cancelled"}}, {}},
      {{{"not", {{"activity", seminar_}}}}, {sven_, per_}},
      {{{"activity", 999'999}}, {}},
  });
}

TEST_P(FilterCompilerTest, HistoryByTypeAndStrictDates) {
  // Ola: note 2024-01-10, call 2024-03-01; Kari: meeting 2023-12-31.
  expect_all({
      {{{"history", json::object()}}, {ola_, kari_}},
      {{{"history", {{"type", "call"}}}}, {ola_}},
      {{{"history", {{"after", "2024-01-10"}}}}, {ola_}},
      {{{"history", {{"before", "2024-01-10"}}}}, {kari_}},
      {{{"history", {{"after", "2023-12-31"}, {"before", "2024-03-01"}}}}, {ola_}},
      {{{"history", {{"type", "note"}, {"after", "2024-01-10"}}}}, {}},
      {{{"history", {{"type", "meeting"}}}}, {kari_}},
      {{{"history", {{"type", "unknown-type"}}}}, {}},
  });
}

TEST_P(FilterCompilerTest, CompanyConditionsLookAtThePersonsCompany) {
  expect_all({
      {{{"company", condition("name", "contains", "FISK")}}, {ola_, per_}},
      {{{"company", condition("country", "eq", "se")}}, {kari_}},
      {{{"company", condition("name", "contains", "100%")}}, {kari_}},
      {{{"company", condition("name", "contains", "_")}}, {kari_}},
      {{{"not", {{"company", condition("name", "starts_with", "acme")}}}}, {kari_, sven_}},
      {{{"company", condition("id", "eq", bravo_)}}, {kari_}},
      {{{"company", condition("city", "is_empty")}}, {}},
      {{{"company", condition("org_number", "is_not_empty")}}, {ola_, per_}},
      {{{"company",
         {{"and", {condition("name", "starts_with", "acme"), condition("city", "eq", "OSLO")}}}}},
       {ola_, per_}},
      {{{"company", condition("created_at", "eq", "1970-01-01")}}, {ola_, kari_, per_}},
  });
}

TEST_P(FilterCompilerTest, ConsentFiltersUseEachPersonsLatestEvent) {
  db().write([&](soci::session& session) {
    const consent::ConsentStore store;
    consent::ConsentType type;
    type.names = type.purposes = {"x", "x", "x"};
    type.key = "newsletter";
    const long long newsletter = store.insert_type(session, type);
    type.key = "events";
    const long long events = store.insert_type(session, type);
    const auto event = [&](long long type_id, long long person, bool granted) {
      consent::ConsentEvent each;
      each.person_id = person;
      each.granted = granted;
      each.text_version = 1;
      each.actor = "test";
      store.append_event(session, type_id, each);
    };
    event(newsletter, ola_, true);
    event(newsletter, kari_, true);
    event(newsletter, kari_, false);  // the latest event counts
    event(events, sven_, true);
  });
  const auto consent = [](const char* type, const char* state) {
    return json{{"consent", type}, {"state", state}};
  };
  expect_all({
      {consent("newsletter", "granted"), {ola_}},
      {consent("newsletter", "withdrawn"), {kari_}},
      {consent("newsletter", "none"), {sven_, per_}},
      {{{"not", consent("newsletter", "granted")}}, {kari_, sven_, per_}},
      {consent("events", "none"), {ola_, kari_, per_}},
      {{{"and", {consent("newsletter", "granted"), condition("city", "eq", "oslo")}}}, {ola_}},
      {{{"or", {consent("newsletter", "granted"), consent("events", "granted")}}}, {ola_, sven_}},
      // A type no one has (the services refuse unknown types before compiling).
      {consent("no_such_type", "granted"), {}},
      {consent("no_such_type", "none"), everyone()},
  });
}

TEST_P(FilterCompilerTest, ValuesAndKeysAreBoundNeverWrittenIntoTheSql) {
  const std::string hostile = "x'); DROP TABLE persons; --";
  crm::FieldDefinition odd;
  odd.key = hostile;
  odd.type = crm::FieldType::kText;
  fields_.push_back(odd);
  CrmRows(db()).define_custom_fields({odd});
  CrmRows(db()).value(sven_, hostile, "found");

  const json filter = {
      {"or", {condition("city", "eq", hostile), condition(hostile, "eq", "FOUND")}}};
  storage::DynamicQuery query("SELECT p.id FROM persons p WHERE ");
  compile_filter(parse_filter(filter, fields_), db().dialect(), query);
  EXPECT_THAT(query.sql(), Not(HasSubstr("DROP")));
  EXPECT_EQ(matching(filter), std::vector<long long>{sven_});
  EXPECT_EQ(matching(condition("id", "is_not_empty")), everyone());
}

TEST_P(FilterCompilerTest, LargeFiltersRun) {
  json list = json::array();
  for (int i = 0; i < 1000; ++i) {
    list.push_back("city " + std::to_string(i));
  }
  list.push_back("Oslo");
  list.erase(list.begin());
  json any = json::array();
  for (int i = 0; i < 9; ++i) {
    any.push_back(condition("city", "in", list));
  }
  EXPECT_EQ(matching({{"or", any}}), std::vector<long long>{ola_});
}

INSTANTIATE_TEST_SUITE_P(Databases, FilterCompilerTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

TEST(FilterCompiler, EscapesLikeWildcards) {
  EXPECT_EQ(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
  EXPECT_EQ(escape_like("plain"), "plain");
}

TEST(FilterCompiler, WritesOnlyPlaceholdersForValues) {
  const Filter filter = parse_filter({{"and",
                                       {condition("city", "starts_with", "Os"),
                                        condition("shoe_size", "gt", 40.5),
                                        {{"activity", 3}, {"status", "invited"}}}}},
                                     vern::testing::filter_test_fields());
  storage::DynamicQuery query;
  compile_filter(filter, storage::Dialect(storage::Backend::kSqlite), query);
  EXPECT_EQ(query.sql(),
            "(lower(p.city) LIKE lower(:p1) ESCAPE '\\' AND EXISTS (SELECT 1 FROM person_values v "
            "WHERE v.person_id = p.id AND v.field_key = :p2 AND v.number_value > CAST(:p3 AS "
            "DOUBLE PRECISION)) AND EXISTS (SELECT 1 FROM participants pa WHERE pa.person_id = "
            "p.id AND pa.activity_id = :p4 AND pa.status = :p5))");
}

}  // namespace
}  // namespace vern::query
