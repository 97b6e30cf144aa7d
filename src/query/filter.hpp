#pragma once

#include <compare>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "consent/consent.hpp"
#include "crm/field_definition.hpp"
#include "query/filter_fields.hpp"

namespace vern::query {

/// A heap-allocated value with value semantics: the recursive filter tree stays copyable.
template <typename T>
class Box {
 public:
  explicit Box(T value) : value_(std::make_unique<T>(std::move(value))) {}
  Box(const Box& other) : value_(std::make_unique<T>(*other.value_)) {}
  Box& operator=(const Box& other) {
    if (this != &other) {
      value_ = std::make_unique<T>(*other.value_);
    }
    return *this;
  }
  Box(Box&&) noexcept = default;
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  const T& operator*() const { return *value_; }
  const T* operator->() const { return value_.get(); }

 private:
  std::unique_ptr<T> value_;
};

/// An instant range, both ends included, in Unix seconds. An RFC 3339 value is one second; a
/// date ("2026-03-01") is its whole UTC day, so `eq` on a date matches any time that day.
struct TimeSpan {
  long long first = 0;
  long long last = 0;
  auto operator<=>(const TimeSpan&) const = default;
};

/// One checked value of a field condition: text (text, date as YYYY-MM-DD, option values),
/// an integer (ids), a number, a boolean or a time span (created_at, updated_at).
using FilterValue = std::variant<std::string, long long, double, bool, TimeSpan>;

struct Filter;

/// Every sub-filter holds ({"and": [...]}; an empty list matches every person).
struct AllOf {
  std::vector<Filter> filters;
};

/// At least one sub-filter holds ({"or": [...]}; an empty list matches no one).
struct AnyOf {
  std::vector<Filter> filters;
};

/// The sub-filter does not hold ({"not": F}).
struct Negation {
  Box<Filter> filter;
};

/// {"field": KEY, "op": OP, "value": V}, checked against the field's type: `values` holds one
/// value for most operators, two for `between`, the list for `in`, the set of options for a
/// multi-option `eq`/`ne`/`contains`, and none for `is_empty`/`is_not_empty`.
struct FieldCondition {
  std::string key;
  FieldSource source = FieldSource::kPersonColumn;
  ValueKind kind = ValueKind::kText;
  Op op = Op::kEq;
  std::vector<FilterValue> values;
};

/// The derived consent states, as the consent domain names them.
using ConsentState = consent::State;

/// {"consent": TYPE_KEY, "state": ...}: the person's current state of that consent type (its
/// latest event; none before the first).
struct ConsentCondition {
  std::string consent_type;
  ConsentState state = ConsentState::kGranted;
};

/// {"activity": ID, "status": ...}: the person takes part in the activity, with the status
/// (no status: any).
struct ActivityCondition {
  long long activity_id = 0;
  std::optional<std::string> status;
};

/// {"history": {"type"?, "after"?, "before"?}}: the person has a history entry of the type (if
/// given) dated strictly after and strictly before the dates (if given).
struct HistoryCondition {
  std::optional<std::string> type;
  std::optional<std::string> after;
  std::optional<std::string> before;
};

/// {"company": F}: the person has a company and it matches F, a filter over the company's
/// fields.
struct CompanyCondition {
  Box<Filter> filter;
};

/// A parsed and validated filter of the filter language (API.md). `path` names the node in
/// error messages ("filter.and[1]").
struct Filter {
  std::variant<AllOf, AnyOf, Negation, FieldCondition, ConsentCondition, ActivityCondition,
               HistoryCondition, CompanyCondition>
      node;
  std::string path;
};

/// Bounds on a filter's size, so that a hostile filter cannot exhaust the stack, the memory or
/// the database's parameter limit.
struct FilterLimits {
  int max_depth = 32;
  int max_nodes = 1000;
  std::size_t max_list_values = 1000;  // values in one `in` list
  std::size_t max_values = 10'000;     // values in the whole filter
};

/// Parses a filter from JSON and validates it against the field definitions (built-in and
/// custom; also `id`, `created_at`, `updated_at`). Throws vern::Error kInvalid with a field
/// error for each problem found, each naming its place below `path` ("filter.and[1].op");
/// never throws anything else.
Filter parse_filter(const nlohmann::json& json, const std::vector<crm::FieldDefinition>& fields,
                    std::string_view path = "filter", const FilterLimits& limits = {});

/// A consent condition of a filter and where it is ("filter.and[0]").
struct ConsentReference {
  std::string consent_type;
  std::string path;
};

/// Every consent condition in `filter`, in document order: the caller checks that the types
/// exist, which the parser cannot know.
std::vector<ConsentReference> consent_references(const Filter& filter);

}  // namespace vern::query
