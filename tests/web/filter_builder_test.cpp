#include "web/filter_builder.hpp"

#include <gtest/gtest.h>

namespace vern::web {
namespace {

using nlohmann::json;

std::vector<crm::FieldDefinition> test_fields() {
  std::vector<crm::FieldDefinition> fields(3);
  fields[0].key = "city";
  fields[0].type = crm::FieldType::kText;
  fields[1].key = "last_name";
  fields[1].type = crm::FieldType::kText;
  fields[2].key = "shoe_size";
  fields[2].type = crm::FieldType::kNumber;
  return fields;
}

std::map<std::string, std::string> as_map(
    const std::vector<std::pair<std::string, std::string>>& params) {
  return {params.begin(), params.end()};
}

TEST(FilterBuilder, NoParametersGiveThreeEmptyRowsAndNoFilter) {
  const FilterBuilder builder = builder_from_params({});
  EXPECT_EQ(builder.match, Match::kAll);
  EXPECT_EQ(builder.rows.size(), 3U);
  EXPECT_TRUE(builder.groups.empty());
  EXPECT_TRUE(builder_filter(builder, test_fields()).is_null());
}

TEST(FilterBuilder, ParametersRoundTripWithGroups) {
  const std::map<std::string, std::string> params = {
      {"match", "any"},  {"rows", "1"},   {"f1", "city"},      {"o1", "eq"},
      {"v1", "Oslo"},    {"groups", "1"}, {"g1.match", "all"}, {"g1.rows", "2"},
      {"g1.f1", "city"}, {"g1.o1", "eq"}, {"g1.v1", "Bergen"}, {"g1.f2", "shoe_size"},
      {"g1.o2", "ge"},   {"g1.v2", "42"}};
  const FilterBuilder builder = builder_from_params(params);
  ASSERT_EQ(builder.groups.size(), 1U);
  EXPECT_EQ(builder.groups[0].rows[1].value, "42");
  EXPECT_EQ(as_map(builder_params(builder)), params);
  EXPECT_EQ(builder_filter(builder, test_fields()), json::parse(R"({"or": [
      {"field": "city", "op": "eq", "value": "Oslo"},
      {"and": [{"field": "city", "op": "eq", "value": "Bergen"},
               {"field": "shoe_size", "op": "ge", "value": 42}]}]})"));
}

TEST(FilterBuilder, CountsAreClampedAndIncompleteRowsLeftOut) {
  const FilterBuilder builder = builder_from_params(
      {{"rows", "99"}, {"groups", "-4"}, {"f1", "city"}, {"f2", "city"}, {"o2", "is_empty"}});
  EXPECT_EQ(builder.rows.size(), static_cast<std::size_t>(kMaxFilterRows));
  EXPECT_TRUE(builder.groups.empty());
  EXPECT_EQ(builder_filter(builder, test_fields()),
            json::parse(R"({"and": [{"field": "city", "op": "is_empty"}]})"));
  EXPECT_EQ(builder_from_params({{"rows", "0"}}).rows.size(), 1U);
  EXPECT_EQ(builder_from_params({{"groups", "50"}}).groups.size(),
            static_cast<std::size_t>(kMaxFilterGroups));
}

TEST(FilterBuilder, ButtonsAddAndRemoveRowsAndGroups) {
  FilterBuilder builder = builder_from_params({{"rows", "1"}, {"f1", "city"}});
  ASSERT_TRUE(apply_builder_action(builder, "add_group"));
  ASSERT_EQ(builder.groups.size(), 1U);
  EXPECT_EQ(builder.groups[0].match, Match::kAny);
  EXPECT_EQ(builder.groups[0].rows.size(), 2U);
  ASSERT_TRUE(apply_builder_action(builder, "add_row.g1"));
  EXPECT_EQ(builder.groups[0].rows.size(), 3U);
  builder.groups[0].rows[1].field = "last_name";
  ASSERT_TRUE(apply_builder_action(builder, "remove.g1.r1"));
  EXPECT_EQ(builder.groups[0].rows[0].field, "last_name");
  ASSERT_TRUE(apply_builder_action(builder, "add_row"));
  EXPECT_EQ(builder.rows.size(), 2U);
  ASSERT_TRUE(apply_builder_action(builder, "remove.r1"));
  EXPECT_EQ(builder.rows[0].field, "");
  ASSERT_TRUE(apply_builder_action(builder, "remove.g1"));
  EXPECT_TRUE(builder.groups.empty());
  // The last row goes, an empty one takes its place.
  ASSERT_TRUE(apply_builder_action(builder, "remove.r1"));
  EXPECT_EQ(builder.rows.size(), 1U);

  for (const char* nonsense : {"", "remove", "remove.g1", "remove.r9", "add_row.g1", "remove.x1",
                               "add_group.g1", "remove.g0", "remove.r-1", "remove.g1.r1.r1"}) {
    EXPECT_FALSE(apply_builder_action(builder, nonsense)) << nonsense;
  }
  EXPECT_EQ(builder.rows.size(), 1U);
  for (int i = 0; i < kMaxFilterGroups; ++i) {
    apply_builder_action(builder, "add_group");
  }
  EXPECT_FALSE(apply_builder_action(builder, "add_group"));
}

TEST(FilterBuilder, AFilterOneGroupDeepIsShownAndCompilesBackToItself) {
  const json filter = json::parse(R"({"and": [
      {"field": "city", "op": "in", "value": ["Oslo", "Bergen"]},
      {"or": [{"field": "shoe_size", "op": "gt", "value": 40},
              {"field": "last_name", "op": "is_not_empty"}]}]})");
  const auto builder = builder_from_filter(filter, test_fields());
  ASSERT_TRUE(builder.has_value());
  EXPECT_EQ(builder->rows[0].value, "Oslo, Bergen");
  ASSERT_EQ(builder->groups.size(), 1U);
  EXPECT_EQ(builder->groups[0].match, Match::kAny);
  EXPECT_EQ(builder_filter(*builder, test_fields()), filter);

  const auto single = builder_from_filter(
      json::parse(R"({"field": "city", "op": "eq", "value": "Oslo"})"), test_fields());
  ASSERT_TRUE(single.has_value());
  EXPECT_EQ(single->rows.size(), 1U);
}

