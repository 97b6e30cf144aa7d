#include "common/text.hpp"

#include <gtest/gtest.h>

namespace vern::text {
namespace {

TEST(Text, ConcatJoinsEveryPart) {
  const std::string owned = "b";
  EXPECT_EQ(concat("a", owned, std::string_view("c"), ""), "abc");
}

TEST(Text, SplitGivesEveryPartEmptyOnesToo) {
  EXPECT_EQ(split("a,b,,c", ','), (std::vector<std::string_view>{"a", "b", "", "c"}));
  EXPECT_EQ(split("", ','), std::vector<std::string_view>{""});
  EXPECT_EQ(split("remove.g2.r1", '.'), (std::vector<std::string_view>{"remove", "g2", "r1"}));
}

TEST(Text, TrimDropsSurroundingWhiteSpaceOnly) {
  EXPECT_EQ(trim("  Kari Nordmann \t\n"), "Kari Nordmann");
  EXPECT_EQ(trim("a"), "a");
}

TEST(Text, TrimTakesWhiteSpaceOrTheGivenBlanks) {
  EXPECT_EQ(trim(" \t Kari \r\n"), "Kari");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("\n a b \n", " \t"), "\n a b \n");
  EXPECT_EQ(trim(" \t a b \t", " \t"), "a b");
}

TEST(Text, Utf8LengthCountsCharactersNotBytes) {
  EXPECT_EQ(utf8_length("æøå"), 3U);
  EXPECT_EQ(utf8_length("Ødegård"), 7U);
  EXPECT_EQ(utf8_length("Åse 🙂"), 5U);
  EXPECT_EQ(utf8_length(""), 0U);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1U);  // one emoji, four bytes
}

TEST(Text, CharacterStartNeverSplitsACharacter) {
  const std::string_view text = "aæb";  // a, then æ as C3 A6, then b
  EXPECT_EQ(character_start(text, 0), 0U);
  EXPECT_EQ(character_start(text, 1), 1U);
  EXPECT_EQ(character_start(text, 2), 1U);
  EXPECT_EQ(character_start(text, 3), 3U);
}

TEST(Text, NextCodePointReadsAndReplacesMalformedSequences) {
  std::size_t pos = 0;
  const std::string_view text = "ø\xC3";
  EXPECT_EQ(next_code_point(text, pos), U'ø');
  EXPECT_EQ(pos, 2U);
  EXPECT_EQ(next_code_point(text, pos), U'\uFFFD');
  pos = 0;
  EXPECT_EQ(next_code_point("\x80", pos), U'\uFFFD');
}

TEST(Text, SlugsFoldNordicLettersAndJoinWordsWithADash) {
  EXPECT_EQ(ascii_slug("Åse Ødegård-Berg"), "ase-odegard-berg");
  EXPECT_EQ(ascii_slug("  Straße, Œuvre & Łuk "), "strasse-oeuvre-luk");
  EXPECT_EQ(ascii_slug("Łódź"), "lod");  // ź has no spelling here: it breaks the word
  EXPECT_EQ(ascii_slug("李"), "");
}

TEST(Text, SlugsWithoutWordBreaksAsDemoAddressesUseThem) {
  EXPECT_EQ(ascii_slug("Bjørn Ødegård", WordBreak::kNone), "bjornodegard");
  EXPECT_EQ(ascii_slug("Sæther", WordBreak::kNone), "saether");
  EXPECT_EQ(ascii_slug("Jääskeläinen", WordBreak::kNone), "jaaskelainen");
  EXPECT_EQ(ascii_slug("Linnéa", WordBreak::kNone), "linnea");
  EXPECT_EQ(ascii_slug("A/S Ø-Bro", WordBreak::kNone), "asobro");
}

}  // namespace
}  // namespace vern::text
