#pragma once

#include "common/clock.hpp"
#include "crm/activity_service.hpp"
#include "crm/history_service.hpp"
#include "crm/history_type_service.hpp"
#include "crm/person_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The person's History tab (notes: list, add, edit, delete) and Marketing tab (the activities
/// they take part in), and the admin page of history types. Every tab is an audited read.
void register_history_pages(http::Pipeline& pipeline, const Views& views, const Clock& clock,
                            crm::PersonService& persons, crm::HistoryService& history,
                            crm::HistoryTypeService& history_types,
                            crm::ActivityService& activities);

}  // namespace vern::web
