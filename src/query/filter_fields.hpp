#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crm/field_definition.hpp"

namespace vern::query {

/// The operators of the filter language.
enum class Op {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kContains,
  kStartsWith,
  kIn,
  kBetween,
  kIsEmpty,
  kIsNotEmpty,
};

std::string_view to_string(Op op);
std::optional<Op> parse_op(std::string_view text);

/// How many values an operator takes: none (is_empty, is_not_empty), a list (in), two
/// (between), or one.
enum class Arity { kNone, kOne, kList, kTwo };
Arity arity_of(Op op);
/// Every operator, in the order of the table above (and of a filter builder's choices).
const std::vector<Op>& all_operators();

/// How a filter compares a field's values. Several field types share one: e-mail, phone, url
/// and long text compare as text.
enum class ValueKind {
  kText,
  kNumber,
  kInteger,    // ids: id, company_id
  kDate,       // YYYY-MM-DD
  kTimestamp,  // created_at, updated_at: Unix seconds, written as RFC 3339 or a date
  kBoolean,
  kOption,
  kMultiOption,
};

/// "text", "number", ... for messages ("operator 'gt' does not fit a text field").
std::string_view to_string(ValueKind kind);
/// The kind a field type compares as.
ValueKind value_kind_of(crm::FieldType type);
/// The operators that fit a kind, in the order a filter builder offers them:
///   text:          eq ne contains starts_with in is_empty is_not_empty
///   number, integer, date, timestamp: eq ne lt le gt ge between in is_empty is_not_empty
///   boolean:       eq ne is_empty is_not_empty
///   option:        eq ne in is_empty is_not_empty
///   multi-option:  contains (has every one of the options), in (has any of them), eq (has
///                  exactly these options), ne (not exactly these), is_empty, is_not_empty
const std::vector<Op>& operators_for(ValueKind kind);
bool operator_fits(Op op, ValueKind kind);

/// Where a field's values live.
enum class FieldSource {
  kPersonColumn,   // a column of persons (built-in fields, id, created_at, updated_at)
  kCustomValue,    // rows of person_values
  kCompanyColumn,  // a column of companies, inside {"company": F}
};

/// A field that a filter may name.
struct FilterField {
  std::string key;
  ValueKind kind = ValueKind::kText;
  FieldSource source = FieldSource::kPersonColumn;
  std::vector<std::string> options;  // the allowed values of an option or multi-option field
};

/// The fields a filter may name: the persons' built-in columns and custom fields (from the field
/// definitions), and the companies' columns. The built-in keys come from a fixed list, which is
/// also the only source of column names the filter compiler writes into SQL.
class FilterFields {
 public:
  explicit FilterFields(const std::vector<crm::FieldDefinition>& definitions);

  /// The person field `key`, or nullptr when there is none.
  const FilterField* person_field(std::string_view key) const;
  /// The company field `key` (a column of companies), or nullptr when there is none.
  static const FilterField* company_field(std::string_view key);

 private:
  std::unordered_map<std::string, FilterField> person_fields_;
};

/// The column of persons named `key` on the fixed list that filters may name, as a string of that
/// list (never the caller's), or nothing.
std::optional<std::string_view> person_column(std::string_view key);
/// The same for the columns of companies.
std::optional<std::string_view> company_column(std::string_view key);

}  // namespace vern::query
