#include "query/filter_checks.hpp"

#include <string>

#include "common/error.hpp"
#include "consent/consent_store.hpp"

namespace vern::query {

void require_consent_types(soci::session& session, const Filter& filter) {
  FieldErrors errors;
  const consent::ConsentStore store;
  for (const ConsentReference& reference : consent_references(filter)) {
    if (!store.find_type(session, reference.consent_type)) {
      errors.add(reference.path + ".consent",
                 "No consent type with the key " + reference.consent_type.substr(0, 64) + ".");
    }
  }
  errors.throw_if_any();
}

Filter parse_known_filter(soci::session& session, const nlohmann::json& filter,
                          const std::vector<crm::FieldDefinition>& fields) {
  Filter parsed = parse_filter(filter, fields);
  require_consent_types(session, parsed);
  return parsed;
}

}  // namespace vern::query
