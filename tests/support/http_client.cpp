#include "support/http_client.hpp"

#include <memory>
#include <string_view>
#include <utility>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "common/text.hpp"
#include "http/request.hpp"

namespace vern::testing {
namespace {

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r\n";
  const auto first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(kBlanks) - first + 1);
}

void initialise_curl_once() {
  // curl_global_init is not thread-safe; a function-local static runs it exactly once.
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  static_cast<void>(initialised);
}

struct Collected {
  HttpResult result;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<Collected*>(target)->result.body.append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* target) {
  auto& result = static_cast<Collected*>(target)->result;
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new status line (after "100 Continue") starts a new header block.
    result.headers.clear();
    result.set_cookies.clear();
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return size * count;
  }
  auto name = text::to_lower_ascii(trim(line.substr(0, colon)));
  std::string value(trim(line.substr(colon + 1)));
  if (name == "set-cookie") {
    result.set_cookies.push_back(value);
  }
  result.headers[std::move(name)] = std::move(value);
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::string HttpResult::header(const std::string& lower) const {
  const auto found = headers.find(lower);
  return found == headers.end() ? std::string() : found->second;
}

std::vector<std::string> HttpResult::problem_fields() const {
  std::vector<std::string> fields;
  const nlohmann::json problem = nlohmann::json::parse(body, nullptr, false);
  if (problem.is_object() && problem.contains("errors")) {
    for (const auto& error : problem["errors"]) {
      fields.push_back(error.value("field", std::string()));
    }
  }
  return fields;
}

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)) {
  initialise_curl_once();
}

HttpResult HttpClient::get(const std::string& path, const std::vector<std::string>& extra_headers) {
  return request("GET", path, "", extra_headers);
}

HttpResult HttpClient::post(const std::string& path, const std::string& body,
                            const std::string& content_type,
                            const std::vector<std::string>& extra_headers) {
  auto headers = extra_headers;
  headers.push_back("Content-Type: " + content_type);
  return request("POST", path, body, headers);
}

HttpResult HttpClient::patch(const std::string& path, const std::string& body,
                             const std::string& content_type,
                             const std::vector<std::string>& extra_headers) {
  auto headers = extra_headers;
  headers.push_back("Content-Type: " + content_type);
  return request("PATCH", path, body, headers);
}

HttpResult HttpClient::del(const std::string& path, const std::vector<std::string>& extra_headers) {
  return request("DELETE", path, "", extra_headers);
}

HttpResult HttpClient::post_form(const std::string& path,
                                 const std::map<std::string, std::string>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) {
      body += '&';
    }
    body += http::url_encode(name) + "=" + http::url_encode(value);
  }
  return post(path, body, "application/x-www-form-urlencoded");
}

HttpResult HttpClient::request(const std::string& method, const std::string& path,
                               const std::string& body, const std::vector<std::string>& headers) {
  const std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
  if (!handle) {
    return {};
  }
  CURL* curl = handle.get();
  const std::string url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));

  const bool sends_body = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (sends_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  }
  if (method != "GET" && method != "HEAD" && !(method == "POST" && sends_body)) {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }

  curl_slist* raw_list = nullptr;
  bool has_cookie_header = false;
  for (const auto& header : headers) {
    raw_list = curl_slist_append(raw_list, header.c_str());
    has_cookie_header = has_cookie_header || text::to_lower_ascii(header).starts_with("cookie:");
  }
  if (!has_cookie_header && !cookies_.empty()) {
    std::string cookie_header = "Cookie: ";
    for (const auto& [name, value] : cookies_) {
      cookie_header += name + "=" + value + "; ";
    }
    cookie_header.resize(cookie_header.size() - 2);
    raw_list = curl_slist_append(raw_list, cookie_header.c_str());
  }
  const std::unique_ptr<curl_slist, HeaderListDeleter> header_list(raw_list);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());

  Collected collected;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &collected);

  if (curl_easy_perform(curl) != CURLE_OK) {
    return {};
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &collected.result.status);
  for (const auto& set_cookie : collected.result.set_cookies) {
    remember_cookie(set_cookie);
  }
  return std::move(collected.result);
}

std::string HttpClient::cookie(const std::string& name) const {
  const auto found = cookies_.find(name);
  return found == cookies_.end() ? std::string() : found->second;
}

void HttpClient::set_cookie(const std::string& name, const std::string& value) {
  cookies_[name] = value;
}

void HttpClient::clear_cookies() {
  cookies_.clear();
}

void HttpClient::remember_cookie(const std::string& set_cookie) {
  std::string_view rest(set_cookie);
  const auto semicolon = rest.find(';');
  const auto pair = rest.substr(0, semicolon);
  const auto equals = pair.find('=');
  if (equals == std::string_view::npos) {
    return;
  }
  const std::string name(trim(pair.substr(0, equals)));
  const std::string value(trim(pair.substr(equals + 1)));
  bool expired = false;
  rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
  while (!rest.empty()) {
    const auto next = rest.find(';');
    const auto attribute = text::to_lower_ascii(trim(rest.substr(0, next)));
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    expired = expired || attribute == "max-age=0" || attribute.starts_with("max-age=-");
  }
  if (expired) {
    cookies_.erase(name);
  } else {
    cookies_[name] = value;
  }
}

}  // namespace vern::testing
