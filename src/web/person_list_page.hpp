#pragma once

#include "consent/consent_service.hpp"
#include "crm/field_service.hpp"
#include "http/pipeline.hpp"
#include "query/person_search_service.hpp"
#include "query/saved_filter_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// GET /persons: the person list with prefix search and a filter builder (web/filter_builder)
/// of field, operator and value rows and groups of rows, each level joined by "all" or "any",
/// which works without JavaScript (a GET form whose buttons re-render it); shows the count and
/// keyset pages; saves the filter under a name and applies saved filters, showing one that the
/// builder cannot hold as its JSON.
/// Consent types are offered as builder fields too ("Consent: Newsletter" is granted, ...).
void register_person_list_page(http::Pipeline& pipeline, const Views& views,
                               crm::FieldService& fields, query::PersonSearchService& person_search,
                               query::SavedFilterService& saved_filters,
                               consent::ConsentService& consents);

}  // namespace vern::web
