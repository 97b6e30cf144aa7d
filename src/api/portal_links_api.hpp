#pragma once

#include "http/pipeline.hpp"
#include "portal/portal_link_service.hpp"

namespace vern::api {

/// POST and GET /api/v1/persons/{id}/portal-links and DELETE /api/v1/portal-links/{id}: sending
/// a portal link (any staff role), a person's links, revoking one. No answer holds a token.
void register_portal_links_api(http::Pipeline& pipeline, portal::PortalLinkService& links);

}  // namespace vern::api
