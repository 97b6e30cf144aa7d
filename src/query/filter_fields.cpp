#include "query/filter_fields.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace vern::query {
namespace {

constexpr std::array<std::pair<Op, std::string_view>, 12> kOpNames = {{
    {Op::kEq, "eq"},
    {Op::kNe, "ne"},
    {Op::kLt, "lt"},
    {Op::kLe, "le"},
    {Op::kGt, "gt"},
    {Op::kGe, "ge"},
    {Op::kContains, "contains"},
    {Op::kStartsWith, "starts_with"},
    {Op::kIn, "in"},
    {Op::kBetween, "between"},
    {Op::kIsEmpty, "is_empty"},
    {Op::kIsNotEmpty, "is_not_empty"},
}};

struct Column {
  std::string_view key;
  ValueKind kind;
};

// The persons' columns that filters may name. Their keys are the API's field keys and the
// column names at once; `language`'s options come from its field definition.
constexpr std::array<Column, 16> kPersonColumns = {{
    {"id", ValueKind::kInteger},
    {"created_at", ValueKind::kTimestamp},
    {"updated_at", ValueKind::kTimestamp},
    {"first_name", ValueKind::kText},
    {"last_name", ValueKind::kText},
    {"email", ValueKind::kText},
    {"phone", ValueKind::kText},
    {"mobile", ValueKind::kText},
    {"street", ValueKind::kText},
    {"postal_code", ValueKind::kText},
    {"city", ValueKind::kText},
    {"country", ValueKind::kText},
    {"birth_date", ValueKind::kDate},
    {"title", ValueKind::kText},
    {"company_id", ValueKind::kInteger},
    {"language", ValueKind::kOption},
}};

// The companies' columns that {"company": F} may name.
constexpr std::array<Column, 12> kCompanyColumns = {{
    {"id", ValueKind::kInteger},
    {"name", ValueKind::kText},
    {"org_number", ValueKind::kText},
    {"street", ValueKind::kText},
    {"postal_code", ValueKind::kText},
    {"city", ValueKind::kText},
    {"country", ValueKind::kText},
    {"phone", ValueKind::kText},
    {"email", ValueKind::kText},
    {"website", ValueKind::kText},
    {"created_at", ValueKind::kTimestamp},
    {"updated_at", ValueKind::kTimestamp},
}};

// id, created_at and updated_at are not field definitions but every filter may name them.
constexpr std::size_t kSystemColumns = 3;

template <std::size_t N>
const Column* find_column(const std::array<Column, N>& columns, std::string_view key) {
  const auto found = std::find_if(columns.begin(), columns.end(),
                                  [key](const Column& column) { return column.key == key; });
  return found == columns.end() ? nullptr : &*found;
}

std::vector<std::string> option_values(const crm::FieldDefinition& definition) {
  std::vector<std::string> values;
  values.reserve(definition.options.size());
  for (const crm::FieldOption& option : definition.options) {
    values.push_back(option.value);
  }
  return values;
}

}  // namespace

std::string_view to_string(Op op) {
  for (const auto& [candidate, name] : kOpNames) {
    if (candidate == op) {
      return name;
    }
  }
  return "?";
}

std::optional<Op> parse_op(std::string_view text) {
  for (const auto& [op, name] : kOpNames) {
    if (name == text) {
      return op;
    }
  }
  return std::nullopt;
}

std::string_view to_string(ValueKind kind) {
  switch (kind) {
    case ValueKind::kText:
      return "text";
    case ValueKind::kNumber:
    case ValueKind::kInteger:
      return "number";
    case ValueKind::kDate:
      return "date";
    case ValueKind::kTimestamp:
      return "timestamp";
    case ValueKind::kBoolean:
      return "boolean";
    case ValueKind::kOption:
      return "option";
    case ValueKind::kMultiOption:
      return "multi-option";
  }
  return "?";
}

ValueKind value_kind_of(crm::FieldType type) {
  switch (type) {
    case crm::FieldType::kNumber:
      return ValueKind::kNumber;
    case crm::FieldType::kDate:
      return ValueKind::kDate;
    case crm::FieldType::kBoolean:
      return ValueKind::kBoolean;
    case crm::FieldType::kOption:
      return ValueKind::kOption;
    case crm::FieldType::kMultiOption:
      return ValueKind::kMultiOption;
    case crm::FieldType::kText:
    case crm::FieldType::kLongText:
    case crm::FieldType::kEmail:
    case crm::FieldType::kPhone:
    case crm::FieldType::kUrl:
      return ValueKind::kText;
  }
  return ValueKind::kText;
}

