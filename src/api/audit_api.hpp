#pragma once

#include "audit/audit_log.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// GET /api/v1/audit for privacy officers and admins.
void register_audit_api(http::Pipeline& pipeline, audit::AuditLog& audit);

/// Reads ?person_id=&actor=&action=&from=&to=&after= into a query; bad values are 422s.
audit::AuditQuery audit_query_from(const http::Request& request);

}  // namespace vern::api
