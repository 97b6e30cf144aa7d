#include "http/multipart.hpp"

#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "common/expect_error.hpp"
#include "http/request.hpp"

namespace vern::http {
namespace {

using vern::testing::error_from;

constexpr std::string_view kBoundary = "AaB03x";

std::string field_part(const std::string& name, const std::string& value) {
  return "--AaB03x\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
         "\r\n";
}

std::string file_part(const std::string& name, const std::string& filename,
                      const std::string& content) {
  return "--AaB03x\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" +
         filename + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n";
}

constexpr std::string_view kEnd = "--AaB03x--\r\n";

/// The one part of `body` (the test fails when there are more or none). Its content points into
/// `body`, which must therefore outlive it.
MultipartPart only_part(const std::string& body, std::string_view boundary = kBoundary) {
  auto parts = parse_multipart(body, boundary);
  EXPECT_EQ(parts.size(), 1U);
  return parts.empty() ? MultipartPart{} : std::move(parts.front());
}
MultipartPart only_part(std::string&& body, std::string_view boundary = kBoundary) = delete;

/// The message of the kBadRequest that parsing `body` throws.
std::string rejection(const std::string& body, const MultipartLimits& limits = {}) {
  const Error error = error_from([&] { parse_multipart(body, kBoundary, limits); });
  EXPECT_EQ(error.kind(), ErrorKind::kBadRequest);
  return error.what();
}

TEST(Multipart, WellFormedBodyGivesItsField) {
  const std::string body = field_part("csrf", "token") + std::string(kEnd);
  const auto part = only_part(body);
  EXPECT_EQ(part.name, "csrf");
  EXPECT_FALSE(part.filename.has_value());
  EXPECT_EQ(part.content_type, "");
  EXPECT_EQ(part.content, "token");
}

TEST(Multipart, SeveralPartsKeepTheirOrderNamesFilesAndTypes) {
  const std::string body =
      field_part("csrf", "token") + file_part("file", "persons.csv", "email\r\na@example.org\r\n") +
      field_part("empty", "") + field_part("mode", "check") + std::string(kEnd);
  const auto parts = parse_multipart(body, kBoundary);
  ASSERT_EQ(parts.size(), 4U);
  EXPECT_EQ(parts[1].name, "file");
  EXPECT_EQ(parts[1].filename, "persons.csv");
  EXPECT_EQ(parts[1].content_type, "text/csv");
  EXPECT_EQ(parts[1].content, "email\r\na@example.org\r\n");
  EXPECT_EQ(parts[2].name, "empty");
  EXPECT_EQ(parts[2].content, "");
  EXPECT_EQ(parts[3].content, "check");
}

TEST(Multipart, AFileInputWithoutAFileHasAnEmptyFilename) {
  const std::string body = file_part("file", "", "") + std::string(kEnd);
  EXPECT_EQ(only_part(body).filename, "");
}

TEST(Multipart, ContentKeepsEveryByte) {
  const std::string binary("a\0b\r\n\xFF\r\r\n--", 11);
  const std::string body = file_part("file", "x.bin", binary) + std::string(kEnd);
  EXPECT_EQ(only_part(body).content, binary);
}

TEST(Multipart, BoundaryInsideContentIsContentUnlessItStartsALineAndEndsIt) {
  // The boundary in the middle of a line, and at the start of a line that goes on, are content.
  const std::string content = "x--AaB03x\r\n--AaB03xyz\r\n--AaB03x-\r\nend";
  const std::string body = file_part("file", "a.csv", content) + std::string(kEnd);
  EXPECT_EQ(only_part(body).content, content);
}

TEST(Multipart, PreambleEpilogueAndTransportPaddingAreIgnored) {
  const std::string body =
      "This is a preamble.\r\n--AaB03x  \r\n"
      "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
      "--AaB03x--\r\nThis is an epilogue.";
  EXPECT_EQ(only_part(body).content, "1");
}

TEST(Multipart, HeaderNamesAndParametersIgnoreCaseAndOrder) {
  const std::string body =
      "--AaB03x\r\ncontent-type: text/plain\r\nCONTENT-DISPOSITION: Form-Data; FileName=\"b.csv\"; "
      "NAME=file\r\nX-Other: ignored\r\n\r\nb\r\n--AaB03x--";
  const auto part = only_part(body);
  EXPECT_EQ(part.name, "file");
  EXPECT_EQ(part.filename, "b.csv");
  EXPECT_EQ(part.content_type, "text/plain");
}

TEST(Multipart, NonAsciiFilenameIsKeptAsUtf8) {
  // Browsers send the name as UTF-8 within the quotes, with a quote as %22.
  const std::string filename = "Kunder \xC3\xA6\xC3\xB8\xC3\xA5 %22ny%22;1.csv";
  const std::string body = file_part("file", filename, "x") + std::string(kEnd);
  EXPECT_EQ(only_part(body).filename, filename);
}

TEST(Multipart, BackslashEscapesAQuoteInAFilename) {
  const std::string body =
      "--AaB03x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\\\"b\\\\c\\d.csv\""
      "\r\n\r\nx\r\n--AaB03x--";
  EXPECT_EQ(only_part(body).filename, "a\"b\\c\\d.csv");
}

TEST(Multipart, TruncatedBodiesAreRejected) {
  const std::string whole =
      file_part("file", "a.csv", "email\r\na@example.org") + std::string(kEnd);
  EXPECT_NE(rejection(whole.substr(0, whole.size() - 4)).find("closing boundary"),
            std::string::npos);
  EXPECT_NE(rejection(whole.substr(0, 40)).find("cut off"), std::string::npos);
  EXPECT_NE(rejection(field_part("a", "1")).find("closing boundary"), std::string::npos);
  EXPECT_NE(rejection("").find("boundary"), std::string::npos);
}

TEST(Multipart, LinesMustEndInCrlf) {
  const std::string body =
      "--AaB03x\nContent-Disposition: form-data; name=\"a\"\n\n1\n--AaB03x--\n";
  EXPECT_NE(rejection(body).find("CRLF"), std::string::npos);
}

TEST(Multipart, PartsWithoutAFormDataNameAreRejected) {
  EXPECT_NE(rejection("--AaB03x\r\n\r\nx\r\n--AaB03x--").find("Content-Disposition"),
            std::string::npos);
  EXPECT_NE(rejection("--AaB03x\r\nContent-Type: text/plain\r\n\r\nx\r\n--AaB03x--")
                .find("Content-Disposition"),
            std::string::npos);
  EXPECT_NE(rejection("--AaB03x\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n"
                      "--AaB03x--")
                .find("form-data"),
            std::string::npos);
  EXPECT_NE(
      rejection("--AaB03x\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--AaB03x--")
          .find("no name"),
      std::string::npos);
  EXPECT_NE(rejection("--AaB03x\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--AaB03x--")
                .find("Content-Disposition"),
            std::string::npos);
  EXPECT_NE(rejection("--AaB03x\r\nno colon here\r\n\r\nx\r\n--AaB03x--").find("malformed"),
            std::string::npos);
}

TEST(Multipart, LimitsBoundPartsAndHeaders) {
  MultipartLimits limits;
  limits.max_parts = 2;
  limits.max_header_bytes = 64;
  const std::string three =
      field_part("a", "1") + field_part("b", "2") + field_part("c", "3") + std::string(kEnd);
  EXPECT_NE(rejection(three, limits).find("more than 2 parts"), std::string::npos);
  const std::string long_header =
      "--AaB03x\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + std::string(100, 'y') +
      "\r\n\r\n1\r\n--AaB03x--";
  EXPECT_NE(rejection(long_header, limits).find("more than 64 bytes"), std::string::npos);
}

TEST(MultipartBoundary, ComesFromTheContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=AaB03x"), "AaB03x");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;charset=utf-8;BOUNDARY=----WebKit12"),
            "----WebKit12");
}

