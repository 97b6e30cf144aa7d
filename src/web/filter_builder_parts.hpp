#pragma once

// The parts of the filter builder that its state (web/filter_builder.cpp) and its conversion to
// and from the filter language (web/filter_builder_json.cpp) share. web/ only.

#include <string>
#include <string_view>
#include <vector>

#include "crm/field_definition.hpp"
#include "query/filter_fields.hpp"
#include "web/filter_builder.hpp"

namespace vern::web::builder {

/// Whether the builder's one text box can hold the operator's values: not between's two.
bool offered(query::Op op);
bool offered(std::string_view op);
/// Whether the operator takes no value (is_empty, is_not_empty).
bool takes_no_value(std::string_view op);

/// "any" or "all" in the builder's parameters, and "or" or "and" in the filter language.
Match match_of(const std::string& text);
std::string_view match_name(Match match);
std::string_view junction_key(Match match);

/// Something to type in: a builder never shows no row at all.
void ensure_a_row(FilterBuilder& builder);

/// The builder field with `key`, or nullptr.
const crm::FieldDefinition* find_field(const std::vector<crm::FieldDefinition>& fields,
                                       std::string_view key);

}  // namespace vern::web::builder
