#include "query/filter.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/expect_error.hpp"
#include "query/test_fields.hpp"

namespace vern::query {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using vern::testing::error_from;
using vern::testing::fields_of;

Filter parse(const json& filter) {
  return parse_filter(filter, vern::testing::filter_test_fields());
}

/// The one field error parsing `filter` gives.
FieldError error_of(const json& filter) {
  const Error error = error_from([&] { parse(filter); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_EQ(error.field_errors().size(), 1U) << ::testing::PrintToString(fields_of(error));
  return error.field_errors().empty() ? FieldError{} : error.field_errors().front();
}

json condition(std::string key, std::string op, json value = nullptr) {
  json node = {{"field", std::move(key)}, {"op", std::move(op)}};
  if (!value.is_null()) {
    node["value"] = std::move(value);
  }
  return node;
}

json nested_nots(int levels) {
  json node = condition("city", "eq", "Oslo");
  for (int i = 1; i < levels; ++i) {
    json wrapper = json::object();
    wrapper["not"] = std::move(node);
    node = std::move(wrapper);
  }
  return node;
}

TEST(FilterParse, ReadsAFieldConditionWithItsField) {
  const Filter filter = parse(condition("first_name", "eq", "Ola"));
  const auto& field = std::get<FieldCondition>(filter.node);
  EXPECT_EQ(field.key, "first_name");
  EXPECT_EQ(field.source, FieldSource::kPersonColumn);
  EXPECT_EQ(field.kind, ValueKind::kText);
  EXPECT_EQ(field.op, Op::kEq);
  EXPECT_EQ(field.values, std::vector<FilterValue>{std::string("Ola")});
  EXPECT_EQ(filter.path, "filter");
}

TEST(FilterParse, ReadsEveryKindOfNode) {
  const Filter filter = parse({{"and",
                                {{{"or", {condition("city", "is_empty")}}},
                                 {{"not", condition("shoe_size", "gt", 40)}},
                                 {{"consent", "newsletter"}, {"state", "granted"}},
                                 {{"activity", 7}, {"status", "attended"}},
                                 {{"history", {{"type", "call"}, {"after", "2024-01-01"}}}},
                                 {{"company", condition("name", "starts_with", "Acme")}}}}});
  const auto& all = std::get<AllOf>(filter.node);
  ASSERT_EQ(all.filters.size(), 6U);
  EXPECT_TRUE(std::holds_alternative<AnyOf>(all.filters[0].node));
  const auto& negated =
      std::get<FieldCondition>(std::get<Negation>(all.filters[1].node).filter->node);
  EXPECT_EQ(negated.source, FieldSource::kCustomValue);
  EXPECT_EQ(negated.values, std::vector<FilterValue>{40.0});
  const auto& consent = std::get<ConsentCondition>(all.filters[2].node);
  EXPECT_EQ(consent.consent_type, "newsletter");
  EXPECT_EQ(consent.state, ConsentState::kGranted);
  const auto& activity = std::get<ActivityCondition>(all.filters[3].node);
  EXPECT_EQ(activity.activity_id, 7);
  EXPECT_EQ(activity.status, "attended");
  const auto& history = std::get<HistoryCondition>(all.filters[4].node);
  EXPECT_EQ(history.type, "call");
  EXPECT_EQ(history.after, "2024-01-01");
  EXPECT_FALSE(history.before);
  const auto& company = std::get<CompanyCondition>(all.filters[5].node);
  EXPECT_EQ(std::get<FieldCondition>(company.filter->node).source, FieldSource::kCompanyColumn);
  EXPECT_EQ(all.filters[5].path, "filter.and[5]");
}

TEST(FilterParse, ActivityStatusAnyOrMissingMeansAnyStatus) {
  EXPECT_FALSE(
      std::get<ActivityCondition>(parse({{"activity", 3}, {"status", "any"}}).node).status);
  EXPECT_FALSE(std::get<ActivityCondition>(parse({{"activity", 3}}).node).status);
}

TEST(FilterParse, TimestampsTakeDatesAsWholeDaysAndTimesAsSeconds) {
  const auto day =
      std::get<FieldCondition>(parse(condition("created_at", "eq", "2023-11-14")).node);
  EXPECT_EQ(day.values, (std::vector<FilterValue>{TimeSpan{1'699'920'000, 1'700'006'399}}));
  const auto time = std::get<FieldCondition>(
      parse(condition("updated_at", "gt", "2023-11-14T22:13:20+01:00")).node);
  EXPECT_EQ(time.values, (std::vector<FilterValue>{TimeSpan{1'699'996'400, 1'699'996'400}}));
}

TEST(FilterParse, IdsAreWholeNumbers) {
  EXPECT_EQ(std::get<FieldCondition>(parse(condition("id", "in", {3, 4.0})).node).values,
            (std::vector<FilterValue>{3LL, 4LL}));
  EXPECT_EQ(error_of(condition("company_id", "eq", 1.5)).message, "must be a whole number");
  EXPECT_EQ(error_of(condition("id", "eq", 1e300)).message, "must be a whole number");
  EXPECT_EQ(error_of(condition("id", "eq", 18'446'744'073'709'551'615ULL)).message,
            "must be a whole number");
}

TEST(FilterParse, MultiOptionSetsAreSortedWithoutRepeats) {
  const auto field =
      std::get<FieldCondition>(parse(condition("interests", "eq", {"ski", "golf", "ski"})).node);
  EXPECT_EQ(field.values, (std::vector<FilterValue>{std::string("golf"), std::string("ski")}));
  const auto single =
      std::get<FieldCondition>(parse(condition("interests", "contains", "ski")).node);
  EXPECT_EQ(single.values, std::vector<FilterValue>{std::string("ski")});
}

TEST(FilterParse, EmptyGroupsAreAllowed) {
  EXPECT_TRUE(std::get<AllOf>(parse({{"and", json::array()}}).node).filters.empty());
  EXPECT_TRUE(std::get<AnyOf>(parse({{"or", json::array()}}).node).filters.empty());
}

TEST(FilterParse, NamesAnUnknownField) {
  const FieldError error =
      error_of({{"and", {condition("city", "eq", "Oslo"), condition("nope", "eq", 1)}}});
  EXPECT_EQ(error.field, "filter.and[1].field");
  EXPECT_EQ(error.message, "unknown field 'nope'");
}

TEST(FilterParse, KnowsIdAndTimestampsButNotUnlistedColumns) {
  EXPECT_NO_THROW(parse(condition("id", "eq", 1)));
  EXPECT_NO_THROW(parse(condition("created_at", "is_not_empty")));
  EXPECT_EQ(error_of(condition("legal_hold", "eq", true)).field, "filter.field");
  EXPECT_EQ(error_of(condition("version", "eq", 1)).field, "filter.field");
}

TEST(FilterParse, NamesAnOperatorThatDoesNotFitTheFieldType) {
  const FieldError error =
      error_of({{"and", {condition("city", "eq", "Oslo"), condition("first_name", "gt", "A")}}});
  EXPECT_EQ(error.field, "filter.and[1].op");
  EXPECT_EQ(error.message, "operator 'gt' does not fit a text field");
  EXPECT_EQ(error_of(condition("vip", "in", {true})).message,
            "operator 'in' does not fit a boolean field");
  EXPECT_EQ(error_of(condition("segment", "contains", "a")).message,
            "operator 'contains' does not fit an option field");
  EXPECT_EQ(error_of(condition("shoe_size", "starts_with", "4")).message,
            "operator 'starts_with' does not fit a number field");
  EXPECT_EQ(error_of(condition("interests", "between", {"golf", "ski"})).message,
            "operator 'between' does not fit a multi-option field");
  EXPECT_EQ(error_of(condition("company_id", "contains", "1")).message,
            "operator 'contains' does not fit a number field");
  EXPECT_EQ(error_of(condition("created_at", "contains", "2024")).message,
            "operator 'contains' does not fit a timestamp field");
}

TEST(FilterParse, EveryTypeAcceptsExactlyItsOperators) {
  const auto count_accepted = [](const std::string& key, const json& value) {
    int accepted = 0;
    for (const char* op : {"eq", "ne", "lt", "le", "gt", "ge", "contains", "starts_with", "in",
                           "between", "is_empty", "is_not_empty"}) {
      json node = condition(key, op);
      const std::string name(op);
      if (name == "in") {
        node["value"] = json::array({value});
      } else if (name == "between") {
        node["value"] = json::array({value, value});
      } else if (name != "is_empty" && name != "is_not_empty") {
        node["value"] = value;
      }
      try {
        parse(node);
        ++accepted;
      } catch (const Error&) {
      }
    }
    return accepted;
  };
  EXPECT_EQ(count_accepted("first_name", "a"), 7);
  EXPECT_EQ(count_accepted("email", "a"), 7);
  EXPECT_EQ(count_accepted("website", "a"), 7);
  EXPECT_EQ(count_accepted("notes", "a"), 7);
  EXPECT_EQ(count_accepted("shoe_size", 1), 10);
  EXPECT_EQ(count_accepted("birth_date", "2000-01-01"), 10);
  EXPECT_EQ(count_accepted("member_since", "2000-01-01"), 10);
  EXPECT_EQ(count_accepted("created_at", "2000-01-01"), 10);
  EXPECT_EQ(count_accepted("id", 1), 10);
  EXPECT_EQ(count_accepted("vip", true), 4);
  EXPECT_EQ(count_accepted("segment", "a"), 5);
  EXPECT_EQ(count_accepted("language", "nb"), 5);
  EXPECT_EQ(count_accepted("interests", "ski"), 6);
}

TEST(FilterParse, NamesAnUnknownOrMissingOperator) {
  EXPECT_EQ(error_of(condition("city", "like", "x")).message, "unknown operator 'like'");
  const FieldError missing = error_of({{"field", "city"}, {"value", "x"}});
  EXPECT_EQ(missing.field, "filter.op");
  EXPECT_EQ(missing.message, "is required");
  EXPECT_EQ(error_of({{"field", "city"}, {"op", 3}, {"value", "x"}}).field, "filter.op");
}

TEST(FilterParse, ChecksValuesByType) {
  EXPECT_EQ(error_of(condition("shoe_size", "eq", "big")).message, "must be a number");
  EXPECT_EQ(error_of(condition("birth_date", "eq", "2024-02-30")).message,
            "must be a date (YYYY-MM-DD)");
  EXPECT_EQ(error_of(condition("member_since", "lt", "01.02.2024")).field, "filter.value");
  EXPECT_EQ(error_of(condition("vip", "eq", "yes")).message, "must be true or false");
  EXPECT_EQ(error_of(condition("city", "eq", 5)).message, "must be text");
  EXPECT_EQ(error_of(condition("created_at", "lt", "yesterday")).field, "filter.value");
  EXPECT_EQ(error_of(condition("created_at", "lt", 1'700'000'000)).field, "filter.value");
  EXPECT_EQ(error_of(condition("city", "eq", {"Oslo"})).message,
            "must be a single value; lists are for 'in'");
}

TEST(FilterParse, OptionValuesMustExist) {
  const FieldError error = error_of(condition("segment", "in", {"a", "z"}));
  EXPECT_EQ(error.field, "filter.value[1]");
  EXPECT_EQ(error.message, "unknown option 'z' for field 'segment'");
  EXPECT_EQ(error_of(condition("language", "eq", "de")).field, "filter.value");
  EXPECT_EQ(error_of(condition("interests", "contains", {"golf", "chess"})).field,
            "filter.value[1]");
}

TEST(FilterParse, TextValuesMustBePlainNonEmptyAndShortEnough) {
  EXPECT_THAT(error_of(condition("city", "eq", "")).message, HasSubstr("is_empty"));
  EXPECT_EQ(error_of(condition("city", "eq", std::string("a\0b", 3))).message,
            "must be plain text without control characters");
  EXPECT_THAT(error_of(condition("city", "contains", std::string(1001, 'x'))).message,
              HasSubstr("at most 1000"));
  EXPECT_NO_THROW(parse(condition("city", "contains", std::string(1000, 'x'))));
}

TEST(FilterParse, InTakesOneToAThousandValues) {
  EXPECT_EQ(error_of(condition("city", "in", json::array())).message,
            "must be a list of 1 to 1000 values");
  EXPECT_EQ(error_of(condition("city", "in", "Oslo")).field, "filter.value");
  EXPECT_EQ(error_of(condition("city", "in", std::vector<std::string>(1001, "x"))).field,
            "filter.value");
  EXPECT_NO_THROW(parse(condition("city", "in", std::vector<std::string>(1000, "x"))));
  EXPECT_EQ(error_of(condition("shoe_size", "in", {1, "two"})).field, "filter.value[1]");
}

TEST(FilterParse, BetweenTakesTwoValuesInOrder) {
  EXPECT_EQ(error_of(condition("shoe_size", "between", {1})).message,
            "must be a list of two values [from, to]");
  EXPECT_EQ(error_of(condition("shoe_size", "between", {1, 2, 3})).field, "filter.value");
  EXPECT_EQ(error_of(condition("shoe_size", "between", {5, 2})).message,
            "the first value must not be after the second");
  EXPECT_EQ(error_of(condition("birth_date", "between", {"2000-01-01", "bad"})).field,
            "filter.value[1]");
  EXPECT_NO_THROW(parse(condition("created_at", "between", {"2024-01-01", "2024-01-01"})));
  EXPECT_EQ(
      error_of(condition("created_at", "between", {"2024-01-02", "2024-01-01T12:00:00Z"})).message,
      "the first value must not be after the second");
}

TEST(FilterParse, EmptinessOperatorsTakeNoValue) {
  EXPECT_NO_THROW(parse(condition("city", "is_empty")));
  EXPECT_NO_THROW(parse({{"field", "city"}, {"op", "is_not_empty"}, {"value", nullptr}}));
  EXPECT_EQ(error_of(condition("city", "is_empty", "x")).message,
            "takes no value with this operator");
  EXPECT_EQ(error_of(condition("city", "eq")).message, "is required");
}

TEST(FilterParse, NamesMalformedNodes) {
  EXPECT_EQ(error_of(json::array()).field, "filter");
  EXPECT_EQ(error_of({{"and", {condition("city", "is_empty"), 5}}}).field, "filter.and[1]");
  EXPECT_EQ(error_of({{"or", "x"}}).message, "must be a list of filters");
  EXPECT_EQ(error_of({{"nothing", 1}}).field, "filter");
  EXPECT_THAT(error_of({{"and", json::array()}, {"or", json::array()}}).message,
              HasSubstr("use one per filter"));
  EXPECT_EQ(error_of({{"field", "city"}, {"op", "is_empty"}, {"extra", 1}}).field, "filter.extra");
  EXPECT_EQ(error_of({{"not", condition("city", "is_empty")}, {"x", 1}}).field, "filter.x");
  EXPECT_EQ(error_of({{"field", 7}, {"op", "eq"}, {"value", 1}}).field, "filter.field");
}

TEST(FilterParse, ChecksConsentActivityAndHistoryShapes) {
  EXPECT_EQ(error_of({{"consent", "newsletter"}}).field, "filter.state");
  EXPECT_EQ(error_of({{"consent", "newsletter"}, {"state", "yes"}}).field, "filter.state");
  EXPECT_EQ(error_of({{"consent", ""}, {"state", "none"}}).field, "filter.consent");
  EXPECT_EQ(error_of({{"activity", 0}}).field, "filter.activity");
  EXPECT_EQ(error_of({{"activity", "7"}}).field, "filter.activity");
  EXPECT_EQ(error_of({{"activity", 7}, {"status", "came"}}).field, "filter.status");
  EXPECT_EQ(error_of({{"history", "calls"}}).field, "filter.history");
  EXPECT_EQ(error_of({{"history", {{"after", "2024-13-01"}}}}).field, "filter.history.after");
  EXPECT_EQ(error_of({{"history", {{"when", "2024-01-01"}}}}).field, "filter.history.when");
  EXPECT_EQ(error_of({{"history", {{"type", 5}}}}).field, "filter.history.type");
}

TEST(FilterParse, CompanyFiltersNameCompanyFieldsOnly) {
  EXPECT_NO_THROW(parse(
      {{"company",
        {{"or",
          {condition("org_number", "eq", "123"), condition("created_at", "gt", "2024-01-01")}}}}}));
  const FieldError unknown = error_of({{"company", condition("first_name", "eq", "x")}});
  EXPECT_EQ(unknown.field, "filter.company.field");
  EXPECT_EQ(unknown.message, "unknown company field 'first_name'");
  EXPECT_EQ(error_of({{"company", {{"company", condition("name", "eq", "x")}}}}).field,
            "filter.company.company");
  EXPECT_EQ(error_of({{"company", {{"activity", 3}}}}).field, "filter.company.activity");
}

TEST(FilterParse, CollectsEveryProblem) {
  const Error error = error_from([] {
    parse({{"or",
            {condition("nope", "eq", 1), condition("city", "gt", "a"),
             condition("shoe_size", "eq", "x")}}});
  });
  EXPECT_THAT(fields_of(error),
              ElementsAre("filter.or[0].field", "filter.or[1].op", "filter.or[2].value"));
}

TEST(FilterParse, PathsStartAtTheGivenRoot) {
  const Error error = error_from(
      [] { parse_filter(condition("nope", "eq", 1), vern::testing::filter_test_fields(), "f"); });
  EXPECT_THAT(fields_of(error), ElementsAre("f.field"));
}

TEST(FilterParse, RefusesFiltersNestedTooDeep) {
  EXPECT_NO_THROW(parse(nested_nots(32)));
  const FieldError error = error_of(nested_nots(33));
  EXPECT_THAT(error.message, HasSubstr("deeper than 32 levels"));
  EXPECT_THAT(error.field, HasSubstr("filter.not.not"));
  // Far deeper input stops at the limit instead of exhausting the stack.
  EXPECT_THAT(error_of(nested_nots(100'000)).message, HasSubstr("deeper than 32"));
}

TEST(FilterParse, RefusesFiltersWithTooManyConditions) {
  json many = json::array();
  for (int i = 0; i < 999; ++i) {
    many.push_back(condition("city", "is_empty"));
  }
  EXPECT_NO_THROW(parse({{"and", many}}));
  many.push_back(condition("city", "is_empty"));
  const FieldError error = error_of({{"and", many}});
  EXPECT_EQ(error.field, "filter");
  EXPECT_EQ(error.message, "the filter has more than 1000 conditions");
}

TEST(FilterParse, RefusesFiltersWithTooManyValues) {
  json lists = json::array();
  for (int i = 0; i < 11; ++i) {
    lists.push_back(condition("city", "in", std::vector<std::string>(1000, "x")));
  }
  EXPECT_EQ(error_of({{"or", lists}}).message, "the filter holds more than 10000 values");
}

TEST(FilterParse, NeverRepeatsUnreadableInputInMessages) {
  const FieldError error = error_of(condition("a\nb", "eq", 1));
  EXPECT_EQ(error.message, "unknown field (not shown: not one line of text)");
  EXPECT_EQ(error_of(condition(std::string(300, 'k'), "eq", 1)).message.size(),
            std::string("unknown field ''").size() + 40 + std::string("…").size());
  EXPECT_EQ(error_of({{"field", "city"}, {"op", "is_empty"}, {std::string("\x01", 1), 1}}).field,
            "filter.?");
}

TEST(FilterParse, IsCopyable) {
  const Filter filter = parse({{"not", {{"company", condition("name", "eq", "x")}}}});
  const Filter copy = filter;  // NOLINT(performance-unnecessary-copy-initialization)
  const auto& inner = std::get<CompanyCondition>(std::get<Negation>(copy.node).filter->node);
  EXPECT_EQ(std::get<FieldCondition>(inner.filter->node).key, "name");
}

TEST(FilterFields, OperatorsForEachKindAreListedForFilterBuilders) {
  EXPECT_THAT(operators_for(ValueKind::kBoolean),
              ElementsAre(Op::kEq, Op::kNe, Op::kIsEmpty, Op::kIsNotEmpty));
  EXPECT_EQ(value_kind_of(crm::FieldType::kPhone), ValueKind::kText);
  EXPECT_EQ(parse_op("starts_with"), Op::kStartsWith);
  EXPECT_EQ(to_string(Op::kIsNotEmpty), "is_not_empty");
  EXPECT_FALSE(parse_op("EQ"));
}

}  // namespace
}  // namespace vern::query
