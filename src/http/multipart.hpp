#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vern::http {

inline constexpr std::string_view kMultipartFormData = "multipart/form-data";

/// Bounds on what one body may hold, so that hostile input allocates no more than these allow
/// (the body itself is bounded by the server).
struct MultipartLimits {
  std::size_t max_parts = 100;
  std::size_t max_header_bytes = 8 * 1024;  // the header block of one part
};

/// One part of a multipart/form-data body (RFC 7578): a form field, or a file when it has a
/// filename.
struct MultipartPart {
  std::string name;                     // the Content-Disposition name
  std::optional<std::string> filename;  // set for a file input; "" when no file was chosen
  std::string content_type;             // as sent; "" when the part has none (text/plain)
  std::string_view content;             // points into the parsed body
};

/// True when a Content-Type header names multipart/form-data (in any case, with parameters).
bool is_multipart_form(std::string_view content_type);

/// The boundary parameter of a multipart/form-data Content-Type, unquoted. Throws vern::Error
/// (kBadRequest) when the type is another one or the boundary is missing or not valid (1 to 70
/// characters of RFC 2046's set).
std::string multipart_boundary(std::string_view content_type);

/// Splits a multipart/form-data body into its parts, strictly: lines end in CRLF, every part
/// has a Content-Disposition "form-data" with a name, and the body ends with the closing
/// boundary (a preamble before the first boundary and an epilogue after the last are ignored).
/// A line that starts with the boundary but goes on with anything else is content. Throws
/// vern::Error (kBadRequest) naming the problem; the views of the parts point into `body`.
std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary,
                                           const MultipartLimits& limits = {});

}  // namespace vern::http
