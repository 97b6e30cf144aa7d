#pragma once

#include "http/pipeline.hpp"
#include "query/saved_filter_service.hpp"

namespace vern::api {

/// /api/v1/saved-filters: named person filters, private or shared.
void register_saved_filters_api(http::Pipeline& pipeline, query::SavedFilterService& filters);

}  // namespace vern::api
