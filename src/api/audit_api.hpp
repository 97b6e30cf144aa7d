#pragma once

#include "audit/audit_log.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// GET /api/v1/audit for privacy officers and admins.
void register_audit_api(http::Pipeline& pipeline, audit::AuditLog& audit);

}  // namespace vern::api
