#pragma once

#include "crm/field_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/fields: every field definition; admins add, change and delete custom fields.
void register_fields_api(http::Pipeline& pipeline, crm::FieldService& fields);

}  // namespace vern::api
