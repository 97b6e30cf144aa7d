#pragma once

#include "crm/person_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/persons: create, read, merge-patch with If-Match, delete.
void register_persons_api(http::Pipeline& pipeline, crm::PersonService& persons);

/// The version in an If-Match header ("3", 3 or W/"3"); none when absent; a malformed one is 400.
std::optional<long long> if_match_version(const http::Request& request);

}  // namespace vern::api
