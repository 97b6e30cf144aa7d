#include "common/validation.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "common/error.hpp"

namespace vern::validation {
namespace {

constexpr std::size_t kMaxEmail = 254;
constexpr std::size_t kMaxEmailLocalPart = 64;
constexpr std::size_t kMaxDomainLabel = 63;
constexpr std::size_t kMaxUrl = 2048;
constexpr std::size_t kMinPhone = 3;
constexpr std::size_t kMaxPhone = 32;
constexpr int kMinPhoneDigits = 3;
constexpr long long kMaxPort = 65535;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_ascii_letter_or_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_non_ascii(char c) {
  return (static_cast<unsigned char>(c) & 0x80U) != 0;
}

bool all_digits(std::string_view text) {
  for (const char c : text) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return !text.empty();
}

unsigned to_unsigned(std::string_view digits) {
  unsigned value = 0;
  for (const char c : digits) {
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value;
}

bool has_space_or_control(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) {
      return true;
    }
  }
  return false;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char c = text[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != prefix[i]) {
      return false;
    }
  }
  return true;
}

// A DNS name as people write it: labels of letters, digits and hyphens (non-ASCII letters too,
// for names like blåbær.no), no hyphen at either end of a label.
bool is_domain(std::string_view domain, std::size_t min_labels) {
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= domain.size()) {
    const std::size_t end = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > kMaxDomainLabel || label.front() == '-' ||
        label.back() == '-') {
      return false;
    }
    for (const char c : label) {
      if (!is_ascii_letter_or_digit(c) && c != '-' && !is_non_ascii(c)) {
        return false;
      }
    }
    ++labels;
    start = end + 1;
  }
  return labels >= min_labels;
}

bool is_ipv6_literal(std::string_view host) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') {
    return false;
  }
  for (const char c : host.substr(1, host.size() - 2)) {
    const bool hex = is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != ':' && c != '.') {
      return false;
    }
  }
  return true;
}

bool is_email_local_part(std::string_view local) {
  static constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~-.";
  if (local.empty() || local.size() > kMaxEmailLocalPart || local.front() == '.' ||
      local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  for (const char c : local) {
    if (!is_ascii_letter_or_digit(c) && !is_non_ascii(c) &&
        kSpecials.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return false;
  }
  const auto year = static_cast<int>(to_unsigned(text.substr(0, 4)));
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{to_unsigned(text.substr(5, 2))},
                                         std::chrono::day{to_unsigned(text.substr(8, 2))}};
  return year >= 1 && date.ok();
}

bool is_email(std::string_view text) {
  if (text.size() > kMaxEmail || has_space_or_control(text) || !is_clean_text(text)) {
    return false;
  }
  const auto at = text.find('@');
  if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  return is_email_local_part(text.substr(0, at)) && is_domain(text.substr(at + 1), 2);
}

bool is_phone(std::string_view text) {
  if (text.size() < kMinPhone || text.size() > kMaxPhone) {
    return false;
  }
  int digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      ++digits;
    } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
                 (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= kMinPhoneDigits;
}

bool is_url(std::string_view text) {
  if (text.size() > kMaxUrl || has_space_or_control(text) || !is_clean_text(text)) {
    return false;
  }
  std::string_view rest;
  if (starts_with_ignoring_case(text, "https://")) {
    rest = text.substr(8);
  } else if (starts_with_ignoring_case(text, "http://")) {
    rest = text.substr(7);
  } else {
    return false;
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return false;
  }
  // A port follows the last ':' outside an IPv6 literal's brackets.
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    if (!all_digits(port) || port.size() > 5 || to_unsigned(port) < 1 ||
        to_unsigned(port) > kMaxPort) {
      return false;
    }
    authority = authority.substr(0, colon);
  }
  return is_ipv6_literal(authority) || is_domain(authority, 1);
}

bool is_clean_text(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    if (byte < 0x80) {
      if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7f) {
        return false;
      }
      length = 1;
    } else if ((byte & 0xE0U) == 0xC0U && byte >= 0xC2) {
      length = 2;
    } else if ((byte & 0xF0U) == 0xE0U) {
      length = 3;
    } else if ((byte & 0xF8U) == 0xF0U && byte <= 0xF4) {
      length = 4;
    } else {
      return false;
    }
    if (i + length > text.size()) {
      return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) {
        return false;
      }
    }
    // Overlong forms and UTF-16 surrogates are not valid UTF-8.
    const auto second = length > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (length == 3 && ((byte == 0xE0 && second < 0xA0) || (byte == 0xED && second >= 0xA0))) {
      return false;
    }
    if (length == 4 && ((byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second >= 0x90))) {
      return false;
    }
    i += length;
  }
  return true;
}

bool is_single_line(std::string_view text) {
  return is_clean_text(text) && text.find_first_of("\t\n\r") == std::string_view::npos;
}

std::optional<long long> parse_id(std::string_view text) {
  if (!all_digits(text)) {
    return std::nullopt;
  }
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return std::nullopt;
  }
  return value;
}

std::optional<long long> optional_id(std::string_view text, const std::string& name) {
  if (text.empty()) {
    return std::nullopt;
  }
  const auto id = parse_id(text);
  if (!id) {
    throw Error::invalid_field(name, "Must be a positive whole number.");
  }
  return id;
}

}  // namespace vern::validation
