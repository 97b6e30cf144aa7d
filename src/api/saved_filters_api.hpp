#pragma once

#include "crm/saved_filter.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/saved-filters: named person filters, private or shared.
void register_saved_filters_api(http::Pipeline& pipeline, crm::SavedFilterService& filters);

}  // namespace vern::api