TEST(MultipartBoundary, QuotedBoundaryIsUnquoted) {
  const std::string boundary = multipart_boundary(R"(multipart/form-data; boundary="a b:c=d?")");
  EXPECT_EQ(boundary, "a b:c=d?");
  const std::string body =
      "--a b:c=d?\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"
      "--a b:c=d?--\r\n";
  EXPECT_EQ(only_part(body, boundary).content, "1");
}

TEST(MultipartBoundary, MissingOrInvalidBoundaryIsABadRequest) {
  const auto message = [](const std::string& content_type) {
    const Error error = error_from([&] { multipart_boundary(content_type); });
    EXPECT_EQ(error.kind(), ErrorKind::kBadRequest);
    return std::string(error.what());
  };
  EXPECT_NE(message("multipart/form-data").find("no boundary"), std::string::npos);
  EXPECT_NE(message("multipart/form-data; boundary=").find("no boundary"), std::string::npos);
  EXPECT_NE(message("multipart/form-data; boundary=\"\"").find("no boundary"), std::string::npos);
  EXPECT_NE(message("multipart/form-data; boundary=" + std::string(71, 'a')).find("not valid"),
            std::string::npos);
  EXPECT_NE(message("multipart/form-data; boundary=\"a<b\"").find("not valid"), std::string::npos);
  EXPECT_NE(message("multipart/form-data; boundary=\"ends in space \"").find("not valid"),
            std::string::npos);
  EXPECT_NE(message("multipart/form-data; boundary=\"open").find("cannot be read"),
            std::string::npos);
  EXPECT_NE(message("text/plain; boundary=a").find("not multipart"), std::string::npos);
}

