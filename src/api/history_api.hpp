#pragma once

#include "crm/history_service.hpp"
#include "crm/history_type_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/persons/{id}/history (list, add), /api/v1/history/{id} (change, delete) and
/// /api/v1/history-types (list; add and delete for admins).
void register_history_api(http::Pipeline& pipeline, crm::HistoryService& history,
                          crm::HistoryTypeService& history_types);

}  // namespace vern::api
