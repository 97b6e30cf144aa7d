// ConsentStore::append_state_condition on its own, so that the filter language's fuzz target links
// it without the rest of the store.
#include "consent/consent_store.hpp"

namespace vern::consent {

void ConsentStore::append_state_condition(storage::DynamicQuery& query, const std::string& key,
                                          State state) {
  // The current state (person_consents, one row per person and type with an event). IN rather
  // than EXISTS: the planner can start from the persons in that state (an index on type, state
  // and person) instead of probing every person.
  query.append(state == State::kNone ? "NOT (" : "(");
  query.append(
      "p.id IN (SELECT pc.person_id FROM person_consents pc JOIN consent_types ct"
      " ON ct.id = pc.consent_type_id WHERE ct.key = ");
  query.bind(key);
  if (state != State::kNone) {
    query.append(" AND pc.granted = ").bind(state == State::kGranted ? 1 : 0);
  }
  query.append("))");
}

}  // namespace vern::consent
