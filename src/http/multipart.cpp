#include "http/multipart.hpp"

#include <algorithm>
#include <map>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "http/request.hpp"

namespace vern::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHeaderEnd = "\r\n\r\n";
constexpr std::string_view kCloseMark = "--";
constexpr std::size_t kMaxBoundaryLength = 70;  // RFC 2046 5.1.1
constexpr std::string_view kBoundaryPunctuation = "'()+_,-./:=? ";

/// A header value split into its first word and its parameters: `form-data; name="a"`.
struct HeaderValue {
  std::string value;                              // lower case
  std::map<std::string, std::string> parameters;  // names in lower case
};

/// Where a delimiter leaves the body: the start of the next part, or the end.
struct Delimiter {
  std::size_t next = 0;
  bool closing = false;
};

[[noreturn]] void reject(const std::string& message) {
  throw Error(ErrorKind::kBadRequest, message);
}

bool is_blank(char character) {
  return character == ' ' || character == '\t';
}

std::size_t skip_blanks(std::string_view text, std::size_t at) {
  while (at < text.size() && is_blank(text[at])) {
    ++at;
  }
  return at;
}

bool is_boundary_character(char character) {
  return (character >= 'A' && character <= 'Z') || (character >= 'a' && character <= 'z') ||
         (character >= '0' && character <= '9') ||
         kBoundaryPunctuation.find(character) != std::string_view::npos;
}

bool is_valid_boundary(std::string_view boundary) {
  return !boundary.empty() && boundary.size() <= kMaxBoundaryLength && boundary.back() != ' ' &&
         std::all_of(boundary.begin(), boundary.end(), is_boundary_character);
}

/// Reads a quoted parameter value from just after its opening quote. As browsers send them
/// (HTML's form encoding), quotes inside are escaped as %22 and stay so; a backslash escapes
/// only a quote or a backslash, as some other clients write them.
std::optional<std::string> quoted_value(std::string_view text, std::size_t& at) {
  std::string value;
  for (; at < text.size() && text[at] != '"'; ++at) {
    if (text[at] == '\\' && at + 1 < text.size() && (text[at + 1] == '"' || text[at + 1] == '\\')) {
      ++at;
    }
    value.push_back(text[at]);
  }
  if (at == text.size()) {
    return std::nullopt;
  }
  ++at;
  return value;
}

/// Parses `word; name=token; name="quoted"`; nullopt when malformed. The first of a repeated
/// parameter wins.
std::optional<HeaderValue> parse_header_value(std::string_view text) {
  HeaderValue parsed;
  const auto semicolon = text.find(';');
  parsed.value = text::to_lower_ascii(text::trim(text.substr(0, semicolon)));
  std::size_t at = semicolon == std::string_view::npos ? text.size() : semicolon + 1;
  while ((at = skip_blanks(text, at)) < text.size()) {
    const auto equals = text.find('=', at);
    if (equals == std::string_view::npos) {
      return std::nullopt;
    }
    std::string name = text::to_lower_ascii(text::trim(text.substr(at, equals - at)));
    at = skip_blanks(text, equals + 1);
    std::optional<std::string> value;
    if (at < text.size() && text[at] == '"') {
      ++at;
      value = quoted_value(text, at);
    } else {
      const auto end = std::min(text.find(';', at), text.size());
      value = std::string(text::trim(text.substr(at, end - at)));
      at = end;
    }
    at = skip_blanks(text, at);
    if (!value || name.empty() || (at < text.size() && text[at] != ';')) {
      return std::nullopt;
    }
    parsed.parameters.emplace(std::move(name), std::move(*value));
    ++at;
  }
  return parsed;
}

/// Whether "--boundary" at `at` is a delimiter: followed by "--" (the closing one), or by
/// optional blanks and CRLF. Anything else makes it content that only begins like one.
std::optional<Delimiter> delimiter_at(std::string_view body, std::size_t at,
                                      std::size_t dash_boundary_size) {
  const std::size_t after = at + dash_boundary_size;
  if (body.substr(after).starts_with(kCloseMark)) {
    return Delimiter{body.size(), true};
  }
  const std::size_t line_end = skip_blanks(body, after);
  if (body.substr(line_end).starts_with(kCrlf)) {
    return Delimiter{line_end + kCrlf.size(), false};
  }
  return std::nullopt;
}

/// The next "CRLF--boundary" delimiter from `from`: its position and where it leads.
std::optional<std::pair<std::size_t, Delimiter>> next_delimiter(std::string_view body,
                                                                std::size_t from,
                                                                std::string_view crlf_boundary) {
  for (auto at = body.find(crlf_boundary, from); at != std::string_view::npos;
       at = body.find(crlf_boundary, at + 1)) {
    if (auto delimiter = delimiter_at(body, at + kCrlf.size(), crlf_boundary.size() - 2)) {
      return std::pair{at, *delimiter};
    }
  }
  return std::nullopt;
}

