#pragma once

#include "crm/activity_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/activities (marketing activities: list, create, read, merge-patch, delete) and
/// /api/v1/activities/{id}/participants (list, add or change a status, remove).
void register_activities_api(http::Pipeline& pipeline, crm::ActivityService& activities);

}  // namespace vern::api