TEST(FilterBuilder, WhatTheBuilderCannotShowIsRefusedNotFlattened) {
  for (const char* text : {
           R"({"and": [{"or": [{"and": [{"field": "city", "op": "eq", "value": "Oslo"}]}]}]})",
           R"({"not": {"field": "city", "op": "eq", "value": "Oslo"}})",
           R"({"and": [{"consent": "newsletter", "state": "granted"}]})",
           R"({"and": [{"field": "id", "op": "eq", "value": 3}]})",
           R"({"and": [{"field": "city", "op": "between", "value": ["a", "b"]}]})",
           R"({"and": [{"field": "city", "op": "in", "value": ["a,b"]}]})",
           R"({"or": []})",
           R"({"and": [{"or": []}]})",
       }) {
    EXPECT_FALSE(builder_from_filter(json::parse(text), test_fields()).has_value()) << text;
  }
  json many = {{"and", json::array()}};
  for (int i = 0; i <= kMaxFilterRows; ++i) {
    many["and"].push_back({{"field", "city"}, {"op", "eq"}, {"value", "Oslo"}});
  }
  EXPECT_FALSE(builder_from_filter(many, test_fields()).has_value());
}

TEST(FilterBuilder, ConsentTypesAreFieldsWhoseRowsAreConsentConditions) {
  std::vector<crm::FieldDefinition> fields = test_fields();
  fields.push_back(consent_builder_field(
      "newsletter", {"Consent: Newsletter", "Samtykke: Nyhetsbrev", ""},
      {crm::Labels{"Granted", "Gitt", ""}, crm::Labels{"Withdrawn", "Trukket", ""},
       crm::Labels{"Not asked", "Ikke spurt", ""}}));
  const FilterBuilder builder = builder_from_params({{"rows", "3"},
                                                     {"f1", "consent:newsletter"},
                                                     {"o1", "eq"},
                                                     {"v1", "granted"},
                                                     {"f2", "consent:newsletter"},
                                                     {"o2", "ne"},
                                                     {"v2", "none"},
                                                     {"f3", "city"},
                                                     {"o3", "eq"},
                                                     {"v3", "Oslo"}});
  const json filter = builder_filter(builder, fields);
  EXPECT_EQ(filter, json::parse(R"({"and": [
      {"consent": "newsletter", "state": "granted"},
      {"not": {"consent": "newsletter", "state": "none"}},
      {"field": "city", "op": "eq", "value": "Oslo"}]})"));
  // A saved consent condition shows as its row again.
  const auto shown = builder_from_filter(
      json::parse(R"({"and": [{"consent": "newsletter", "state": "withdrawn"}]})"), fields);
  ASSERT_TRUE(shown.has_value());
  EXPECT_EQ(shown->rows[0].field, "consent:newsletter");
  EXPECT_EQ(shown->rows[0].value, "withdrawn");
  // Its states are suggested for the value box, labelled in the page's language.
  const json view = builder_view(builder, fields, "nb");
  ASSERT_EQ(view["rows"][0]["choices"].size(), 3U);
  EXPECT_EQ(view["rows"][0]["choices"][1]["value"], "withdrawn");
  EXPECT_EQ(view["rows"][0]["choices"][1]["label"], "Trukket");
  // Another operator is passed on for the filter parser to reject, naming the row.
  const json odd = builder_filter(
      builder_from_params(
          {{"rows", "1"}, {"f1", "consent:newsletter"}, {"o1", "gt"}, {"v1", "granted"}}),
      fields);
  EXPECT_EQ(odd["and"][0]["op"], "gt");
}

TEST(FilterBuilder, TheViewNamesEveryInputAndButton) {
  FilterBuilder builder = builder_from_params({{"rows", "1"}, {"groups", "1"}, {"g1.rows", "1"}});
  const json view = builder_view(builder, test_fields(), "en");
  EXPECT_EQ(view["rows"][0]["field_id"], "f1");
  EXPECT_EQ(view["rows"][0]["remove"], "remove.r1");
  EXPECT_EQ(view["groups"][0]["rows"][0]["value_name"], "g1.v1");
  EXPECT_EQ(view["groups"][0]["rows"][0]["value_id"], "g1-v1");
  EXPECT_EQ(view["groups"][0]["rows"][0]["remove"], "remove.g1.r1");
  EXPECT_EQ(view["groups"][0]["remove"], "remove.g1");
  EXPECT_EQ(view["group_count"], "1");
}

}  // namespace
}  // namespace vern::web
