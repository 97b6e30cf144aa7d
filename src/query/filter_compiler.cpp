#include "query/filter_compiler.hpp"

#include <charconv>
#include <stdexcept>

#include "common/error.hpp"
#include "common/text.hpp"
#include "consent/consent_store.hpp"

namespace vern::query {
namespace {

using storage::DynamicQuery;

// The SQL the compiler writes around bound values; each names its table's alias as the compiled
// expression expects (persons p, person_values v, companies c, participants pa, history h).
constexpr std::string_view kCustomValue =
    "EXISTS (SELECT 1 FROM person_values v WHERE v.person_id = p.id AND v.field_key = ";
constexpr std::string_view kCustomText = "v.value";
constexpr std::string_view kCustomNumber = "v.number_value";
constexpr std::string_view kCompany = "EXISTS (SELECT 1 FROM companies c WHERE c.id = p.company_id";
constexpr std::string_view kActivity =
    "EXISTS (SELECT 1 FROM participants pa WHERE pa.person_id = p.id AND pa.activity_id = ";
constexpr std::string_view kActivityStatus = " AND pa.status = ";
constexpr std::string_view kHistory = "EXISTS (SELECT 1 FROM history h WHERE h.person_id = p.id";
constexpr std::string_view kHistoryType = " AND h.type = ";
constexpr std::string_view kHistoryAfter = " AND h.date > ";
constexpr std::string_view kHistoryBefore = " AND h.date < ";
constexpr std::string_view kEscape = " ESCAPE '\\'";

/// How a column says "no value": text columns hold '' (they are NOT NULL), the others NULL.
enum class Empty { kEmptyText, kNull };

/// Writes one filter tree into a query.
class Compiler {
 public:
  explicit Compiler(DynamicQuery& query) : query_(query) {}

  void filter(const Filter& node) {
    std::visit([&](const auto& condition) { compile(condition, node.path); }, node.node);
  }

 private:
  void compile(const AllOf& all, const std::string&) { group(all.filters, " AND ", "1 = 1"); }
  void compile(const AnyOf& any, const std::string&) { group(any.filters, " OR ", "1 = 0"); }
  void compile(const Negation& negation, const std::string&) {
    query_.append("NOT (");
    filter(*negation.filter);
    query_.append(")");
  }
  void compile(const FieldCondition& condition, const std::string& path);
  void compile(const ConsentCondition& consent, const std::string&);
  void compile(const ActivityCondition& activity, const std::string&);
  void compile(const HistoryCondition& history, const std::string&);
  void compile(const CompanyCondition& company, const std::string&) {
    query_.append(kCompany).append(" AND ");
    filter(*company.filter);
    query_.append(")");
  }

  void group(const std::vector<Filter>& filters, std::string_view joiner,
             std::string_view when_empty) {
    if (filters.empty()) {
      query_.append(when_empty);
      return;
    }
    query_.append("(");
    for (std::size_t i = 0; i < filters.size(); ++i) {
      query_.append(i == 0 ? "" : joiner);
      filter(filters[i]);
    }
    query_.append(")");
  }

  void column_condition(const std::string& column, const FieldCondition& condition);
  void custom_condition(const FieldCondition& condition);
  void custom_exists(const FieldCondition& condition, Op op);
  void open_custom(const std::string& key) {
    query_.append(kCustomValue).bind(key).append(" AND ");
  }
  void compare(std::string_view column, Empty empty, ValueKind kind, Op op,
               const std::vector<FilterValue>& values);
  void compare_time(std::string_view column, Op op, const std::vector<FilterValue>& values);
  void value(const FilterValue& value, ValueKind kind);
  void list(const std::vector<FilterValue>& values, ValueKind kind);

