#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vern::validation {

// Checks shared by every domain that validates input. Each returns true for a valid value; the
// caller words the message for its field.

/// A calendar date "YYYY-MM-DD" that exists (no 2026-02-30), from year 0001 to 9999.
bool is_date(std::string_view text);
/// A practical e-mail address: one '@', a local part of at most 64 characters without leading,
/// trailing or double dots, and a domain of at least two dot-separated labels (letters, digits,
/// hyphens, non-ASCII letters; no hyphen at either end of a label); no spaces or controls;
/// at most 254 characters.
bool is_email(std::string_view text);
/// A phone number: digits with optional leading '+', spaces, dashes, dots and parentheses; 3 to 32
/// characters with at least 3 digits.
bool is_phone(std::string_view text);
/// An absolute http:// or https:// URL (scheme in any case) with a host name, an IPv4 address
/// or a bracketed IPv6 address, an optional port 1..65535, no user info, no spaces or controls;
/// at most 2048 characters.
bool is_url(std::string_view text);
/// Valid UTF-8 without control characters other than tab, CR and LF.
bool is_clean_text(std::string_view text);
/// Valid UTF-8 without any control characters (no line breaks, no tabs): for names, titles and
/// other one-line fields.
bool is_single_line(std::string_view text);
/// A positive decimal integer without sign or spaces that fits in a long long ("42"); ids in
/// paths, cursors and references.
std::optional<long long> parse_id(std::string_view text);
/// A parameter that, when given, is an id: "" gives nothing, parse_id's text the id, anything
/// else throws vern::Error kInvalid naming `name` ("Must be a positive whole number.").
std::optional<long long> optional_id(std::string_view text, const std::string& name);

}  // namespace vern::validation
