#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vern::text {

// The one home of plain-text handling: joining, trimming, UTF-8 characters and ASCII slugs.
// Checks of what input may hold are in common/validation.hpp.

/// The parts joined into one string, in one allocation. Preferred to `"literal" + std::string(…)`,
/// which is slower and on which GCC 12 warns falsely at -O2 (-Wrestrict, GCC bug 105329).
template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::string joined;
  joined.reserve((std::string_view(parts).size() + ...));
  (joined.append(std::string_view(parts)), ...);
  return joined;
}

/// The parts of `text` between the separators (one part more than there are separators).
std::vector<std::string_view> split(std::string_view text, char separator);

/// ASCII white space: what trim() takes off by default.
inline constexpr std::string_view kWhitespace = " \t\n\r\f\v";

/// `text` without the leading and trailing characters of `blanks`.
std::string_view trim(std::string_view text, std::string_view blanks = kWhitespace);

/// Whether `byte` continues a UTF-8 sequence (10xxxxxx) rather than starting a character.
constexpr bool is_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0U) == 0x80U;
}

/// `text` with ASCII letters in lower case and every other byte as it was, whatever the locale:
/// for header names, media types and file name extensions.
std::string to_lower_ascii(std::string_view text);

/// The number of characters (code points) in valid UTF-8.
std::size_t utf8_length(std::string_view text);

/// Where the UTF-8 character at or before byte `at` starts, so that a cut there splits none.
std::size_t character_start(std::string_view text, std::size_t at);

/// The code point at byte `pos`, moving `pos` past it; U+FFFD for a malformed sequence.
char32_t next_code_point(std::string_view text, std::size_t& pos);

/// How ascii_slug() marks where words met.
enum class WordBreak { kDash, kNone };

/// `text` as lower-case ASCII letters and digits: Latin letters are spelt without their marks
/// (æ as ae, ø as o, ß as ss) and anything else breaks words, which `word_break` joins with a
/// dash or not at all ("Åse Ødegård-Berg": "ase-odegard-berg" or "aseodegardberg").
std::string ascii_slug(std::string_view text, WordBreak word_break = WordBreak::kDash);

}  // namespace vern::text
