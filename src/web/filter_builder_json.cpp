// The filter builder and the filter language: the filter a builder stands for, and the builder
// that shows a filter.
#include <algorithm>
#include <utility>

#include "common/text.hpp"
#include "web/filter_builder.hpp"
#include "web/filter_builder_parts.hpp"

namespace vern::web {
namespace builder {

bool offered(query::Op op) {
  return query::arity_of(op) != query::Arity::kTwo;
}

bool offered(std::string_view op) {
  const auto parsed = query::parse_op(op);
  return parsed && offered(*parsed);
}

bool takes_no_value(std::string_view op) {
  const auto parsed = query::parse_op(op);
  return parsed && query::arity_of(*parsed) == query::Arity::kNone;
}

Match match_of(const std::string& text) {
  return text == "any" ? Match::kAny : Match::kAll;
}

std::string_view match_name(Match match) {
  return match == Match::kAny ? "any" : "all";
}

std::string_view junction_key(Match match) {
  return match == Match::kAny ? "or" : "and";
}

void ensure_a_row(FilterBuilder& builder) {
  if (builder.rows.empty() && builder.groups.empty()) {
    builder.rows.emplace_back();
  }
}

const crm::FieldDefinition* find_field(const std::vector<crm::FieldDefinition>& fields,
                                       std::string_view key) {
  const auto field = std::find_if(fields.begin(), fields.end(),
                                  [key](const auto& candidate) { return candidate.key == key; });
  return field == fields.end() ? nullptr : &*field;
}

}  // namespace builder

namespace {

using builder::ensure_a_row;
using builder::find_field;
using builder::junction_key;
using builder::offered;
using builder::takes_no_value;

/// A value typed in a form, as the filter language wants it for the field's type.
nlohmann::json typed_value(const crm::FieldDefinition* field, std::string_view op,
                           const std::string& text) {
  auto single = [field](const std::string& item) -> nlohmann::json {
    if (field != nullptr && field->type == crm::FieldType::kNumber) {
      const auto number = nlohmann::json::parse(item, nullptr, false);
      return number.is_number() ? number : nlohmann::json(item);
    }
    if (field != nullptr && field->type == crm::FieldType::kBoolean) {
      return item == "true" || item == "yes" || item == "ja";
    }
    return item;
  };
  if (op != "in" && op != "between") {
    return single(text);
  }
  nlohmann::json list = nlohmann::json::array();
  for (const std::string_view part : text::split(text, ',')) {
    const std::string item(text::trim(part));
    if (!item.empty()) {
      list.push_back(single(item));
    }
  }
  return list;
}

/// A consent row's condition: eq is the state, ne its negation; another operator is passed on
/// as a member the filter parser rejects, so that the error names the row.
nlohmann::json consent_condition(const FilterRow& row) {
  nlohmann::json consent = {{"consent", row.field.substr(kConsentFieldPrefix.size())},
                            {"state", row.value}};
  if (row.op == "ne") {
    return {{"not", std::move(consent)}};
  }
  if (row.op != "eq") {
    consent["op"] = row.op;
  }
  return consent;
}

nlohmann::json conditions(const std::vector<FilterRow>& rows,
                          const std::vector<crm::FieldDefinition>& fields) {
  nlohmann::json list = nlohmann::json::array();
  for (const FilterRow& row : rows) {
    if (row.field.empty() || row.op.empty()) {
      continue;
    }
    if (row.field.starts_with(kConsentFieldPrefix)) {
      list.push_back(consent_condition(row));
      continue;
    }
    nlohmann::json condition = {{"field", row.field}, {"op", row.op}};
    if (!takes_no_value(row.op)) {
      condition["value"] = typed_value(find_field(fields, row.field), row.op, row.value);
    }
    list.push_back(std::move(condition));
  }
  return list;
}

/// A condition's value as the builder's text box holds it; nothing for a value the box cannot
/// hold (an object, or a list item with a comma, which the box would split).
std::optional<std::string> value_text(const nlohmann::json& value, std::string_view op) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_boolean()) {
    return value.get<bool>() ? "true" : "false";
  }
  if (value.is_number()) {
    return value.dump();
  }
  if (op != "in" || !value.is_array()) {
    return std::nullopt;
  }
  std::string text;
  for (const auto& item : value) {
    const auto item_text = item.is_array() ? std::nullopt : value_text(item, "");
    if (!item_text || item_text->find(',') != std::string::npos) {
      return std::nullopt;
    }
    text += (text.empty() ? "" : ", ") + *item_text;
  }
  return text;
}

