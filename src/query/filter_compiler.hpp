#pragma once

#include <string_view>

#include "query/filter.hpp"
#include "storage/dialect.hpp"
#include "storage/dynamic_query.hpp"

namespace vern::query {

/// The alias the compiled SQL gives the persons table: select FROM persons p.
inline constexpr std::string_view kPersonAlias = "p";

/// How custom values are stored in person_values.value (the person store writes the same):
/// booleans as "true"/"false", dates as YYYY-MM-DD, numbers as text with number_value set,
/// one row per option of a multi-option field; no row when there is no value.
inline constexpr std::string_view kStoredTrue = "true";

/// Compiles a parsed filter into a boolean SQL expression over `persons p` and appends it to
/// `query`. Every value is bound; the only names written into the SQL are column names from the
/// fixed list of query/filter_fields.cpp, so a filter cannot inject SQL whatever it holds.
///
/// Semantics: text comparisons ignore case (lower() on both sides; SQLite folds ASCII letters
/// only); `ne` matches everything `eq` does not, persons without a value included; ordering
/// operators and `between` match only persons with a value; a custom boolean without a value
/// counts as false for `eq`/`ne`.
///
/// A consent condition whose type does not exist matches no one ("none": everyone); callers
/// check the types first (consent_references).
void compile_filter(const Filter& filter, const storage::Dialect& dialect,
                    storage::DynamicQuery& query);

/// `text` with the LIKE wildcards (% and _) and the escape character (\) escaped, for a pattern
/// used with ESCAPE '\'.
std::string escape_like(std::string_view text);

}  // namespace vern::query
