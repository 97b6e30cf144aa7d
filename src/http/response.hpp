#pragma once

#include <string>
#include <utility>
#include <vector>

namespace vern::http {

/// A Set-Cookie in parts, so every cookie gets the same safe attributes.
struct Cookie {
  std::string name;
  std::string value;
  std::string path = "/";
  long long max_age = -1;  // -1: a session cookie; 0: delete
  bool http_only = true;
  std::string same_site = "Lax";
  bool secure = false;

  std::string header_value() const;
};

/// One HTTP response. The server adds the security headers to every one.
struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<Cookie> cookies;

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::string find_header(std::string_view name) const;

  static Response text(int status, std::string body);
  static Response html(int status, std::string body);
  static Response json(int status, std::string body);
  static Response redirect(std::string location, int status = 303);
  static Response no_content();
  /// A file to save: 200 with its type and `Content-Disposition: attachment` naming it (the
  /// server marks every response `Cache-Control: no-store`). `file_name` must be plain ASCII
  /// without quotes.
  static Response download(std::string content_type, const std::string& file_name,
                           std::string body);
};

}  // namespace vern::http
