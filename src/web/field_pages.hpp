#pragma once

#include "crm/field_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The admin page for fields: add custom fields, set each field's portal access and order,
/// delete custom fields (confirming when they hold values).
void register_field_pages(http::Pipeline& pipeline, const Views& views, crm::FieldService& fields);

}  // namespace vern::web
