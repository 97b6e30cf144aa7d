#pragma once

#include "consent/consent_service.hpp"
#include "http/pipeline.hpp"
#include "privacy/request_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The start page: who is logged in, and the dashboard's charts drawn on the server as SVG —
/// consents by type and state, how many persons are restricted, objecting or held, and the open
/// data-subject requests by the week they are due in (overdue ones first).
void register_dashboard_page(http::Pipeline& pipeline, const Views& views,
                             consent::ConsentService& consents, privacy::RequestService& requests);

}  // namespace vern::web
