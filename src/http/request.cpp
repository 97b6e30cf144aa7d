#include "http/request.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "common/text.hpp"
#include "http/multipart.hpp"

namespace vern::http {
namespace {

constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded";

int hex_value(char character) {
  if (character >= '0' && character <= '9') {
    return character - '0';
  }
  if (character >= 'a' && character <= 'f') {
    return character - 'a' + 10;
  }
  if (character >= 'A' && character <= 'F') {
    return character - 'A' + 10;
  }
  return -1;
}

char ascii_lower(char character) {
  if (character >= 'A' && character <= 'Z') {
    return static_cast<char>(character - 'A' + 'a');
  }
  return character;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != ascii_lower(prefix[i])) {
      return false;
    }
  }
  return true;
}

/// Without HTTP's optional white space (spaces and tabs) around it.
std::string_view trim(std::string_view text) {
  return text::trim(text, " \t");
}

/// Decodes %XX escapes; '+' becomes a space only when asked, since it is literal in a path.
std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char character = text[i];
    if (character == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        decoded.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    decoded.push_back(plus_is_space && character == '+' ? ' ' : character);
  }
  return decoded;
}

template <typename Map>
std::string find_or_empty(const Map& map, const std::string& key) {
  const auto found = map.find(key);
  return found == map.end() ? std::string() : found->second;
}

/// The q value of one media range's parameters ("q=0.5"); 1 when absent, 0 when unreadable.
double quality_of(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto separator = parameters.find(';');
    const auto parameter = trim(parameters.substr(0, separator));
    parameters =
        separator == std::string_view::npos ? std::string_view() : parameters.substr(separator + 1);
    if (parameter.size() < 2 || ascii_lower(parameter[0]) != 'q' || parameter[1] != '=') {
      continue;
    }
    // RFC 9110 qvalues have at most three decimals: parse them by hand, no locale, no errno.
    const auto value = parameter.substr(2);
    if (value.empty() || (value[0] != '0' && value[0] != '1')) {
      return 0.0;
    }
    double quality = value[0] == '1' ? 1.0 : 0.0;
    double scale = 0.1;
    for (std::size_t i = 2; i < value.size() && i < 5 && value[1] == '.'; ++i) {
      const int digit = hex_value(value[i]);
      if (digit < 0 || digit > 9) {
        break;
      }
      quality += digit * scale;
      scale /= 10;
    }
    return quality > 1.0 ? 1.0 : quality;
  }
  return 1.0;
}

bool is_json_media_type(std::string_view type) {
  return type == "application/json" ||
         (type.starts_with("application/") && type.ends_with("+json"));
}

/// True when the Accept header ranks a JSON type above HTML (browsers send */* last).
bool accept_prefers_json(std::string_view accept) {
  double json_quality = 0.0;
  double html_quality = 0.0;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    const auto range = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    const auto semicolon = range.find(';');
    const auto type = text::to_lower_ascii(trim(range.substr(0, semicolon)));
    const double quality =
        semicolon == std::string_view::npos ? 1.0 : quality_of(range.substr(semicolon + 1));
    if (is_json_media_type(type)) {
      json_quality = std::max(json_quality, quality);
    } else if (type == "text/html" || type == "application/xhtml+xml") {
      html_quality = std::max(html_quality, quality);
    }
  }
  return json_quality > 0.0 && json_quality > html_quality;
}

}  // namespace

std::string_view to_string(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      break;
  }
  return "OTHER";
}

Method parse_method(std::string_view text) {
  // Method names are case-sensitive (RFC 9110 9.1).
  static constexpr std::array<std::pair<std::string_view, Method>, 7> kMethods{{
      {"GET", Method::kGet},
      {"HEAD", Method::kHead},
      {"POST", Method::kPost},
      {"PUT", Method::kPut},
      {"PATCH", Method::kPatch},
      {"DELETE", Method::kDelete},
      {"OPTIONS", Method::kOptions},
  }};
  for (const auto& [name, method] : kMethods) {
    if (text == name) {
      return method;
    }
  }
  return Method::kOther;
}

std::string Request::header(const std::string& lower_case_name) const {
  return find_or_empty(headers, lower_case_name);
}

std::string Request::query_param(const std::string& name) const {
  return find_or_empty(query, name);
}

std::string Request::cookie(const std::string& name) const {
  return find_or_empty(cookies, name);
}

std::string Request::path_param(const std::string& name) const {
  return find_or_empty(path_params, name);
}

const Request::Form& Request::parsed_form() const {
  if (form_) {
    return *form_;
  }
  const std::string content_type = header("content-type");
  Form parsed;
  if (starts_with_ignoring_case(content_type, kFormContentType)) {
    parsed.fields = parse_url_encoded(body);
  } else if (is_multipart_form(content_type)) {
    for (const auto& part : parse_multipart(body, multipart_boundary(content_type))) {
      if (part.filename) {
        parsed.files[part.name] = {*part.filename, part.content_type, std::string(part.content)};
      } else {
        parsed.fields[part.name] = std::string(part.content);
      }
    }
  }
  return form_.emplace(std::move(parsed));
}

const std::map<std::string, std::string>& Request::form() const {
  return parsed_form().fields;
}

const UploadedFile* Request::form_file(const std::string& name) const {
  const auto& files = parsed_form().files;
  const auto found = files.find(name);
  return found == files.end() ? nullptr : &found->second;
}

std::string Request::form_field(const std::string& name) const {
  return find_or_empty(form(), name);
}

bool Request::wants_json() const {
  return path.starts_with("/api/") || accept_prefers_json(header("accept"));
}

std::string url_decode(std::string_view text) {
  return percent_decode(text, true);
}

std::string url_decode_path(std::string_view text) {
  return percent_decode(text, false);
}

std::string url_encode(std::string_view text) {
  static constexpr std::string_view kHexDigits = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (const char character : text) {
    const auto byte = static_cast<unsigned char>(character);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                            byte == '_' || byte == '~';
    if (unreserved) {
      encoded.push_back(character);
      continue;
    }
    encoded.push_back('%');
    encoded.push_back(kHexDigits[byte >> 4U]);
    encoded.push_back(kHexDigits[byte & 0x0FU]);
  }
  return encoded;
}

std::map<std::string, std::string> parse_url_encoded(std::string_view text) {
  std::map<std::string, std::string> fields;
  while (!text.empty()) {
    const auto ampersand = text.find('&');
    const auto pair = text.substr(0, ampersand);
    text = ampersand == std::string_view::npos ? std::string_view() : text.substr(ampersand + 1);
    if (pair.empty()) {
      continue;
    }
    const auto equals = pair.find('=');
    auto key = url_decode(pair.substr(0, equals));
    if (key.empty()) {
      continue;
    }
    fields[std::move(key)] =
        equals == std::string_view::npos ? std::string() : url_decode(pair.substr(equals + 1));
  }
  return fields;
}

std::map<std::string, std::string> parse_cookie_header(std::string_view text) {
  std::map<std::string, std::string> cookies;
  while (!text.empty()) {
    const auto semicolon = text.find(';');
    const auto pair = trim(text.substr(0, semicolon));
    text = semicolon == std::string_view::npos ? std::string_view() : text.substr(semicolon + 1);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) {
      continue;
    }
    const auto name = trim(pair.substr(0, equals));
    auto value = trim(pair.substr(equals + 1));
    if (name.empty()) {
      continue;
    }
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    // Browsers send the cookie with the most specific path first: the first one wins.
    cookies.emplace(std::string(name), std::string(value));
  }
  return cookies;
}

}  // namespace vern::http
