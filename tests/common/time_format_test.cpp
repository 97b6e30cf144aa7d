#include "common/time_format.hpp"

#include <gtest/gtest.h>

namespace vern {
namespace {

TEST(TimeFormat, FormatsUtcSeconds) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
}

TEST(TimeFormat, RoundTripsAKnownInstant) {
  const auto parsed = parse_rfc3339("2026-11-29T09:46:56Z");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(format_rfc3339(*parsed), "2026-11-29T09:46:56Z");
}

TEST(TimeFormat, AppliesOffsetsAndDropsFractions) {
  EXPECT_EQ(parse_rfc3339("2026-11-29T10:46:56.123+01:00"), parse_rfc3339("2026-11-29T09:46:56Z"));
}

TEST(TimeFormat, RejectsMalformedInput) {
  EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-29 09:46:56Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-29T09:46:56"));
  EXPECT_FALSE(parse_rfc3339("2026-11-29T25:00:00Z"));
  EXPECT_FALSE(parse_rfc3339(""));
}

}  // namespace
}  // namespace vern
