#pragma once

#include "crm/activity_service.hpp"
#include "crm/person_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The marketing activity pages: list, create, view with participants (an audited read), edit,
/// delete, and adding (found by name, or by id), changing and removing participants.
void register_activity_pages(http::Pipeline& pipeline, const Views& views,
                             crm::ActivityService& activities, crm::PersonService& persons);

}  // namespace vern::web
