#pragma once

#include <nlohmann/json.hpp>

#include "crm/person.hpp"
#include "http/pipeline.hpp"
#include "portal/portal_link_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// Sending a portal link from a person's page: the confirmation (`GET /persons/{id}/portal-link`,
/// the address and the lifetime), sending (`POST`, with CSRF), and revoking a link
/// (`POST /persons/{id}/portal-links/{link_id}/revoke`). Works without JavaScript.
void register_portal_link_pages(http::Pipeline& pipeline, const Views& views,
                                portal::PortalLinkService& links);

/// The person page's "Portal link" section: whether a link can be sent, the person's links (an
/// audited read) with a Revoke button for the usable one, and the notice after sending or
/// revoking.
nlohmann::json portal_link_panel(const http::Request& request, portal::PortalLinkService& links,
                                 const crm::Person& person);

}  // namespace vern::web
