#pragma once

#include "http/pipeline.hpp"
#include "portal/portal_settings.hpp"

namespace vern::api {

/// GET /api/v1/portal/settings (any staff role) and PATCH (admins): API.md's portal settings.
void register_portal_settings_api(http::Pipeline& pipeline,
                                  portal::PortalSettingsService& settings);

}  // namespace vern::api
