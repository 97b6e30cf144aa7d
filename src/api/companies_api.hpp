#pragma once

#include "crm/company_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/companies: list with a name prefix, create, read with its persons, merge-patch with
/// If-Match, delete.
void register_companies_api(http::Pipeline& pipeline, crm::CompanyService& companies);

}  // namespace vern::api
