#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crm/field_definition.hpp"
#include "crm/person.hpp"

namespace vern::imports {

/// Where a column's values go: a built-in text field of the person, the company, a custom
/// field, or a consent (the column is named by a consent type's key; yes grants, no withdraws).
enum class ImportTarget { kText, kCompany, kCustom, kConsent };

/// One column of an import file and the field it fills.
struct ImportColumn {
  std::string header;          // as the file writes it
  crm::FieldDefinition field;  // for kConsent: a boolean named by the consent type's key
  ImportTarget target = ImportTarget::kText;
  std::string crm::Person::*member = nullptr;  // for kText
};

/// Maps the header row to fields by key or by label in English, Norwegian or Swedish (ignoring
/// case and surrounding spaces), and to consents by the key of an active consent type. Throws
/// vern::Error (kInvalid) naming every column that is no field or consent type, is set by Vern
/// itself (id, version, the GDPR flags), is empty or appears twice.
std::vector<ImportColumn> map_import_columns(const std::vector<std::string>& header,
                                             const std::vector<crm::FieldDefinition>& fields,
                                             const std::vector<std::string>& consent_types = {});

/// A cell's text as the JSON value that the field's validation expects: a number (a decimal
/// comma and spaces between thousands allowed), a boolean (true/false, yes/no, ja/nei/nej,
/// kyllä/ei, 1/0), a list of options separated by "|" (or by "," when there is no "|"), or text.
/// Text that does not fit the type is returned as text, so that the validation names the
/// problem; "" means no value.
nlohmann::json import_cell_value(const crm::FieldDefinition& field, std::string_view text);

}  // namespace vern::imports
