#pragma once

#include "consent/consent_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The start page: who is logged in, and the dashboard's charts drawn on the server as SVG —
/// consents by type and state, and how many persons are restricted, objecting or held.
void register_dashboard_page(http::Pipeline& pipeline, const Views& views,
                             consent::ConsentService& consents);

}  // namespace vern::web