std::optional<FilterRow> row_from(const nlohmann::json& condition,
                                  const std::vector<crm::FieldDefinition>& fields) {
  if (!condition.is_object()) {
    return std::nullopt;
  }
  if (const auto consent = condition.find("consent"); consent != condition.end()) {
    const auto state = condition.find("state");
    if (condition.size() != 2 || !consent->is_string() || state == condition.end() ||
        !state->is_string()) {
      return std::nullopt;
    }
    const std::string field = std::string(kConsentFieldPrefix) + consent->get<std::string>();
    if (find_field(fields, field) == nullptr) {
      return std::nullopt;
    }
    return FilterRow{field, "eq", state->get<std::string>()};
  }
  for (const auto& [key, value] : condition.items()) {
    if (key != "field" && key != "op" && key != "value") {
      return std::nullopt;
    }
  }
  const auto field = condition.find("field");
  const auto op = condition.find("op");
  if (field == condition.end() || !field->is_string() || op == condition.end() ||
      !op->is_string() || find_field(fields, field->get<std::string>()) == nullptr ||
      !offered(op->get<std::string>())) {
    return std::nullopt;
  }
  FilterRow row{field->get<std::string>(), op->get<std::string>(), ""};
  if (takes_no_value(row.op)) {
    return row;
  }
  const auto value = condition.find("value");
  const auto text = value == condition.end() ? std::nullopt : value_text(*value, row.op);
  if (!text) {
    return std::nullopt;
  }
  row.value = *text;
  return row;
}

/// {"and": [...]} or {"or": [...]}: how its items are joined, and the items.
std::optional<std::pair<Match, const nlohmann::json*>> junction(const nlohmann::json& filter) {
  if (!filter.is_object() || filter.size() != 1) {
    return std::nullopt;
  }
  for (const Match match : {Match::kAll, Match::kAny}) {
    const auto items = filter.find(junction_key(match));
    if (items != filter.end() && items->is_array() && !items->empty()) {
      return std::pair(match, &*items);
    }
  }
  return std::nullopt;
}

}  // namespace

nlohmann::json builder_filter(const FilterBuilder& builder,
                              const std::vector<crm::FieldDefinition>& fields) {
  nlohmann::json items = conditions(builder.rows, fields);
  for (const FilterGroup& group : builder.groups) {
    nlohmann::json group_items = conditions(group.rows, fields);
    if (!group_items.empty()) {
      items.push_back({{junction_key(group.match), std::move(group_items)}});
    }
  }
  if (items.empty()) {
    return nullptr;
  }
  return {{junction_key(builder.match), std::move(items)}};
}

std::optional<FilterBuilder> builder_from_filter(const nlohmann::json& filter,
                                                 const std::vector<crm::FieldDefinition>& fields) {
  FilterBuilder builder;
  if (auto row = row_from(filter, fields)) {
    builder.rows.push_back(std::move(*row));
    return builder;
  }
  const auto top = junction(filter);
  if (!top) {
    return std::nullopt;
  }
  builder.match = top->first;
  for (const auto& item : *top->second) {
    if (auto row = row_from(item, fields)) {
      builder.rows.push_back(std::move(*row));
      continue;
    }
    const auto inner = junction(item);
    if (!inner) {
      return std::nullopt;
    }
    FilterGroup group{inner->first, {}};
    for (const auto& condition : *inner->second) {
      auto row = row_from(condition, fields);
      if (!row) {
        return std::nullopt;
      }
      group.rows.push_back(std::move(*row));
    }
    builder.groups.push_back(std::move(group));
  }
  const auto too_many = [](const std::vector<FilterRow>& rows) {
    return rows.size() > static_cast<std::size_t>(kMaxFilterRows);
  };
  if (too_many(builder.rows) ||
      builder.groups.size() > static_cast<std::size_t>(kMaxFilterGroups) ||
      std::any_of(builder.groups.begin(), builder.groups.end(),
                  [&too_many](const FilterGroup& group) { return too_many(group.rows); })) {
    return std::nullopt;
  }
  ensure_a_row(builder);
  return builder;
}

}  // namespace vern::web
