#pragma once

#include "crm/person_service.hpp"
#include "http/pipeline.hpp"
#include "query/person_search_service.hpp"

namespace vern::api {

/// /api/v1/persons: create, read, merge-patch with If-Match, delete.
void register_persons_api(http::Pipeline& pipeline, crm::PersonService& persons,
                          query::PersonSearchService& person_search);

}  // namespace vern::api
