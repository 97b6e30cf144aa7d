#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "crm/field_definition.hpp"

namespace vern::web {

/// How the conditions of a level are joined: "all" (and) or "any" (or).
enum class Match { kAll, kAny };

/// One field/operator/value row, as typed; a row without a field or an operator is ignored.
struct FilterRow {
  std::string field;
  std::string op;
  std::string value;
};

/// Rows joined by their own all or any; counts as one condition of the top level.
struct FilterGroup {
  Match match = Match::kAll;
  std::vector<FilterRow> rows;
};

/// The person list's filter builder: rows and groups joined by all or any at the top, and rows
/// inside groups (one level of groups, no deeper). Its state lives in the URL's query (or in a
/// form's fields) so that a filtered list can be bookmarked:
/// `match`, `rows`, `f1` `o1` `v1`, …, `groups`, and per group `g1.match`, `g1.rows`, `g1.f1`, ….
struct FilterBuilder {
  Match match = Match::kAll;
  std::vector<FilterRow> rows;
  std::vector<FilterGroup> groups;
};

inline constexpr int kMaxFilterRows = 10;  // per level

/// A builder field named "consent:KEY" stands for the consent type KEY: its row is
/// {"consent": KEY, "state": VALUE} with `eq`, the same inside "not" with `ne`. Callers add one
/// such field per consent type (consent_builder_field) to the fields they pass in.
inline constexpr std::string_view kConsentFieldPrefix = "consent:";

/// The builder field of a consent type: an option field whose options are the states.
/// `label` is the field's label in each language ("Consent: Newsletter"); `states` the states'
/// labels, granted, withdrawn and none, each in each language.
crm::FieldDefinition consent_builder_field(const std::string& key, crm::Labels label,
                                           const std::array<crm::Labels, 3>& states);
inline constexpr int kMaxFilterGroups = 5;

/// The builder that the parameters describe; counts outside the limits are clamped, and a
/// builder with neither rows nor groups gets one empty row. No parameters: three empty rows.
FilterBuilder builder_from_params(const std::map<std::string, std::string>& params);

/// The parameters that describe `builder`, in order (the inverse of builder_from_params).
std::vector<std::pair<std::string, std::string>> builder_params(const FilterBuilder& builder);

/// Applies one of the builder's buttons: "add_row", "add_row.g2", "add_group", "remove.r3",
/// "remove.g2", "remove.g2.r1" (1-based). False, changing nothing, for any other text.
bool apply_builder_action(FilterBuilder& builder, std::string_view action);

/// The filter of API.md's language that the builder stands for; null when no row is complete.
nlohmann::json builder_filter(const FilterBuilder& builder,
                              const std::vector<crm::FieldDefinition>& fields);

/// The builder that shows `filter` exactly, or nothing when it cannot: nesting deeper than one
/// group, `not`, activity, history or company conditions, consent conditions of types not among
/// `fields`, fields or operators the builder does not offer, or more rows or groups than it holds.
std::optional<FilterBuilder> builder_from_filter(const nlohmann::json& filter,
                                                 const std::vector<crm::FieldDefinition>& fields);

/// The template's view of the builder: selects with their options in `locale`, the names and
/// ids of every input, and the buttons' actions.
nlohmann::json builder_view(const FilterBuilder& builder,
                            const std::vector<crm::FieldDefinition>& fields,
                            const std::string& locale);

}  // namespace vern::web
