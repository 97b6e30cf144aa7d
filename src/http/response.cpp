#include "http/response.hpp"

#include <string_view>

#include "common/text.hpp"
#include "http/request.hpp"

namespace vern::http {
namespace {

// RFC 6265 4.1.1 cookie-octet: no controls, whitespace, '"', ',', ';' or '\'.
bool is_cookie_octet(char character) {
  const auto byte = static_cast<unsigned char>(character);
  return byte >= 0x21 && byte <= 0x7E && byte != '"' && byte != ',' && byte != ';' && byte != '\\';
}

// RFC 9110 token characters, for the cookie name.
bool is_token_character(char character) {
  constexpr std::string_view kSeparators = "()<>@,;:\\\"/[]?={}";
  const auto byte = static_cast<unsigned char>(character);
  return byte >= 0x21 && byte <= 0x7E && kSeparators.find(character) == std::string_view::npos;
}

// Dropping what a part may not hold means no value can ever add an attribute or a header line.
template <typename Allowed>
std::string keep_only(std::string_view text, Allowed allowed) {
  std::string kept;
  kept.reserve(text.size());
  for (const char character : text) {
    if (allowed(character)) {
      kept.push_back(character);
    }
  }
  return kept;
}

bool is_attribute_character(char character) {
  const auto byte = static_cast<unsigned char>(character);
  return byte >= 0x20 && byte <= 0x7E && byte != ';';
}

Response with_body(int status, std::string content_type, std::string body) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace

std::string Cookie::header_value() const {
  std::string value_text = keep_only(name, is_token_character);
  value_text += '=';
  value_text += keep_only(value, is_cookie_octet);
  if (!path.empty()) {
    value_text += "; Path=" + keep_only(path, is_attribute_character);
  }
  if (max_age >= 0) {
    value_text += "; Max-Age=" + std::to_string(max_age);
  }
  if (http_only) {
    value_text += "; HttpOnly";
  }
  if (!same_site.empty()) {
    value_text += "; SameSite=" + keep_only(same_site, is_token_character);
  }
  if (secure) {
    value_text += "; Secure";
  }
  return value_text;
}

std::string Response::find_header(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (text::to_lower_ascii(header_name) == text::to_lower_ascii(name)) {
      return value;
    }
  }
  return {};
}

Response Response::text(int status, std::string body) {
  return with_body(status, "text/plain; charset=utf-8", std::move(body));
}

Response Response::html(int status, std::string body) {
  return with_body(status, "text/html; charset=utf-8", std::move(body));
}

Response Response::json(int status, std::string body) {
  return with_body(status, "application/json", std::move(body));
}

Response Response::download(std::string content_type, const std::string& file_name,
                            std::string body) {
  Response response = with_body(200, std::move(content_type), std::move(body));
  response.header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return response;
}

Response Response::redirect(std::string location, int status) {
  Response response = with_body(status, "text/plain; charset=utf-8", "");
  response.header("Location", std::move(location));
  return response;
}

Response Response::no_content() {
  return with_body(204, "", "");
}

}  // namespace vern::http
