#pragma once

#include "crm/company_service.hpp"
#include "crm/field_service.hpp"
#include "crm/person_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The person pages: create, view (an audited read), edit with conflict handling, delete.
void register_person_pages(http::Pipeline& pipeline, const Views& views, crm::FieldService& fields,
                           crm::PersonService& persons, crm::CompanyService& companies);

}  // namespace vern::web
