#pragma once

#include "crm/company_service.hpp"
#include "crm/field_service.hpp"
#include "crm/person_service.hpp"
#include "http/pipeline.hpp"
#include "portal/portal_link_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The person pages: create, view (an audited read, with the side panel's portal links), edit
/// with conflict handling, delete.
void register_person_pages(http::Pipeline& pipeline, const Views& views, crm::FieldService& fields,
                           crm::PersonService& persons, crm::CompanyService& companies,
                           portal::PortalLinkService& portal_links);

}  // namespace vern::web
