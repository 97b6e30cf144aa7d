#pragma once

#include "http/pipeline.hpp"
#include "http/response.hpp"
#include "privacy/data_package.hpp"

namespace vern::api {

/// An export as a download: its type and `Content-Disposition: attachment` with its file name
/// (the server marks every response `Cache-Control: no-store`).
http::Response download_response(privacy::ExportFile file);

/// GET /api/v1/persons/{id}/export.json and /export.xlsx: the person data package (API.md).
void register_exports_api(http::Pipeline& pipeline, privacy::DataPackageService& packages);

}  // namespace vern::api
