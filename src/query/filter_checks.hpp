#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "crm/field_definition.hpp"
#include "query/filter.hpp"
#include "storage/soci.hpp"

namespace vern::query {

/// Throws vern::Error kInvalid naming each consent condition of `filter` whose type does not
/// exist (inactive types may be filtered on: their consents stay).
void require_consent_types(soci::session& session, const Filter& filter);

/// A filter as every service takes it: parsed against `fields` and with every consent type it
/// names known. Throws kInvalid naming the filter's bad node.
Filter parse_known_filter(soci::session& session, const nlohmann::json& filter,
                          const std::vector<crm::FieldDefinition>& fields);

}  // namespace vern::query
