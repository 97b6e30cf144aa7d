#include "query/person_search_service.hpp"

#include "crm/field_store.hpp"
#include "crm/person_store.hpp"
#include "query/filter_checks.hpp"
#include "query/person_search_store.hpp"

namespace vern::query {

PersonPage PersonSearchService::search(const Actor& actor, const PersonQuery& query) {
  require_role(actor, Role::kUser);
  PersonPage page = database_.read([&](soci::session& session) {
    const crm::FieldStore fields;
    SearchRequest request;
    request.q = query.q;
    request.limit = query.limit;
    request.after = query.after;
    request.count = query.count;
    if (!query.filter.is_null()) {
      request.filter = parse_known_filter(session, query.filter, fields.list(session));
    }
    const SearchResult result = PersonSearchStore().search(session, database_.dialect(), request);
    PersonPage found;
    found.items = crm::PersonStore(database_.dialect())
                      .find_many(session, result.ids, fields.custom_types(session));
    found.next = result.next;
    found.total = result.total;
    return found;
  });
  audit_.append(actor, "person.search", "person", std::nullopt, std::nullopt,
                nlohmann::json{{"filter", !query.filter.is_null()},
                               {"words", !query.q.empty()},
                               {"count", page.items.size()}}
                    .dump());
  return page;
}

}  // namespace vern::query
