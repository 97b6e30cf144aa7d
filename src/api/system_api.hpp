#pragma once

#include "audit/audit_log.hpp"
#include "http/metrics.hpp"
#include "http/pipeline.hpp"
#include "mail/delivery.hpp"
#include "mail/outbox_service.hpp"
#include "storage/database.hpp"

namespace vern::api {

/// GET /healthz (checks the database), GET /metrics (Prometheus text: requests, the connection
/// pool, the audit log's group commits, the outbox depth and delivery counts) and GET
/// /api/v1/openapi.json (the API's description, embedded from assets/openapi.json).
void register_system_api(http::Pipeline& pipeline, storage::Database& database,
                         audit::AuditLog& audit, http::Metrics& metrics,
                         mail::OutboxService& outbox, const mail::DeliveryCounters& delivery);

}  // namespace vern::api
