#pragma once

#include "audit/audit_log.hpp"
#include "http/metrics.hpp"
#include "http/pipeline.hpp"
#include "storage/database.hpp"

namespace vern::api {

/// GET /healthz (checks the database), GET /metrics (Prometheus text: requests, the connection
/// pool, the audit log's group commits) and GET /api/v1/openapi.json (the API's description,
/// embedded from assets/openapi.json).
void register_system_api(http::Pipeline& pipeline, storage::Database& database,
                         audit::AuditLog& audit, http::Metrics& metrics);

}  // namespace vern::api
