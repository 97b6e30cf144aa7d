#pragma once

#include "http/pipeline.hpp"
#include "privacy/portal_settings_service.hpp"

namespace vern::api {

/// GET /api/v1/portal/settings (any staff role) and PATCH (admins): API.md's portal settings.
void register_portal_settings_api(http::Pipeline& pipeline,
                                  privacy::PortalSettingsService& settings);

}  // namespace vern::api
