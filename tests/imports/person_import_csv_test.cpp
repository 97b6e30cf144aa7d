#include "imports/person_import_csv.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vern::imports {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Records = std::vector<std::vector<std::string>>;

/// Every record of `text`, each with the line it starts on.
std::pair<Records, std::vector<std::size_t>> read_all(const std::string& text,
                                                      std::size_t limit = kMaxCsvRecordBytes) {
  std::istringstream input(text);
  CsvReader reader(input, limit);
  Records records;
  std::vector<std::size_t> lines;
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    records.push_back(fields);
    lines.push_back(reader.line());
  }
  return {records, lines};
}

std::size_t error_line(const std::string& text, std::string* message = nullptr) {
  try {
    read_all(text, 32);
  } catch (const CsvError& error) {
    if (message != nullptr) {
      *message = error.what();
    }
    return error.line();
  }
  ADD_FAILURE() << "no CsvError for: " << text;
  return 0;
}

TEST(CsvReader, ReadsPlainRecordsWithEmptyFields) {
  const auto [records, lines] = read_all("a,b,c\n1,,3\n,,\n");
  EXPECT_THAT(records, ElementsAre(ElementsAre("a", "b", "c"), ElementsAre("1", "", "3"),
                                   ElementsAre("", "", "")));
  EXPECT_THAT(lines, ElementsAre(1, 2, 3));
}

TEST(CsvReader, QuotedFieldsHoldDelimitersQuotesAndLineBreaks) {
  const auto [records, lines] = read_all(
      "name,note\n\"Nordmann, Kari\",\"She said \"\"hei\"\"\"\n\"x\",\"two\nlines\"\nlast,one\n");
  EXPECT_THAT(records, ElementsAre(ElementsAre("name", "note"),
                                   ElementsAre("Nordmann, Kari", "She said \"hei\""),
                                   ElementsAre("x", "two\nlines"), ElementsAre("last", "one")));
  // The record after the one with a line break inside starts a line later.
  EXPECT_THAT(lines, ElementsAre(1, 2, 3, 5));
}

TEST(CsvReader, AcceptsCrLfAByteOrderMarkAndNoFinalLineBreak) {
  const auto [records, lines] = read_all(
      "\xEF\xBB\xBF"
      "first_name,city\r\nÅse,Tromsø\r\nOla,Bodø");
  EXPECT_THAT(records, ElementsAre(ElementsAre("first_name", "city"), ElementsAre("Åse", "Tromsø"),
                                   ElementsAre("Ola", "Bodø")));
  EXPECT_THAT(lines, ElementsAre(1, 2, 3));
}

TEST(CsvReader, UsesSemicolonsWhenTheFirstLineHasNoComma) {
  std::istringstream input("fornavn;antall\nKari;\"3,5\"\nOla;4,5\n");
  CsvReader reader(input);
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(reader.delimiter(), ';');
  ASSERT_TRUE(reader.next(fields));
  EXPECT_THAT(fields, ElementsAre("Kari", "3,5"));
  ASSERT_TRUE(reader.next(fields));
  EXPECT_THAT(fields, ElementsAre("Ola", "4,5"));
}

TEST(CsvReader, KeepsCommasWhenTheFirstLineHasOne) {
  const auto [records, lines] = read_all("a,b;c\n1,2;3\n");
  EXPECT_THAT(records, ElementsAre(ElementsAre("a", "b;c"), ElementsAre("1", "2;3")));
}

TEST(CsvReader, SkipsEmptyLinesButCountsThem) {
  const auto [records, lines] = read_all("a,b\n\n1,2\r\n\r\n3,4\n\n");
  EXPECT_THAT(records,
              ElementsAre(ElementsAre("a", "b"), ElementsAre("1", "2"), ElementsAre("3", "4")));
  EXPECT_THAT(lines, ElementsAre(1, 3, 5));
}

TEST(CsvReader, ReturnsRaggedRecordsAsTheyAre) {
  const auto [records, lines] = read_all("a,b,c\n1,2\n1,2,3,4\n");
  EXPECT_EQ(records[1].size(), 2U);
  EXPECT_EQ(records[2].size(), 4U);
}

TEST(CsvReader, AQuoteInsideAnUnquotedFieldIsText) {
  const auto [records, lines] = read_all("a,b\n5\" pipe,x\n");
  EXPECT_THAT(records[1], ElementsAre("5\" pipe", "x"));
}

TEST(CsvReader, NamesTheLineOfAQuoteLeftOpen) {
  std::string message;
  EXPECT_EQ(error_line("a,b\n1,2\n3,\"open\n\n", &message), 3U);
  EXPECT_THAT(message, HasSubstr("not closed"));
}

TEST(CsvReader, NamesTheLineOfTextAfterAClosingQuote) {
  std::string message;
  EXPECT_EQ(error_line("a,b\n\"x\"y,2\n", &message), 2U);
  EXPECT_THAT(message, HasSubstr("after the closing quote"));
}

TEST(CsvReader, NamesTheLineOfARecordOverTheLimit) {
  std::string message;
  EXPECT_EQ(error_line("a,b\n1,2\n" + std::string(40, 'x') + "\n", &message), 3U);
  EXPECT_THAT(message, HasSubstr("longer than"));
}

TEST(CsvReader, ReadsRecordsLongerThanItsBufferAndCountsBytes) {
  const std::string long_value(60'000, 'v');
  std::istringstream input("a,b\n\"" + long_value + "\",2\n");
  CsvReader reader(input);
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.next(fields));
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(fields.at(0), long_value);
  EXPECT_FALSE(reader.next(fields));
  EXPECT_EQ(reader.bytes_read(), input.str().size());
}

TEST(CsvReader, AnEmptyInputHasNoRecords) {
  EXPECT_TRUE(read_all("").first.empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").first.empty());
  EXPECT_TRUE(read_all("\n\n").first.empty());
}

}  // namespace
}  // namespace vern::imports
