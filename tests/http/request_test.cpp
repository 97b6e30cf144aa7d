#include "http/request.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace vern::http {
namespace {

using Fields = std::map<std::string, std::string>;

TEST(RequestHelpers, UrlDecodeTurnsEscapesAndPlusIntoBytes) {
  EXPECT_EQ(url_decode("a%20b+c"), "a b c");
  EXPECT_EQ(url_decode("J%C3%B6rg"), "J\xC3\xB6rg");
  EXPECT_EQ(url_decode("%2b%2B"), "++");
  EXPECT_EQ(url_decode(""), "");
}

TEST(RequestHelpers, UrlDecodeKeepsInvalidEscapesAsTheyAre) {
  EXPECT_EQ(url_decode("%"), "%");
  EXPECT_EQ(url_decode("100%"), "100%");
  EXPECT_EQ(url_decode("%2"), "%2");
  EXPECT_EQ(url_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(url_decode("%%41"), "%A");
}

TEST(RequestHelpers, UrlDecodeCanProduceAnyByte) {
  EXPECT_EQ(url_decode("%00%FF"), std::string("\0\xFF", 2));
}

TEST(RequestHelpers, UrlDecodePathKeepsPlusLiteral) {
  EXPECT_EQ(url_decode_path("a+b%20c%2F"), "a+b c/");
}

TEST(RequestHelpers, UrlEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(url_encode("a b&c=d/e+f"), "a%20b%26c%3Dd%2Fe%2Bf");
  EXPECT_EQ(url_encode("\xC3\xB6"), "%C3%B6");
}

TEST(RequestHelpers, UrlEncodeRoundTripsEveryByte) {
  std::string every_byte;
  for (int byte = 0; byte < 256; ++byte) {
    every_byte.push_back(static_cast<char>(byte));
  }
  EXPECT_EQ(url_decode(url_encode(every_byte)), every_byte);
}

TEST(RequestHelpers, ParseUrlEncodedDecodesKeysAndValues) {
  EXPECT_EQ(parse_url_encoded("name=J%C3%B6rg+Berg&e%2Dmail=a%40b.no"),
            (Fields{{"name", "J\xC3\xB6rg Berg"}, {"e-mail", "a@b.no"}}));
}

TEST(RequestHelpers, ParseUrlEncodedLastRepeatedValueWins) {
  EXPECT_EQ(parse_url_encoded("a=1&a=2"), (Fields{{"a", "2"}}));
}

TEST(RequestHelpers, ParseUrlEncodedToleratesOddPairs) {
  EXPECT_EQ(parse_url_encoded("&&flag&=orphan&empty=&x=a=b&"),
            (Fields{{"flag", ""}, {"empty", ""}, {"x", "a=b"}}));
  EXPECT_TRUE(parse_url_encoded("").empty());
}

TEST(RequestHelpers, ParseCookieHeaderTrimsAndStripsQuotes) {
  EXPECT_EQ(parse_cookie_header("session=abc;  theme = \"dark\" ;lang=nb"),
            (Fields{{"session", "abc"}, {"theme", "dark"}, {"lang", "nb"}}));
}

TEST(RequestHelpers, ParseCookieHeaderFirstRepeatedNameWins) {
  EXPECT_EQ(parse_cookie_header("id=specific; id=general"), (Fields{{"id", "specific"}}));
}

TEST(RequestHelpers, ParseCookieHeaderSkipsMalformedPairs) {
  EXPECT_EQ(parse_cookie_header(";;novalue; =nameless; ok=1;"), (Fields{{"ok", "1"}}));
  EXPECT_EQ(parse_cookie_header("q=\""), (Fields{{"q", "\""}}));
}

TEST(RequestHelpers, ParsersSurviveArbitraryBytes) {
  std::mt19937 generator(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 64);
  for (int round = 0; round < 2000; ++round) {
    std::string input;
    const int size = length(generator);
    for (int i = 0; i < size; ++i) {
      // Bias towards the characters the parsers care about.
      constexpr std::string_view kSpecial = "%+=&;\" \t";
      const int value = byte(generator);
      input.push_back(value < 64 ? kSpecial[static_cast<std::size_t>(value) % kSpecial.size()]
                                 : static_cast<char>(value));
    }
    EXPECT_EQ(url_decode(url_encode(input)), input);
    static_cast<void>(url_decode(input));
    static_cast<void>(url_decode_path(input));
    static_cast<void>(parse_url_encoded(input));
    static_cast<void>(parse_cookie_header(input));
    Request request;
    request.headers["content-type"] = "application/x-www-form-urlencoded";
    request.headers["accept"] = input;
    request.body = input;
    static_cast<void>(request.form());
    static_cast<void>(request.wants_json());
  }
}

TEST(Request, MethodNamesRoundTrip) {
  for (const auto method : {Method::kGet, Method::kHead, Method::kPost, Method::kPut,
                            Method::kPatch, Method::kDelete, Method::kOptions}) {
    EXPECT_EQ(parse_method(to_string(method)), method);
  }
}

TEST(Request, UnknownOrLowerCaseMethodIsOther) {
  EXPECT_EQ(parse_method("get"), Method::kOther);
  EXPECT_EQ(parse_method("TRACE"), Method::kOther);
  EXPECT_EQ(parse_method(""), Method::kOther);
  EXPECT_EQ(to_string(Method::kOther), "OTHER");
}

TEST(Request, AccessorsReturnEmptyWhenAbsent) {
  Request request;
  request.headers["x-present"] = "yes";
  request.query["q"] = "find";
  request.cookies["session"] = "abc";
  request.path_params["id"] = "7";
  EXPECT_EQ(request.header("x-present"), "yes");
  EXPECT_EQ(request.header("x-absent"), "");
  EXPECT_EQ(request.query_param("q"), "find");
  EXPECT_EQ(request.query_param("page"), "");
  EXPECT_EQ(request.cookie("session"), "abc");
  EXPECT_EQ(request.cookie("other"), "");
  EXPECT_EQ(request.path_param("id"), "7");
  EXPECT_EQ(request.path_param("name"), "");
  EXPECT_EQ(request.form_field("anything"), "");
}

TEST(Request, FormParsesUrlEncodedBody) {
  Request request;
  request.headers["content-type"] = "Application/X-WWW-Form-Urlencoded; charset=UTF-8";
  request.body = "name=Kari+Nordmann&consent=on";
  EXPECT_EQ(request.form(), (Fields{{"name", "Kari Nordmann"}, {"consent", "on"}}));
  EXPECT_EQ(request.form_field("consent"), "on");
}

TEST(Request, FormIsEmptyForOtherContentTypes) {
  Request request;
  request.headers["content-type"] = "application/json";
  request.body = "name=x";
  EXPECT_TRUE(request.form().empty());
  Request without_type;
  without_type.body = "name=x";
  EXPECT_TRUE(without_type.form().empty());
}

TEST(Request, FormIsParsedOnce) {
  Request request;
  request.headers["content-type"] = "application/x-www-form-urlencoded";
  request.body = "a=1";
  const auto& first = request.form();
  request.body = "a=2";
  EXPECT_EQ(&request.form(), &first);
  EXPECT_EQ(request.form_field("a"), "1");
}

TEST(Request, WantsJsonUnderApiPath) {
  Request request;
  request.path = "/api/v1/persons";
  request.headers["accept"] = "text/html";
  EXPECT_TRUE(request.wants_json());
  request.path = "/apiary";
  EXPECT_FALSE(request.wants_json());
}

TEST(Request, WantsJsonWhenAcceptPrefersIt) {
  Request request;
  request.path = "/persons";
  request.headers["accept"] = "application/json";
  EXPECT_TRUE(request.wants_json());
  request.headers["accept"] = "text/html;q=0.5, application/problem+json";
  EXPECT_TRUE(request.wants_json());
  request.headers["accept"] = "text/html, application/json;q=0.9";
  EXPECT_FALSE(request.wants_json());
  request.headers["accept"] = "application/json;q=0";
  EXPECT_FALSE(request.wants_json());
}

TEST(Request, BrowserAcceptHeaderWantsHtml) {
  Request request;
  request.path = "/persons";
  request.headers["accept"] =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8";
  EXPECT_FALSE(request.wants_json());
  request.headers.clear();
  EXPECT_FALSE(request.wants_json());
}

}  // namespace
}  // namespace vern::http
