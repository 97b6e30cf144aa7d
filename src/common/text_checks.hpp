#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace vern::validation {

/// Adds an error naming `field` unless `value` is one line of text without control characters
/// and of at most `max_length` characters: for names, titles and other one-line fields.
void check_line(std::string_view value, const std::string& field, std::size_t max_length,
                FieldErrors& errors);

/// Adds an error naming `field` unless `value` is text without control characters other than
/// tab and line breaks, of at most `max_length` characters: for notes, descriptions, reasons.
void check_text(std::string_view value, const std::string& field, std::size_t max_length,
                FieldErrors& errors);

}  // namespace vern::validation
