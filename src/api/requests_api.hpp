#pragma once

#include "http/pipeline.hpp"
#include "privacy/request_service.hpp"

namespace vern::api {

/// /api/v1/requests (the register of data-subject requests: list by due date, register, read,
/// merge-patch with If-Match, delete) and /api/v1/requests/{id}/extend.
void register_requests_api(http::Pipeline& pipeline, privacy::RequestService& requests);

}  // namespace vern::api
