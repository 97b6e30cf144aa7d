#include "common/text_checks.hpp"

#include "common/text.hpp"
#include "common/validation.hpp"

namespace vern::validation {
namespace {

std::string at_most(std::size_t max_length) {
  std::string message = "At most ";
  message.append(std::to_string(max_length)).append(" characters.");
  return message;
}

}  // namespace

void check_line(std::string_view value, const std::string& field, std::size_t max_length,
                FieldErrors& errors) {
  if (!is_single_line(value)) {
    errors.add(field, "Must be one line of text without control characters.");
  } else if (text::utf8_length(value) > max_length) {
    errors.add(field, at_most(max_length));
  }
}

void check_text(std::string_view value, const std::string& field, std::size_t max_length,
                FieldErrors& errors) {
  if (!is_clean_text(value)) {
    errors.add(field, "The text has control characters.");
  } else if (text::utf8_length(value) > max_length) {
    errors.add(field, at_most(max_length));
  }
}

}  // namespace vern::validation
