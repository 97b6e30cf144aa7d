#pragma once

#include "http/pipeline.hpp"
#include "privacy/holiday_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// /admin/holidays: the public holidays on which no request falls due. Every staff user sees the
/// list; admins replace it through a text box of one "YYYY-MM-DD name" line per holiday, its
/// problems named by line.
void register_holiday_pages(http::Pipeline& pipeline, const Views& views,
                            privacy::HolidayService& holidays);

}  // namespace vern::web
