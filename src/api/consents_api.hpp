#pragma once

#include "consent/consent_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/consent-types (list, add, read with every text version, change, remove) and
/// /api/v1/persons/{id}/consents (the current state and the events; append an event).
void register_consents_api(http::Pipeline& pipeline, consent::ConsentService& consents);

}  // namespace vern::api
