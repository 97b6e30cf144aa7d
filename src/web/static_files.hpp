#pragma once

#include "http/pipeline.hpp"

namespace vern::web {

/// GET /static/{file}: the embedded CSS, JS and icons, with an ETag and a day's caching;
/// GET /favicon.ico answers with the SVG icon.
void register_static_files(http::Pipeline& pipeline);

}  // namespace vern::web
