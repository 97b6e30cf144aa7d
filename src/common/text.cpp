#include "common/text.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace vern::text {
namespace {

/// The ASCII spelling of a Latin letter, lower case; empty for anything else (a word break).
std::string_view ascii_letters(char32_t code_point) {
  if ((code_point >= U'a' && code_point <= U'z') || (code_point >= U'0' && code_point <= U'9')) {
    static constexpr std::string_view kAscii = "abcdefghijklmnopqrstuvwxyz0123456789";
    const auto at = code_point <= U'9' ? 26 + (code_point - U'0') : code_point - U'a';
    return kAscii.substr(at, 1);
  }
  if (code_point >= U'A' && code_point <= U'Z') {
    return ascii_letters(code_point - U'A' + U'a');
  }
  // U+00C0 to U+00FF: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß, then the
  // same letters in lower case with ÷ in place of × and ÿ in place of ß.
  static constexpr std::array<std::string_view, 64> kLatin1{
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  // clang-format off
  static constexpr std::array<std::pair<char32_t, std::string_view>, 14> kOthers{{
      {U'Č', "c"}, {U'č', "c"}, {U'Ł', "l"}, {U'ł', "l"}, {U'Œ', "oe"}, {U'œ', "oe"},
      {U'Š', "s"}, {U'š', "s"}, {U'Ž', "z"}, {U'ž', "z"}, {U'Ő', "o"}, {U'ő', "o"},
      {U'Ű', "u"}, {U'ű', "u"}}};
  // clang-format on
  if (code_point >= U'\u00C0' && code_point <= U'\u00FF') {
    return kLatin1[code_point - U'\u00C0'];
  }
  for (const auto& [letter, spelling] : kOthers) {
    if (letter == code_point) {
      return spelling;
    }
  }
  return {};
}

}  // namespace

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t end = text.find(separator); end != std::string_view::npos;
       end = text.find(separator, start)) {
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

std::string_view trim(std::string_view text, std::string_view blanks) {
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(blanks);
  return text.substr(first, last - first + 1);
}

std::string to_lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& character : lower) {
    if (character >= 'A' && character <= 'Z') {
      character = static_cast<char>(character - 'A' + 'a');
    }
  }
  return lower;
}

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char byte) { return !is_continuation(byte); }));
}

std::size_t character_start(std::string_view text, std::size_t at) {
  while (at > 0 && at < text.size() && is_continuation(text[at])) {
    --at;
  }
  return at;
}

char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos++]);
  if (lead < 0x80U) {
    return lead;
  }
  const std::size_t length = lead >= 0xF0U ? 3 : lead >= 0xE0U ? 2 : lead >= 0xC0U ? 1 : 0;
  char32_t code_point = lead & (0x3FU >> length);
  for (std::size_t i = 0; i < length; ++i) {
    if (pos >= text.size() || !is_continuation(text[pos])) {
      return U'\uFFFD';
    }
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[pos++]) & 0x3FU);
  }
  return length == 0 ? U'\uFFFD' : code_point;
}

std::string ascii_slug(std::string_view text, WordBreak word_break) {
  std::string slug;
  bool separated = false;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::string_view ascii = ascii_letters(next_code_point(text, pos));
    if (ascii.empty()) {
      separated = !slug.empty();
      continue;
    }
    if (separated && word_break == WordBreak::kDash) {
      slug.push_back('-');
    }
    separated = false;
    slug.append(ascii);
  }
  return slug;
}

}  // namespace vern::text
