#pragma once

#include "crm/company_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The company pages: list with name search, create, view with its persons (an audited read),
/// edit with conflict handling, delete.
void register_company_pages(http::Pipeline& pipeline, const Views& views,
                            crm::CompanyService& companies);

}  // namespace vern::web
