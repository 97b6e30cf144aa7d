#pragma once

#include <cctype>
#include <string>

namespace vern::testing {

/// Quoted-printable decoded (soft line breaks joined, =XX turned back into bytes).
inline std::string decode_quoted_printable(const std::string& text) {
  const auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && text.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // a soft line break
    } else if (text[i] == '=' && i + 2 < text.size() && is_hex(text[i + 1]) &&
               is_hex(text[i + 2])) {
      decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

}  // namespace vern::testing
