#pragma once

#include "audit/audit_log.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The audit log page for privacy officers and admins, with filters and paging.
void register_audit_pages(http::Pipeline& pipeline, const Views& views, audit::AuditLog& audit);

}  // namespace vern::web
