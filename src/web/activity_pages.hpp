#pragma once

#include "crm/activity_service.hpp"
#include "http/pipeline.hpp"
#include "query/person_search_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The marketing activity pages: list, create, view with participants (an audited read), edit,
/// delete, and adding (found by name, or by id), changing and removing participants.
void register_activity_pages(http::Pipeline& pipeline, const Views& views,
                             crm::ActivityService& activities, query::PersonSearchService& search);

}  // namespace vern::web