  DynamicQuery& query_;
};

std::string number_text(double number) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  return std::string(buffer, result.ptr);
}

std::string_view sql_operator(Op op) {
  switch (op) {
    case Op::kEq:
      return " = ";
    case Op::kNe:
      return " <> ";
    case Op::kLt:
      return " < ";
    case Op::kLe:
      return " <= ";
    case Op::kGt:
      return " > ";
    case Op::kGe:
      return " >= ";
    default:
      throw std::logic_error("not a comparison operator");
  }
}

void Compiler::compile(const ConsentCondition& consent, const std::string&) {
  consent::ConsentStore::append_state_condition(query_, consent.consent_type, consent.state);
}

void Compiler::compile(const FieldCondition& condition, const std::string&) {
  switch (condition.source) {
    case FieldSource::kPersonColumn: {
      const auto column = person_column(condition.key);
      if (!column) {
        throw std::logic_error("not a filterable person column");
      }
      column_condition(std::string(kPersonAlias) + "." + std::string(*column), condition);
      return;
    }
    case FieldSource::kCompanyColumn: {
      const auto column = company_column(condition.key);
      if (!column) {
        throw std::logic_error("not a filterable company column");
      }
      column_condition("c." + std::string(*column), condition);
      return;
    }
    case FieldSource::kCustomValue:
      custom_condition(condition);
      return;
  }
}

void Compiler::column_condition(const std::string& column, const FieldCondition& condition) {
  const bool text_column = condition.kind == ValueKind::kText ||
                           condition.kind == ValueKind::kDate ||
                           condition.kind == ValueKind::kOption;
  compare(column, text_column ? Empty::kEmptyText : Empty::kNull, condition.kind, condition.op,
          condition.values);
}

void Compiler::custom_condition(const FieldCondition& condition) {
  switch (condition.op) {
    case Op::kIsEmpty:
      query_.append("NOT ");
      custom_exists(condition, Op::kIsNotEmpty);
      return;
    case Op::kIsNotEmpty:
      custom_exists(condition, Op::kIsNotEmpty);
      return;
    case Op::kNe:
      // Everything `eq` does not match, persons without a value included.
      query_.append("NOT (");
      custom_condition(FieldCondition{condition.key, condition.source, condition.kind, Op::kEq,
                                      condition.values});
      query_.append(")");
      return;
    default:
      break;
  }
  if (condition.kind == ValueKind::kBoolean) {
    const bool wanted = std::get<bool>(condition.values.at(0));
    query_.append(wanted ? "" : "NOT ");
    open_custom(condition.key);
    query_.append(kCustomText).append(" = ").bind(std::string(kStoredTrue)).append(")");
    return;
  }
  if (condition.kind == ValueKind::kMultiOption &&
      (condition.op == Op::kContains || condition.op == Op::kEq)) {
    // Every one of the options; for eq also no other option.
    query_.append("(");
    for (std::size_t i = 0; i < condition.values.size(); ++i) {
      query_.append(i == 0 ? "" : " AND ");
      open_custom(condition.key);
      query_.append(kCustomText).append(" = ").bind(std::get<std::string>(condition.values[i]));
      query_.append(")");
    }
    if (condition.op == Op::kEq) {
      query_.append(" AND NOT ");
      open_custom(condition.key);
      query_.append(kCustomText).append(" NOT IN ");
      list(condition.values, ValueKind::kOption);
      query_.append(")");
    }
    query_.append(")");
    return;
  }
  custom_exists(condition, condition.op);
}

void Compiler::custom_exists(const FieldCondition& condition, Op op) {
  open_custom(condition.key);
  if (op == Op::kIsNotEmpty) {
    query_.append(kCustomText).append(" <> ''");
  } else if (condition.kind == ValueKind::kNumber) {
    compare(kCustomNumber, Empty::kNull, condition.kind, op, condition.values);
  } else {
    const ValueKind kind =
        condition.kind == ValueKind::kMultiOption ? ValueKind::kOption : condition.kind;
    compare(kCustomText, Empty::kEmptyText, kind, op, condition.values);
  }
  query_.append(")");
}

void Compiler::compare(std::string_view column, Empty empty, ValueKind kind, Op op,
                       const std::vector<FilterValue>& values) {
  if (kind == ValueKind::kTimestamp) {
    compare_time(column, op, values);
    return;
  }
  const std::string no_value =
      empty == Empty::kEmptyText ? std::string(column) + " = ''" : std::string(column) + " IS NULL";
  const std::string has_value = empty == Empty::kEmptyText ? std::string(column) + " <> ''"
                                                           : std::string(column) + " IS NOT NULL";
  // Text compares without case: lower() on both sides.
  const std::string subject =
      kind == ValueKind::kText ? "lower(" + std::string(column) + ")" : std::string(column);
  switch (op) {
    case Op::kIsEmpty:
      query_.append(no_value);
      return;
    case Op::kIsNotEmpty:
      query_.append(has_value);
      return;
    case Op::kContains:
    case Op::kStartsWith: {
      const auto& text = std::get<std::string>(values.at(0));
      std::string pattern = text::concat(op == Op::kContains ? "%" : "", escape_like(text), "%");
      query_.append(subject).append(" LIKE lower(").bind(std::move(pattern)).append(")");
      query_.append(kEscape);
      return;
    }
    case Op::kIn:
      query_.append(subject).append(" IN ");
      list(values, kind);
      return;
    case Op::kBetween:
      query_.append("(").append(subject).append(" >= ");
      value(values.at(0), kind);
      query_.append(" AND ").append(subject).append(" <= ");
      value(values.at(1), kind);
      query_.append(")");
      return;
    case Op::kNe:
      // A column without a value is "not equal" too: NULL <> x is not true in SQL.
      query_.append("(").append(empty == Empty::kNull ? no_value + " OR " : "");
      query_.append(subject).append(" <> ");
      value(values.at(0), kind);
      query_.append(")");
      return;
    case Op::kLt:
    case Op::kLe:
      // '' sorts before every date: keep "no value" out of "before".
      query_.append("(").append(empty == Empty::kEmptyText ? has_value + " AND " : "");
      query_.append(subject).append(sql_operator(op));
      value(values.at(0), kind);
      query_.append(")");
      return;
    case Op::kEq:
    case Op::kGt:
    case Op::kGe:
      query_.append(subject).append(sql_operator(op));
      value(values.at(0), kind);
      return;
  }
}

void Compiler::compare_time(std::string_view column, Op op,
                            const std::vector<FilterValue>& values) {
  const auto span = [&](std::size_t i) { return std::get<TimeSpan>(values.at(i)); };
  const std::string name(column);
  switch (op) {
    case Op::kIsEmpty:
      query_.append(name + " IS NULL");
      return;
    case Op::kIsNotEmpty:
      query_.append(name + " IS NOT NULL");
      return;
    case Op::kEq:
    case Op::kNe:
      query_.append(op == Op::kNe ? "(" + name + " IS NULL OR NOT " : "(");
      query_.append(name + " BETWEEN ").bind(span(0).first).append(" AND ").bind(span(0).last);
      query_.append(")");
      return;
    case Op::kLt:
      query_.append(name + " < ").bind(span(0).first);
      return;
    case Op::kLe:
      query_.append(name + " <= ").bind(span(0).last);
      return;
    case Op::kGt:
      query_.append(name + " > ").bind(span(0).last);
      return;
    case Op::kGe:
      query_.append(name + " >= ").bind(span(0).first);
      return;
    case Op::kBetween:
      query_.append(name + " BETWEEN ").bind(span(0).first).append(" AND ").bind(span(1).last);
      return;
    case Op::kIn:
      query_.append("(");
      for (std::size_t i = 0; i < values.size(); ++i) {
        query_.append(i == 0 ? "" : " OR ").append(name + " BETWEEN ");
        query_.bind(span(i).first).append(" AND ").bind(span(i).last);
      }
      query_.append(")");
      return;
    case Op::kContains:
    case Op::kStartsWith:
      throw std::logic_error("not an operator for times");
  }
}

void Compiler::value(const FilterValue& filter_value, ValueKind kind) {
  if (const auto* text = std::get_if<std::string>(&filter_value)) {
    if (kind == ValueKind::kText) {
      query_.append("lower(").bind(*text).append(")");
    } else {
      query_.bind(*text);
    }
  } else if (const auto* integer = std::get_if<long long>(&filter_value)) {
    query_.bind(*integer);
  } else if (const auto* number = std::get_if<double>(&filter_value)) {
    // DynamicQuery binds integers and text: a number goes as its shortest exact text.
    query_.append("CAST(").bind(number_text(*number)).append(" AS DOUBLE PRECISION)");
  } else {
    throw std::logic_error("not a comparable value");
  }
}

void Compiler::list(const std::vector<FilterValue>& values, ValueKind kind) {
  query_.append("(");
  for (std::size_t i = 0; i < values.size(); ++i) {
    query_.append(i == 0 ? "" : ", ");
    value(values[i], kind);
  }
  query_.append(")");
}

void Compiler::compile(const ActivityCondition& activity, const std::string&) {
  query_.append(kActivity).bind(activity.activity_id);
  if (activity.status) {
    query_.append(kActivityStatus).bind(*activity.status);
  }
  query_.append(")");
}

void Compiler::compile(const HistoryCondition& history, const std::string&) {
  query_.append(kHistory);
  if (history.type) {
    query_.append(kHistoryType).bind(*history.type);
  }
  if (history.after) {
    query_.append(kHistoryAfter).bind(*history.after);
  }
  if (history.before) {
    query_.append(kHistoryBefore).bind(*history.before);
  }
  query_.append(")");
}

}  // namespace

std::string escape_like(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') {
      escaped += '\\';
    }
    escaped += c;
  }
  return escaped;
}

void compile_filter(const Filter& filter, const storage::Dialect& /*dialect*/,
                    DynamicQuery& query) {
  // The SQL is the same on both databases today; the dialect is here for the conditions to
  // come that differ (consents).
  Compiler(query).filter(filter);
}

}  // namespace vern::query