TEST(MultipartBoundary, IsMultipartFormLooksAtTheMediaTypeOnly) {
  EXPECT_TRUE(is_multipart_form("multipart/form-data; boundary=a"));
  EXPECT_TRUE(is_multipart_form(" MULTIPART/FORM-DATA"));
  EXPECT_FALSE(is_multipart_form("multipart/mixed; boundary=a"));
  EXPECT_FALSE(is_multipart_form("application/x-www-form-urlencoded"));
  EXPECT_FALSE(is_multipart_form(""));
}

Request multipart_request(const std::string& body) {
  Request request;
  request.method = Method::kPost;
  request.headers["content-type"] = "multipart/form-data; boundary=AaB03x";
  request.body = body;
  return request;
}

TEST(RequestMultipartForm, FieldsAndFilesComeFromTheParts) {
  const Request request =
      multipart_request(field_part("csrf", "token") + file_part("file", "a.csv", "email\r\n") +
                        field_part("csrf", "later") + std::string(kEnd));
  EXPECT_EQ(request.form_field("csrf"), "later");
  EXPECT_EQ(request.form().count("file"), 0U);
  const UploadedFile* file = request.form_file("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "a.csv");
  EXPECT_EQ(file->content_type, "text/csv");
  EXPECT_EQ(file->content, "email\r\n");
  EXPECT_EQ(request.form_file("other"), nullptr);
}

TEST(RequestMultipartForm, AMalformedBodyIsABadRequest) {
  const Request request = multipart_request(field_part("csrf", "token"));
  EXPECT_EQ(error_from([&] { request.form(); }).kind(), ErrorKind::kBadRequest);
}

TEST(RequestMultipartForm, UrlEncodedFormsHaveNoFiles) {
  Request request;
  request.headers["content-type"] = "application/x-www-form-urlencoded";
  request.body = "file=a.csv&csrf=t";
  EXPECT_EQ(request.form_field("csrf"), "t");
  EXPECT_EQ(request.form_file("file"), nullptr);
}

}  // namespace
}  // namespace vern::http
