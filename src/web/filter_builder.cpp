#include "web/filter_builder.hpp"

#include <algorithm>
#include <charconv>

#include "common/i18n.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"

namespace vern::web {
namespace {

using Params = std::map<std::string, std::string>;

constexpr int kDefaultRows = 3;
constexpr std::size_t kNewGroupRows = 2;
constexpr std::string_view kOperators[] = {"eq", "ne", "contains", "starts_with", "lt", "le", "gt",
                                           "ge", "in", "is_empty", "is_not_empty"};

bool takes_no_value(std::string_view op) {
  return op == "is_empty" || op == "is_not_empty";
}

bool offered(std::string_view op) {
  return std::find(std::begin(kOperators), std::end(kOperators), op) != std::end(kOperators);
}

std::string param(const Params& params, const std::string& name) {
  const auto found = params.find(name);
  return found == params.end() ? std::string() : found->second;
}

int count_param(const Params& params, const std::string& name, int fallback, int low, int high) {
  const std::string text = param(params, name);
  int count = fallback;
  std::from_chars(text.data(), text.data() + text.size(), count);
  return std::clamp(count, low, high);
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

/// "g2." inside the second group, "" at the top: the start of its inputs' names.
std::string name_prefix(std::size_t group) {
  return group == 0 ? std::string() : text::concat("g", std::to_string(group), ".");
}

std::vector<FilterRow> rows_from(const Params& params, const std::string& prefix, int count) {
  std::vector<FilterRow> rows;
  for (int i = 1; i <= count; ++i) {
    const std::string n = std::to_string(i);
    rows.push_back({param(params, prefix + "f" + n), param(params, prefix + "o" + n),
                    param(params, prefix + "v" + n)});
  }
  return rows;
}

void add_row_params(std::vector<std::pair<std::string, std::string>>& params,
                    const std::string& prefix, const std::vector<FilterRow>& rows) {
  params.emplace_back(prefix + "rows", std::to_string(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    params.emplace_back(prefix + "f" + n, rows[i].field);
    params.emplace_back(prefix + "o" + n, rows[i].op);
    params.emplace_back(prefix + "v" + n, rows[i].value);
  }
}

/// Something to type in: a builder never shows no row at all.
void ensure_a_row(FilterBuilder& builder) {
  if (builder.rows.empty() && builder.groups.empty()) {
    builder.rows.emplace_back();
  }
}

/// The index of "r3" or "g2" (kind 'r' or 'g') in a list of `size`, 0-based.
std::optional<std::size_t> index_of(std::string_view token, char kind, std::size_t size) {
  if (token.size() < 2 || token.front() != kind) {
    return std::nullopt;
  }
  const auto number = validation::parse_id(token.substr(1));
  if (!number || static_cast<unsigned long long>(*number) > size) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(*number - 1);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t end = text.find(separator); end != std::string_view::npos;
       end = text.find(separator, start)) {
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool add_row(std::vector<FilterRow>& rows) {
  if (rows.size() >= static_cast<std::size_t>(kMaxFilterRows)) {
    return false;
  }
  rows.emplace_back();
  return true;
}

bool remove_row(std::vector<FilterRow>& rows, std::string_view token) {
  const auto index = index_of(token, 'r', rows.size());
  if (!index) {
    return false;
  }
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(*index));
  return true;
}

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
  for (const std::string_view part : split(text, ',')) {
    const std::string item(text::trim(part));
    if (!item.empty()) {
      list.push_back(single(item));
    }
  }
  return list;
}

const crm::FieldDefinition* find_field(const std::vector<crm::FieldDefinition>& fields,
                                       std::string_view key) {
  const auto field = std::find_if(fields.begin(), fields.end(),
                                  [key](const auto& candidate) { return candidate.key == key; });
  return field == fields.end() ? nullptr : &*field;
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

nlohmann::json option_list(const FilterRow& row, const std::vector<crm::FieldDefinition>& fields,
                           const std::string& locale) {
  nlohmann::json options = nlohmann::json::array();
  for (const auto& field : fields) {
    options.push_back({{"value", field.key},
                       {"label", field.labels.in(locale)},
                       {"selected", field.key == row.field}});
  }
  return options;
}

nlohmann::json operator_list(const FilterRow& row, const std::string& locale) {
  nlohmann::json options = nlohmann::json::array();
  for (const std::string_view op : kOperators) {
    options.push_back({{"value", op},
                       {"label", i18n::text(locale, "op_" + std::string(op))},
                       {"selected", op == row.op}});
  }
  return options;
}

/// The rows of the top level (group 0) or of group `group` (1-based), for the template.
nlohmann::json row_views(const std::vector<FilterRow>& rows, std::size_t group,
                         const std::vector<crm::FieldDefinition>& fields,
                         const std::string& locale) {
  const std::string names = name_prefix(group);
  const std::string ids =
      group == 0 ? std::string() : text::concat("g", std::to_string(group), "-");
  const std::string remove =
      group == 0 ? "remove." : text::concat("remove.g", std::to_string(group), ".");
  nlohmann::json views = nlohmann::json::array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    // An option field's values, offered as suggestions for the value box.
    nlohmann::json choices = nlohmann::json::array();
    if (const crm::FieldDefinition* field = find_field(fields, rows[i].field)) {
      for (const crm::FieldOption& option : field->options) {
        choices.push_back({{"value", option.value}, {"label", option.labels.in(locale)}});
      }
    }
    const bool has_choices = !choices.empty();
    views.push_back({{"n", n},
                     {"choices", std::move(choices)},
                     {"has_choices", has_choices},
                     {"field_name", names + "f" + n},
                     {"field_id", ids + "f" + n},
                     {"op_name", names + "o" + n},
                     {"op_id", ids + "o" + n},
                     {"value_name", names + "v" + n},
                     {"value_id", ids + "v" + n},
                     {"fields", option_list(rows[i], fields, locale)},
                     {"ops", operator_list(rows[i], locale)},
                     {"value", rows[i].value},
                     {"remove", remove + "r" + n}});
  }
  return views;
}

}  // namespace

crm::FieldDefinition consent_builder_field(const std::string& key, crm::Labels label,
                                           const std::array<crm::Labels, 3>& states) {
  crm::FieldDefinition field;
  field.key = std::string(kConsentFieldPrefix) + key;
  field.type = crm::FieldType::kOption;
  field.labels = std::move(label);
  const std::array<const char*, 3> values = {"granted", "withdrawn", "none"};
  for (std::size_t i = 0; i < values.size(); ++i) {
    field.options.push_back({values[i], states[i]});
  }
  return field;
}

FilterBuilder builder_from_params(const Params& params) {
  FilterBuilder builder;
  builder.match = match_of(param(params, "match"));
  builder.rows =
      rows_from(params, "", count_param(params, "rows", kDefaultRows, 0, kMaxFilterRows));
  const int groups = count_param(params, "groups", 0, 0, kMaxFilterGroups);
  for (int g = 1; g <= groups; ++g) {
    const std::string prefix = name_prefix(static_cast<std::size_t>(g));
    FilterGroup group;
    group.match = match_of(param(params, prefix + "match"));
    group.rows =
        rows_from(params, prefix, count_param(params, prefix + "rows", 1, 1, kMaxFilterRows));
    builder.groups.push_back(std::move(group));
  }
  ensure_a_row(builder);
  return builder;
}

std::vector<std::pair<std::string, std::string>> builder_params(const FilterBuilder& builder) {
  std::vector<std::pair<std::string, std::string>> params;
  params.emplace_back("match", match_name(builder.match));
  add_row_params(params, "", builder.rows);
  if (builder.groups.empty()) {
    return params;
  }
  params.emplace_back("groups", std::to_string(builder.groups.size()));
  for (std::size_t g = 0; g < builder.groups.size(); ++g) {
    const std::string prefix = name_prefix(g + 1);
    params.emplace_back(prefix + "match", match_name(builder.groups[g].match));
    add_row_params(params, prefix, builder.groups[g].rows);
  }
  return params;
}

bool apply_builder_action(FilterBuilder& builder, std::string_view action) {
  const auto parts = split(action, '.');
  auto group_at = [&builder](std::string_view token) -> FilterGroup* {
    const auto index = index_of(token, 'g', builder.groups.size());
    return index ? &builder.groups[*index] : nullptr;
  };
  bool changed = false;
  if (parts[0] == "add_row" && parts.size() <= 2) {
    FilterGroup* group = parts.size() == 2 ? group_at(parts[1]) : nullptr;
    changed = parts.size() == 1 ? add_row(builder.rows) : group != nullptr && add_row(group->rows);
  } else if (action == "add_group" &&
             builder.groups.size() < static_cast<std::size_t>(kMaxFilterGroups)) {
    // Nesting the same junction adds nothing, so a new group starts with the other one.
    const Match other = builder.match == Match::kAll ? Match::kAny : Match::kAll;
    builder.groups.push_back({other, std::vector<FilterRow>(kNewGroupRows)});
    changed = true;
  } else if (parts[0] == "remove" && parts.size() == 2 && parts[1].starts_with('r')) {
    changed = remove_row(builder.rows, parts[1]);
  } else if (parts[0] == "remove" && parts.size() == 2) {
    const auto index = index_of(parts[1], 'g', builder.groups.size());
    if (index) {
      builder.groups.erase(builder.groups.begin() + static_cast<std::ptrdiff_t>(*index));
    }
    changed = index.has_value();
  } else if (parts[0] == "remove" && parts.size() == 3) {
    FilterGroup* group = group_at(parts[1]);
    changed = group != nullptr && remove_row(group->rows, parts[2]);
    if (changed && group->rows.empty()) {
      group->rows.emplace_back();
    }
  }
  ensure_a_row(builder);
  return changed;
}

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

nlohmann::json builder_view(const FilterBuilder& builder,
                            const std::vector<crm::FieldDefinition>& fields,
                            const std::string& locale) {
  const auto has_room = [](const std::vector<FilterRow>& rows) {
    return rows.size() < static_cast<std::size_t>(kMaxFilterRows);
  };
  nlohmann::json groups = nlohmann::json::array();
  for (std::size_t g = 0; g < builder.groups.size(); ++g) {
    const FilterGroup& group = builder.groups[g];
    const std::string number = std::to_string(g + 1);
    groups.push_back({{"g", number},
                      {"match_any", group.match == Match::kAny},
                      {"rows", row_views(group.rows, g + 1, fields, locale)},
                      {"row_count", std::to_string(group.rows.size())},
                      {"can_add_row", has_room(group.rows)},
                      {"add_row", "add_row.g" + number},
                      {"remove", "remove.g" + number}});
  }
  return {{"match_any", builder.match == Match::kAny},
          {"rows", row_views(builder.rows, 0, fields, locale)},
          {"row_count", std::to_string(builder.rows.size())},
          {"groups", groups},
          {"group_count", std::to_string(builder.groups.size())},
          {"can_add_row", has_room(builder.rows)},
          {"can_add_group", builder.groups.size() < static_cast<std::size_t>(kMaxFilterGroups)}};
}

}  // namespace vern::web
