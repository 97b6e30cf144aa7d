#include "mail/message.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "support/quoted_printable.hpp"

namespace vern::mail {
namespace {

using vern::testing::error_from;

Message sample() {
  Message message;
  message.from = {"post@vern.example", "Vern"};
  message.to = {"kari@example.no", "Kari Nordmann"};
  message.subject = "Your data";
  message.text = "Hello Kari,\nhere is your link.\n";
  message.message_id = "abc123@vern.example";
  message.date = 1'700'000'000;
  return message;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> found;
  std::size_t start = 0;
  for (std::size_t at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", start)) {
    found.push_back(text.substr(start, at - start));
    start = at + 2;
  }
  found.push_back(text.substr(start));
  return found;
}

std::string unbase64(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const auto value = kAlphabet.find(c);
    if (value == std::string::npos) {
      continue;
    }
    buffer = (buffer << 6U) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  return out;
}

// The text of a header's encoded words, decoded and joined.
std::string decode_words(const std::string& value) {
  std::string out;
  for (std::size_t at = value.find("=?UTF-8?B?"); at != std::string::npos;
       at = value.find("=?UTF-8?B?", at)) {
    const std::size_t end = value.find("?=", at + 10);
    out += unbase64(value.substr(at + 10, end - at - 10));
    at = end + 2;
  }
  return out;
}

TEST(MailMessage, APlainMessageHasEveryHeaderAndOnlyCrlfLineEnds) {
  const std::string composed = compose(sample());
  EXPECT_EQ(composed.find("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"), 0U);
  EXPECT_NE(composed.find("\r\nFrom: \"Vern\" <post@vern.example>\r\n"), std::string::npos);
  EXPECT_NE(composed.find("\r\nTo: \"Kari Nordmann\" <kari@example.no>\r\n"), std::string::npos);
  EXPECT_NE(composed.find("\r\nSubject: Your data\r\n"), std::string::npos);
  EXPECT_NE(composed.find("\r\nMessage-ID: <abc123@vern.example>\r\n"), std::string::npos);
  EXPECT_NE(composed.find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(composed.find("\r\nContent-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(composed.find("\r\nContent-Transfer-Encoding: quoted-printable\r\n"),
            std::string::npos);
  EXPECT_NE(composed.find("\r\n\r\nHello Kari,\r\nhere is your link.\r\n"), std::string::npos);
  for (std::size_t i = 0; i < composed.size(); ++i) {
    if (composed[i] == '\n') {
      ASSERT_GT(i, 0U);
      EXPECT_EQ(composed[i - 1], '\r') << "bare LF at " << i;
    }
  }
}

TEST(MailMessage, NonAsciiSubjectsAndNamesAreEncodedWordsThatFoldAndRoundTrip) {
  Message message = sample();
  message.to.name = "Åse Ødegård";
  message.subject =
      std::string("Dine personopplysninger hos Fjordbygg – lenke til personvernportalen, ") +
      "gyldig i 48 timer 🔒 æøå ÆØÅ";
  const std::string composed = compose(message);
  const auto all = lines(composed);
  std::string subject;
  std::string to;
  bool in_subject = false;
  bool in_to = false;
  for (const std::string& line : all) {
    if (line.empty()) {
      break;  // the body starts
    }
    EXPECT_LE(line.size(), 76U) << line;
    const bool folded = line[0] == ' ';
    in_subject = line.rfind("Subject: ", 0) == 0 || (in_subject && folded);
    in_to = line.rfind("To: ", 0) == 0 || (in_to && folded);
    if (in_subject) {
      subject += line;
    }
    if (in_to) {
      to += line;
    }
  }
  EXPECT_EQ(decode_words(subject), message.subject);
  EXPECT_EQ(decode_words(to), message.to.name);
  EXPECT_NE(to.find("<kari@example.no>"), std::string::npos);
  // Every word holds whole characters.
  for (std::size_t at = subject.find("=?UTF-8?B?"); at != std::string::npos;
       at = subject.find("=?UTF-8?B?", at + 1)) {
    const std::string word = unbase64(subject.substr(at + 10, subject.find("?=", at) - at - 10));
    EXPECT_NE((static_cast<unsigned char>(word.front()) & 0xC0U), 0x80U);
  }
}

TEST(MailMessage, QuotedPrintableKeepsLinesShortAndEscapesWhatItMust) {
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(quoted_printable("trailing \nspace"), "trailing=20\r\nspace");
  EXPECT_EQ(quoted_printable("tab\t"), "tab=09");
  EXPECT_EQ(quoted_printable("blåbær"), "bl=C3=A5b=C3=A6r");
  EXPECT_EQ(quoted_printable("one\r\ntwo\nthree"), "one\r\ntwo\r\nthree");
  EXPECT_EQ(quoted_printable("lone\rcr"), "lone=0Dcr");
  const std::string long_line(300, 'x');
  const std::string encoded = quoted_printable(long_line + "æ" + long_line);
  for (const std::string& line : lines(encoded)) {
    EXPECT_LE(line.size(), 76U);
  }
  EXPECT_EQ(vern::testing::decode_quoted_printable(encoded), long_line + "æ" + long_line);
}

TEST(MailMessage, AnHtmlPartMakesMultipartAlternative) {
  Message message = sample();
  message.html = "<p>Hello <b>Kari</b> — <a href=\"https://x.example/p/t\">portal</a></p>";
  const std::string composed = compose(message);
  const auto type = composed.find("Content-Type: multipart/alternative; boundary=\"");
  ASSERT_NE(type, std::string::npos);
  const auto start = type + std::string("Content-Type: multipart/alternative; boundary=\"").size();
  const std::string boundary = composed.substr(start, composed.find('"', start) - start);
  const auto plain = composed.find("--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8");
  const auto html = composed.find("--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8");
  const auto end = composed.find("--" + boundary + "--\r\n");
  ASSERT_NE(plain, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  EXPECT_LT(plain, html);
  EXPECT_LT(html, end);
  const auto body = composed.find("\r\n\r\n", html) + 4;
  EXPECT_EQ(vern::testing::decode_quoted_printable(composed.substr(body, end - 2 - body)),
            *message.html);
}

TEST(MailMessage, NoHeaderCanBeInjected) {
  for (const auto& [change, field] :
       std::vector<std::pair<std::function<void(Message&)>, std::string>>{
           {[](Message& m) { m.subject = "Hi\r\nBcc: victim@example.com"; }, "subject"},
           {[](Message& m) { m.subject = "Hi\nBcc: victim@example.com"; }, "subject"},
           {[](Message& m) { m.subject = "Hi\rX: y"; }, "subject"},
           {[](Message& m) { m.to.name = "Kari\r\nBcc: victim@example.com"; }, "to.name"},
           {[](Message& m) { m.to.address = "kari@example.no\r\nBcc: v@example.com"; },
            "to.address"},
           {[](Message& m) { m.from.address = "not an address"; }, "from.address"},
           {[](Message& m) { m.to.address = "åse@example.no"; }, "to.address"},
           {[](Message& m) {
              m.reply_to = Mailbox{"x@example.no\n", ""};
            },
            "reply_to.address"},
           {[](Message& m) { m.message_id = "a b@c"; }, "message_id"},
           {[](Message& m) { m.subject = "bad \xff utf-8"; }, "subject"},
           {[](Message& m) { m.text = "bad \xc3 utf-8"; }, "text"},
       }) {
    Message message = sample();
    change(message);
    const Error error = error_from([&] { compose(message); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalid) << field;
    ASSERT_EQ(error.field_errors().size(), 1U) << field;
    EXPECT_EQ(error.field_errors()[0].field, field);
  }
}

TEST(MailMessage, MessageIdsAreRandomAndDatesAreRfc5322) {
  const std::string one = new_message_id("vern.example");
  EXPECT_NE(one, new_message_id("vern.example"));
  EXPECT_EQ(one.substr(one.find('@')), "@vern.example");
  EXPECT_GE(one.find('@'), 20U);
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(1'803'206'400), "Sun, 21 Feb 2027 10:40:00 +0000");
}

}  // namespace
}  // namespace vern::mail
