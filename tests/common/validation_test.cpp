#include "common/validation.hpp"

#include <string>

#include <gtest/gtest.h>

namespace vern::validation {
namespace {

TEST(Validation, DatesMustExistOnTheCalendar) {
  EXPECT_TRUE(is_date("2026-11-29"));
  EXPECT_TRUE(is_date("2024-02-29"));
  EXPECT_TRUE(is_date("0001-01-01"));
  EXPECT_FALSE(is_date("2026-02-29"));
  EXPECT_FALSE(is_date("2100-02-29"));
  EXPECT_FALSE(is_date("2026-13-01"));
  EXPECT_FALSE(is_date("2026-04-31"));
  EXPECT_FALSE(is_date("0000-01-01"));
  EXPECT_FALSE(is_date("2026-1-01"));
  EXPECT_FALSE(is_date("2026/11/29"));
  EXPECT_FALSE(is_date("2026-11-29T10:00:00Z"));
  EXPECT_FALSE(is_date(""));
}

TEST(Validation, EmailAddressesNeedALocalPartAndADottedDomain) {
  EXPECT_TRUE(is_email("kari@example.no"));
  EXPECT_TRUE(is_email("ola.nordmann+crm@firma.co.uk"));
  EXPECT_TRUE(is_email("bjørn@blåbær.no"));
  EXPECT_TRUE(is_email("o'brien@example.ie"));
  EXPECT_FALSE(is_email(""));
  EXPECT_FALSE(is_email("kari"));
  EXPECT_FALSE(is_email("kari@localhost"));
  EXPECT_FALSE(is_email("@example.no"));
  EXPECT_FALSE(is_email("kari@@example.no"));
  EXPECT_FALSE(is_email("kari@ola@example.no"));
  EXPECT_FALSE(is_email(".kari@example.no"));
  EXPECT_FALSE(is_email("kari.@example.no"));
  EXPECT_FALSE(is_email("ka..ri@example.no"));
  EXPECT_FALSE(is_email("kari nordmann@example.no"));
  EXPECT_FALSE(is_email("kari@-example.no"));
  EXPECT_FALSE(is_email("kari@example-.no"));
  EXPECT_FALSE(is_email("kari@example..no"));
  EXPECT_FALSE(is_email("kari@example.no."));
  EXPECT_FALSE(is_email("kari@exa_mple.no"));
  EXPECT_FALSE(is_email("kari@example.no\n"));
  EXPECT_FALSE(is_email("\"kari\"@example.no"));
  EXPECT_FALSE(is_email(std::string(65, 'a') + "@example.no"));
  EXPECT_FALSE(is_email("a@" + std::string(250, 'b') + ".no"));
}

TEST(Validation, PhoneNumbersAreDigitsWithCommonSeparators) {
  EXPECT_TRUE(is_phone("+47 22 33 44 55"));
  EXPECT_TRUE(is_phone("(08) 123-45.67"));
  EXPECT_FALSE(is_phone("12"));
  EXPECT_FALSE(is_phone("47+22334455"));
  EXPECT_FALSE(is_phone("call me"));
  EXPECT_FALSE(is_phone(std::string(33, '1')));
}

TEST(Validation, UrlsAreAbsoluteHttpOrHttpsWithAHost) {
  EXPECT_TRUE(is_url("https://example.no"));
  EXPECT_TRUE(is_url("HTTP://Example.no/path?x=1#top"));
  EXPECT_TRUE(is_url("http://localhost:8080/"));
  EXPECT_TRUE(is_url("http://192.0.2.1"));
  EXPECT_TRUE(is_url("https://[2001:db8::1]:8443/x"));
  EXPECT_TRUE(is_url("https://blåbær.no"));
  EXPECT_FALSE(is_url(""));
  EXPECT_FALSE(is_url("example.no"));
  EXPECT_FALSE(is_url("ftp://example.no"));
  EXPECT_FALSE(is_url("javascript:alert(1)"));
  EXPECT_FALSE(is_url("https://"));
  EXPECT_FALSE(is_url("https:///path"));
  EXPECT_FALSE(is_url("https://user:pass@example.no"));
  EXPECT_FALSE(is_url("https://exa mple.no"));
  EXPECT_FALSE(is_url("https://example.no:0"));
  EXPECT_FALSE(is_url("https://example.no:65536"));
  EXPECT_FALSE(is_url("https://example.no:port"));
  EXPECT_FALSE(is_url("https://-example.no"));
  EXPECT_FALSE(is_url("https://example.no/\x01"));
  EXPECT_FALSE(is_url("https://example.no/" + std::string(2048, 'a')));
}

TEST(Validation, CleanTextAllowsLineBreaksButSingleLinesDoNot) {
  EXPECT_TRUE(is_clean_text("Møte med Kari\n\tom tilbudet"));
  EXPECT_FALSE(is_single_line("Møte med Kari\nom tilbudet"));
  EXPECT_FALSE(is_single_line("a\tb"));
  EXPECT_TRUE(is_single_line("Kari Nordmann AS"));
  EXPECT_FALSE(is_clean_text(std::string("a\0b", 3)));
  EXPECT_FALSE(is_clean_text("bell\x07"));
  EXPECT_FALSE(is_clean_text("\xC3"));          // a truncated character
  EXPECT_FALSE(is_clean_text("\xC0\xAF"));      // an overlong '/'
  EXPECT_FALSE(is_clean_text("\xED\xA0\x80"));  // a UTF-16 surrogate
  EXPECT_TRUE(is_clean_text(""));
}

TEST(Validation, IdsArePositiveDecimalIntegers) {
  EXPECT_EQ(parse_id("1"), 1);
  EXPECT_EQ(parse_id("9223372036854775807"), 9223372036854775807LL);
  EXPECT_FALSE(parse_id(""));
  EXPECT_FALSE(parse_id("0"));
  EXPECT_FALSE(parse_id("-1"));
  EXPECT_FALSE(parse_id("+1"));
  EXPECT_FALSE(parse_id(" 1"));
  EXPECT_FALSE(parse_id("1a"));
  EXPECT_FALSE(parse_id("9223372036854775808"));
}

}  // namespace
}  // namespace vern::validation
