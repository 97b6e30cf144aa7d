#pragma once

#include <functional>

#include "http/metrics.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// GET /healthz (whether the database answers, asked of `database_up`), GET /metrics (Prometheus
/// text: requests, and the figures the composition root added to `metrics`) and GET
/// /api/v1/openapi.json (the API's description, embedded from assets/openapi.json).
void register_system_api(http::Pipeline& pipeline, std::function<bool()> database_up,
                         const http::Metrics& metrics);

}  // namespace vern::api
