#pragma once

#include <string>
#include <string_view>

namespace vern::text {

/// The parts joined into one string, in one allocation. Preferred to `"literal" + std::string(…)`,
/// which is slower and on which GCC 12 warns falsely at -O2 (-Wrestrict, GCC bug 105329).
template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::string joined;
  joined.reserve((std::string_view(parts).size() + ...));
  (joined.append(std::string_view(parts)), ...);
  return joined;
}

}  // namespace vern::text
