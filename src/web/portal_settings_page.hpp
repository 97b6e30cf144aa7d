#pragma once

#include "crm/history_type_service.hpp"
#include "http/pipeline.hpp"
#include "privacy/portal_settings_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// /admin/portal: the portal settings form (admins).
void register_portal_settings_page(http::Pipeline& pipeline, const Views& views,
                                   privacy::PortalSettingsService& settings,
                                   crm::HistoryTypeService& history_types);

}  // namespace vern::web
