#pragma once

#include <string>
#include <string_view>

#include "privacy/person_data_package.hpp"

namespace vern::privacy {

/// "vern-export-<name>-<YYYY-MM-DD>.<extension>": the person's name lower-cased and folded to
/// ASCII (æ → ae, ø → o, å → a, ä → a, ö → o, é → e, …), every other run of characters one '-',
/// at most 60 characters, or "person-<id>" when nothing is left; the date of `exported_at` in UTC.
/// `extension` is given without the dot ("xlsx", "json"). Safe in a Content-Disposition header.
std::string export_file_name(const PersonDataPackage& package, std::string_view extension);

}  // namespace vern::privacy
