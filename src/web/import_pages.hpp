#pragma once

#include "crm/field_service.hpp"
#include "http/pipeline.hpp"
#include "imports/person_import.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The admin page that imports persons from an uploaded CSV file: a check that writes nothing,
/// or the import itself, with the summary and every problem by line and field.
void register_import_pages(http::Pipeline& pipeline, const Views& views, crm::FieldService& fields,
                           imports::PersonImporter& importer);

}  // namespace vern::web