Arity arity_of(Op op) {
  switch (op) {
    case Op::kIsEmpty:
    case Op::kIsNotEmpty:
      return Arity::kNone;
    case Op::kIn:
      return Arity::kList;
    case Op::kBetween:
      return Arity::kTwo;
    default:
      return Arity::kOne;
  }
}

const std::vector<Op>& all_operators() {
  static const std::vector<Op> kAll = [] {
    std::vector<Op> all;
    for (const auto& [op, name] : kOpNames) {
      all.push_back(op);
    }
    return all;
  }();
  return kAll;
}

const std::vector<Op>& operators_for(ValueKind kind) {
  static const std::vector<Op> kText = {Op::kEq, Op::kNe,      Op::kContains,  Op::kStartsWith,
                                        Op::kIn, Op::kIsEmpty, Op::kIsNotEmpty};
  static const std::vector<Op> kOrdered = {Op::kEq,      Op::kNe,        Op::kLt,      Op::kLe,
                                           Op::kGt,      Op::kGe,        Op::kBetween, Op::kIn,
                                           Op::kIsEmpty, Op::kIsNotEmpty};
  static const std::vector<Op> kBoolean = {Op::kEq, Op::kNe, Op::kIsEmpty, Op::kIsNotEmpty};
  static const std::vector<Op> kOption = {Op::kEq, Op::kNe, Op::kIn, Op::kIsEmpty, Op::kIsNotEmpty};
  static const std::vector<Op> kMultiOption = {Op::kContains, Op::kIn,      Op::kEq,
                                               Op::kNe,       Op::kIsEmpty, Op::kIsNotEmpty};
  switch (kind) {
    case ValueKind::kText:
      return kText;
    case ValueKind::kBoolean:
      return kBoolean;
    case ValueKind::kOption:
      return kOption;
    case ValueKind::kMultiOption:
      return kMultiOption;
    case ValueKind::kNumber:
    case ValueKind::kInteger:
    case ValueKind::kDate:
    case ValueKind::kTimestamp:
      return kOrdered;
  }
  return kOrdered;
}

bool operator_fits(Op op, ValueKind kind) {
  const auto& ops = operators_for(kind);
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}

FilterFields::FilterFields(const std::vector<crm::FieldDefinition>& definitions) {
  for (std::size_t i = 0; i < kSystemColumns; ++i) {
    const Column& column = kPersonColumns[i];
    person_fields_[std::string(column.key)] = {
        std::string(column.key), column.kind, FieldSource::kPersonColumn, {}};
  }
  for (const crm::FieldDefinition& definition : definitions) {
    if (person_fields_.contains(definition.key)) {
      continue;
    }
    if (definition.builtin) {
      // A built-in field is filterable only where its column is on the fixed list; its kind
      // follows the column, which is how the value is stored.
      if (const Column* column = find_column(kPersonColumns, definition.key)) {
        person_fields_[definition.key] = {definition.key, column->kind, FieldSource::kPersonColumn,
                                          option_values(definition)};
      }
      continue;
    }
    person_fields_[definition.key] = {definition.key, value_kind_of(definition.type),
                                      FieldSource::kCustomValue, option_values(definition)};
  }
}

const FilterField* FilterFields::person_field(std::string_view key) const {
  const auto found = person_fields_.find(std::string(key));
  return found == person_fields_.end() ? nullptr : &found->second;
}

const FilterField* FilterFields::company_field(std::string_view key) {
  static const std::vector<FilterField> kFields = [] {
    std::vector<FilterField> fields;
    for (const Column& column : kCompanyColumns) {
      fields.push_back({std::string(column.key), column.kind, FieldSource::kCompanyColumn, {}});
    }
    return fields;
  }();
  const auto found = std::find_if(kFields.begin(), kFields.end(),
                                  [key](const FilterField& field) { return field.key == key; });
  return found == kFields.end() ? nullptr : &*found;
}

std::optional<std::string_view> person_column(std::string_view key) {
  const Column* column = find_column(kPersonColumns, key);
  return column == nullptr ? std::nullopt : std::optional(column->key);
}

std::optional<std::string_view> company_column(std::string_view key) {
  const Column* column = find_column(kCompanyColumns, key);
  return column == nullptr ? std::nullopt : std::optional(column->key);
}

}  // namespace vern::query
