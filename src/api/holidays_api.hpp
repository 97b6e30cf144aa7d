#pragma once

#include "http/pipeline.hpp"
#include "privacy/holiday_service.hpp"

namespace vern::api {

/// /api/v1/holidays: the public holidays on which no request falls due (every staff user reads
/// them, admins replace the whole list with PUT).
void register_holidays_api(http::Pipeline& pipeline, privacy::HolidayService& holidays);

}  // namespace vern::api
