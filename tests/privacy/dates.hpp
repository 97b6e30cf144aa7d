#pragma once

#include <string_view>

#include <gtest/gtest.h>

#include "common/time_format.hpp"
#include "privacy/deadline.hpp"

namespace vern::testing {

/// The date of "YYYY-MM-DD" text; fails the test when there is no such date.
inline privacy::Date date(std::string_view text) {
  const auto parsed = privacy::parse_date(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(privacy::Date{});
}

/// The instant of RFC 3339 text; fails the test when it is not one.
inline UnixTime at(std::string_view rfc3339) {
  const auto parsed = parse_rfc3339(rfc3339);
  EXPECT_TRUE(parsed.has_value()) << rfc3339;
  return parsed.value_or(0);
}

}  // namespace vern::testing
