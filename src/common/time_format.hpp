#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace vern {

/// "2026-11-29T09:46:56Z"
std::string format_rfc3339(UnixTime time);

/// Parses RFC 3339 with a 'Z' or numeric offset, optional fractional seconds (dropped).
std::optional<UnixTime> parse_rfc3339(std::string_view text);

}  // namespace vern
