#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace vern::testing {

/// One answer as the client saw it.
struct HttpResult {
  long status = 0;                             // 0 when the request failed at the transport level
  std::map<std::string, std::string> headers;  // lower-case names, last value wins
  std::vector<std::string> set_cookies;        // every Set-Cookie value, in order
  std::string body;

  std::string header(const std::string& lower) const;
  /// The fields named by a problem+json answer's "errors", in order.
  std::vector<std::string> problem_fields() const;
};

/// Talks to a server under test; keeps cookies like a browser (a simple jar: name -> value,
/// deletes on Max-Age=0). Follows no redirects.
class HttpClient {
 public:
  explicit HttpClient(std::string base_url);  // e.g. "http://127.0.0.1:PORT"

  HttpResult get(const std::string& path, const std::vector<std::string>& extra_headers = {});
  HttpResult post(const std::string& path, const std::string& body,
                  const std::string& content_type = "application/json",
                  const std::vector<std::string>& extra_headers = {});
  HttpResult patch(const std::string& path, const std::string& body,
                   const std::string& content_type = "application/json",
                   const std::vector<std::string>& extra_headers = {});
  HttpResult del(const std::string& path, const std::vector<std::string>& extra_headers = {});
  /// Any method; headers as "Name: value". A HEAD reads no body.
  HttpResult request(const std::string& method, const std::string& path, const std::string& body,
                     const std::vector<std::string>& headers);
  /// Posts the fields as application/x-www-form-urlencoded.
  HttpResult post_form(const std::string& path, const std::map<std::string, std::string>& fields);

  std::string cookie(const std::string& name) const;
  void set_cookie(const std::string& name, const std::string& value);
  void clear_cookies();

  /// Gives up on a request after this long (30 s unless set).
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  void remember_cookie(const std::string& set_cookie);

  std::string base_url_;
  std::map<std::string, std::string> cookies_;
  std::chrono::milliseconds timeout_ = std::chrono::seconds(30);
};

}  // namespace vern::testing