void read_disposition(std::string_view value, MultipartPart& part) {
  const auto disposition = parse_header_value(value);
  if (!disposition) {
    reject("A part of the form data has a Content-Disposition header that cannot be read.");
  }
  if (disposition->value != "form-data") {
    reject("A part of the form data has a Content-Disposition other than form-data.");
  }
  const auto name = disposition->parameters.find("name");
  if (name == disposition->parameters.end() || name->second.empty()) {
    reject("A part of the form data has no name.");
  }
  part.name = name->second;
  if (const auto filename = disposition->parameters.find("filename");
      filename != disposition->parameters.end()) {
    part.filename = filename->second;
  }
}

/// Reads the header block of the part starting at `start` into `part`; returns where its
/// content starts.
std::size_t read_part_headers(std::string_view body, std::size_t start,
                              const MultipartLimits& limits, MultipartPart& part) {
  const auto window = body.substr(start, limits.max_header_bytes + kHeaderEnd.size());
  const auto end = window.starts_with(kCrlf) ? 0 : window.find(kHeaderEnd);
  if (end == std::string_view::npos) {
    if (window.size() < limits.max_header_bytes + kHeaderEnd.size()) {
      reject("The form data ends inside the headers of a part: the upload was cut off.");
    }
    reject("A part of the form data has more than " + std::to_string(limits.max_header_bytes) +
           " bytes of headers.");
  }
  bool has_disposition = false;
  std::string_view headers = window.substr(0, end);
  while (!headers.empty()) {
    const auto line_end = std::min(headers.find(kCrlf), headers.size());
    const auto line = headers.substr(0, line_end);
    headers = headers.substr(std::min(line_end + kCrlf.size(), headers.size()));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || is_blank(line[0]) ||
        line.find_first_of("\r\n") != std::string_view::npos) {
      reject("A part of the form data has a malformed header line.");
    }
    const std::string name = text::to_lower_ascii(line.substr(0, colon));
    const auto value = text::trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (has_disposition) {
        reject("A part of the form data has two Content-Disposition headers.");
      }
      has_disposition = true;
      read_disposition(value, part);
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  if (!has_disposition) {
    reject("A part of the form data has no Content-Disposition header.");
  }
  return start + end + kHeaderEnd.size();
}

}  // namespace

bool is_multipart_form(std::string_view content_type) {
  return text::to_lower_ascii(text::trim(content_type.substr(0, content_type.find(';')))) ==
         kMultipartFormData;
}

std::string multipart_boundary(std::string_view content_type) {
  if (!is_multipart_form(content_type)) {
    reject("The body is not multipart/form-data.");
  }
  const auto parsed = parse_header_value(content_type);
  if (!parsed) {
    reject("The Content-Type header of the form data cannot be read.");
  }
  const auto boundary = parsed->parameters.find("boundary");
  if (boundary == parsed->parameters.end() || boundary->second.empty()) {
    reject("The Content-Type multipart/form-data names no boundary.");
  }
  if (!is_valid_boundary(boundary->second)) {
    reject(
        "The multipart boundary is not valid: it must be 1 to 70 letters, digits or "
        "'()+_,-./:=? characters.");
  }
  return boundary->second;
}

std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary,
                                           const MultipartLimits& limits) {
  const std::string crlf_boundary = std::string(kCrlf) + "--" + std::string(boundary);
  const std::size_t dash_boundary_size = crlf_boundary.size() - kCrlf.size();
  // The first boundary opens the body, or ends a preamble that is ignored.
  std::optional<Delimiter> current;
  if (body.starts_with(std::string_view(crlf_boundary).substr(kCrlf.size()))) {
    current = delimiter_at(body, 0, dash_boundary_size);
  }
  if (!current) {
    const auto first = next_delimiter(body, 0, crlf_boundary);
    if (!first) {
      reject("The form data does not contain its boundary (are its lines ended with CRLF?).");
    }
    current = first->second;
  }
  std::vector<MultipartPart> parts;
  while (!current->closing) {
    if (parts.size() == limits.max_parts) {
      reject("The form data has more than " + std::to_string(limits.max_parts) + " parts.");
    }
    MultipartPart part;
    const std::size_t content_start = read_part_headers(body, current->next, limits, part);
    const auto end = next_delimiter(body, content_start, crlf_boundary);
    if (!end) {
      reject("The form data ends before its closing boundary: the upload was cut off.");
    }
    part.content = body.substr(content_start, end->first - content_start);
    parts.push_back(std::move(part));
    current = end->second;
  }
  return parts;
}

}  // namespace vern::http
