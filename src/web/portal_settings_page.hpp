#pragma once

#include "crm/history_type_service.hpp"
#include "http/pipeline.hpp"
#include "portal/portal_settings.hpp"
#include "web/views.hpp"

namespace vern::web {

/// /admin/portal: the portal settings form (admins).
void register_portal_settings_page(http::Pipeline& pipeline, const Views& views,
                                   portal::PortalSettingsService& settings,
                                   crm::HistoryTypeService& history_types);

}  // namespace vern::web
