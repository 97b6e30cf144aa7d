#pragma once

#include "http/pipeline.hpp"
#include "http/response.hpp"
#include "privacy/data_package.hpp"

namespace vern::api {

/// GET /api/v1/persons/{id}/export.json and /export.xlsx: the person data package (API.md).
void register_exports_api(http::Pipeline& pipeline, privacy::DataPackageService& packages);

}  // namespace vern::api
