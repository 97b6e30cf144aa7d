#pragma once

#include <string>
#include <string_view>

#include "privacy/person_data_package.hpp"

namespace vern::privacy {

/// The bytes of an Excel workbook (.xlsx) of `package`, in the package's language: a sheet for the
/// personal data, the consents (when shown), the history notes, the marketing activities (when
/// shown) and the controller, each with a bold, frozen header row. Dates are spreadsheet dates,
/// numbers are numbers, and every text is written as text: a value such as "=1+2" never becomes
/// a formula. Consent and export times are shown in UTC. A text over Excel's limit of 32,767
/// characters is cut there and ends in "…" (the JSON export carries it whole).
/// Throws vern::Error (kUnavailable) when the workbook cannot be written; the message names the
/// step that failed, never a value.
std::string render_xlsx(const PersonDataPackage& package);

}  // namespace vern::privacy
