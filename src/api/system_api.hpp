#pragma once

#include "http/metrics.hpp"
#include "http/pipeline.hpp"
#include "storage/database.hpp"

namespace vern::api {

/// GET /healthz (checks the database), GET /metrics (Prometheus text) and
/// GET /api/v1/openapi.json (the API's description, embedded from assets/openapi.json).
void register_system_api(http::Pipeline& pipeline, storage::Database& database,
                         http::Metrics& metrics);

}  // namespace vern::api
