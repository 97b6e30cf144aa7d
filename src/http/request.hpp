#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/actor.hpp"

namespace vern::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view to_string(Method method);
Method parse_method(std::string_view text);

/// What the middleware learns about the caller; handlers read it, services take the actor.
struct RequestContext {
  std::optional<Actor> actor;  // set when a session cookie or API token was valid
  std::string display_name;    // the staff user's display name, for the layout
  std::string locale = "en";   // the UI language for this request
  std::string csrf_token;      // the session's CSRF token (cookie sessions only)
  bool via_cookie = false;     // authenticated by the session cookie (CSRF applies)
  std::string route;           // the matched route pattern, e.g. "/api/v1/users/{id}"
};

/// A file sent in a multipart/form-data body.
struct UploadedFile {
  std::string filename;      // as the browser sent it; "" when no file was chosen
  std::string content_type;  // as sent; "" when absent
  std::string content;
};

/// One parsed HTTP request. Header names are lower-case.
struct Request {
  Method method = Method::kGet;
  std::string path;      // decoded path, without the query string
  std::string raw_path;  // the path as received, still percent-encoded; "" when built by hand
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> path_params;
  std::string body;
  std::string client_address;
  RequestContext context;

  /// The value, or "" when absent.
  std::string header(const std::string& lower_case_name) const;
  std::string query_param(const std::string& name) const;
  std::string cookie(const std::string& name) const;
  std::string path_param(const std::string& name) const;

  /// The form fields of an application/x-www-form-urlencoded or a multipart/form-data body
  /// (parsed on first use; the last of a repeated name wins). A malformed multipart body throws
  /// vern::Error (kBadRequest) naming the problem.
  const std::map<std::string, std::string>& form() const;
  std::string form_field(const std::string& name) const;
  /// The file sent as the multipart part `name`, or nullptr when there is none.
  const UploadedFile* form_file(const std::string& name) const;

  bool wants_json() const;

 private:
  struct Form {
    std::map<std::string, std::string> fields;
    std::map<std::string, UploadedFile> files;
  };
  const Form& parsed_form() const;

  mutable std::optional<Form> form_;
};

/// Decodes %XX and '+' (as space) in a URL-encoded component. Invalid escapes are kept as is.
std::string url_decode(std::string_view text);
/// Decodes %XX only: in a path '+' is a literal plus. Invalid escapes are kept as is.
std::string url_decode_path(std::string_view text);
std::string url_encode(std::string_view text);
/// Parses "a=1&b=2" into a map (the last value of a repeated key wins).
std::map<std::string, std::string> parse_url_encoded(std::string_view text);
/// Parses a Cookie header (the first value of a repeated name wins, as the most specific).
std::map<std::string, std::string> parse_cookie_header(std::string_view text);

}  // namespace vern::http
