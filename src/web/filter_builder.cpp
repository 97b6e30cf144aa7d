#include "web/filter_builder.hpp"

#include <algorithm>
#include <charconv>

#include "common/i18n.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "query/filter_fields.hpp"
#include "web/filter_builder_parts.hpp"

namespace vern::web {
namespace {

using builder::ensure_a_row;
using builder::find_field;
using builder::match_name;
using builder::match_of;
using builder::offered;

using Params = std::map<std::string, std::string>;

constexpr int kDefaultRows = 3;
constexpr std::size_t kNewGroupRows = 2;
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
  for (const query::Op op : query::all_operators()) {
    if (!offered(op)) {
      continue;
    }
    const std::string name(query::to_string(op));
    options.push_back({{"value", name},
                       {"label", i18n::text(locale, "op_" + name)},
                       {"selected", name == row.op}});
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
  const auto parts = text::split(action, '.');
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
