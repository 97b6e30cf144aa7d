#pragma once

#include "consent/consent_service.hpp"
#include "crm/person_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The person's Consents tab (the current state of each type and every event; grant and
/// withdraw), the side panel's processing actions (restriction, objection, legal hold), and the
/// admin pages of consent types.
void register_consent_pages(http::Pipeline& pipeline, const Views& views,
                            crm::PersonService& persons, consent::ConsentService& consents);

}  // namespace vern::web
