#include "http/mhd_exchange.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <cxxabi.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include "common/text.hpp"

namespace vern::http {
namespace {

// HTTP/1.1 framing around each header line (": " and CRLF) and the request line.
constexpr std::size_t kHeaderLineOverhead = 4;
constexpr std::size_t kRequestLineOverhead = 12;

constexpr int kMinimumStatus = 200;  // a 1xx is never a final answer
constexpr int kMaximumStatus = 599;

std::string readable_type_name(const std::type_info& type) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string name = status == 0 && demangled != nullptr ? demangled : type.name();
  std::free(demangled);  // __cxa_demangle allocates with malloc
  return name;
}

/// Whether an MHD message reports what a client did (hung up, sent too much) rather than a
/// fault of the server: those are routine and logged at debug level only.
bool is_client_caused(std::string_view message) {
  constexpr std::array<std::string_view, 4> kClientCausedPrefixes{
      "Connection was closed by remote side",
      "Error processing request",
      "Failed to parse",
      "Not enough memory in pool to allocate header record",
  };
  for (const auto prefix : kClientCausedPrefixes) {
    if (message.starts_with(prefix)) {
      return true;
    }
  }
  return false;
}

std::string client_address_of(MHD_Connection* connection) {
  const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) {
    return {};
  }
  std::array<char, INET6_ADDRSTRLEN> text{};
  const sockaddr* address = info->client_addr;
  const void* bytes = nullptr;
  if (address->sa_family == AF_INET) {
    bytes = &reinterpret_cast<const sockaddr_in*>(address)->sin_addr;
  } else if (address->sa_family == AF_INET6) {
    bytes = &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
  } else {
    return {};
  }
  if (inet_ntop(address->sa_family, bytes, text.data(), text.size()) == nullptr) {
    return {};
  }
  return text.data();
}

std::string_view view_of(const char* text, std::size_t size) {
  return text == nullptr ? std::string_view() : std::string_view(text, size);
}

MHD_Result add_header_bytes(void* total, MHD_ValueKind /*kind*/, const char* /*key*/,
                            std::size_t key_size, const char* /*value*/, std::size_t value_size) {
  *static_cast<std::size_t*>(total) += key_size + value_size + kHeaderLineOverhead;
  return MHD_YES;
}

MHD_Result collect_header(void* target, MHD_ValueKind /*kind*/, const char* key,
                          std::size_t key_size, const char* value, std::size_t value_size) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(target);
  auto name = text::to_lower_ascii(view_of(key, key_size));
  const auto text = view_of(value, value_size);
  const auto [position, inserted] = headers.try_emplace(name, text);
  if (!inserted) {
    // Repeated fields combine into one list (RFC 9110 5.3); cookies use their own separator.
    position->second += name == "cookie" ? "; " : ", ";
    position->second += text;
  }
  return MHD_YES;
}

MHD_Result collect_cookie(void* target, MHD_ValueKind /*kind*/, const char* key,
                          std::size_t key_size, const char* value, std::size_t value_size) {
  auto& cookies = *static_cast<std::map<std::string, std::string>*>(target);
  // The first of two same-named cookies is the one with the more specific path.
  cookies.try_emplace(std::string(view_of(key, key_size)), view_of(value, value_size));
  return MHD_YES;
}

MHD_Result collect_argument(void* target, MHD_ValueKind /*kind*/, const char* key,
                            std::size_t key_size, const char* value, std::size_t value_size) {
  auto& query = *static_cast<std::map<std::string, std::string>*>(target);
  // MHD has turned '+' into spaces already; the %XX escapes are left for us (keep_escaped).
  query[url_decode(view_of(key, key_size))] = url_decode(view_of(value, value_size));
  return MHD_YES;
}

Response internal_server_error() {
  return Response::text(500, "Internal Server Error");
}

bool is_valid_header_name(std::string_view name) {
  constexpr std::string_view kSeparators = "()<>@,;:\\\"/[]?={}";
  if (name.empty()) {
    return false;
  }
  for (const char character : name) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte <= 0x20 || byte >= 0x7F || kSeparators.find(character) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool is_valid_header_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void free_body(void* body) {
  delete static_cast<std::string*>(body);
}

/// The MHD form of a response, or nullptr when a header could not be sent as given.
MHD_Response* to_native(Response& response) {
  if (response.status < kMinimumStatus || response.status > kMaximumStatus) {
    spdlog::error("handler answered with an invalid status {}", response.status);
    return nullptr;
  }
  std::vector<std::pair<std::string, std::string>> headers;
  if (!response.content_type.empty() && response.find_header("Content-Type").empty()) {
    headers.emplace_back(MHD_HTTP_HEADER_CONTENT_TYPE, response.content_type);
  }
  headers.insert(headers.end(), response.headers.begin(), response.headers.end());
  for (const auto& cookie : response.cookies) {
    headers.emplace_back(MHD_HTTP_HEADER_SET_COOKIE, cookie.header_value());
  }

  // The body moves to the heap and MHD frees it with the response: no copy, any size.
  auto* body = new std::string(std::move(response.body));
  MHD_Response* native = MHD_create_response_from_buffer_with_free_callback_cls(
      body->size(), body->data(), &free_body, body);
  if (native == nullptr) {
    delete body;
    return nullptr;
  }
  for (const auto& [name, value] : headers) {
    if (value.empty()) {
      continue;  // MHD refuses empty values, and an empty header says nothing
    }
    if (!is_valid_header_name(name) || !is_valid_header_value(value) ||
        MHD_add_response_header(native, name.c_str(), value.c_str()) != MHD_YES) {
      spdlog::error("handler set header {} that cannot be sent",
                    is_valid_header_name(name) ? name : std::string("(invalid name)"));
      MHD_destroy_response(native);
      return nullptr;
    }
  }
  return native;
}

}  // namespace

void log_from_mhd(void* /*context*/, const char* format, va_list arguments) {
  std::array<char, 512> message{};
  std::vsnprintf(message.data(), message.size(), format, arguments);
  std::string_view text(message.data());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (is_client_caused(text)) {
    spdlog::debug("libmicrohttpd: {}", text);
  } else {
    spdlog::warn("libmicrohttpd: {}", text);
  }
}

// MHD would decode %XX in the path before we see it; keeping the raw text lets the router split
// first and decode each segment once, so an encoded "/" stays inside its segment.
std::size_t keep_escaped(void* /*context*/, MHD_Connection* /*connection*/, char* text) {
  return std::strlen(text);
}

/// The size of the request line (method, path and query) as the client sent it, near enough.
std::size_t request_line_bytes(MHD_Connection* connection, const char* method, const char* url) {
  std::size_t total = std::strlen(method) + std::strlen(url) + kRequestLineOverhead;
  MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, &add_header_bytes, &total);
  return total;
}

std::size_t header_field_bytes(MHD_Connection* connection) {
  std::size_t total = 0;
  MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &add_header_bytes, &total);
  return total;
}

bool declared_body_too_large(MHD_Connection* connection, std::size_t max_body_bytes) {
  const char* length =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length == nullptr) {
    return false;
  }
  std::uint64_t declared = 0;
  const std::string_view text(length);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), declared);
  // An unreadable length is MHD's to refuse; a number too big for 64 bits is too large for us.
  if (error == std::errc::result_out_of_range) {
    return true;
  }
  return error == std::errc() && declared > max_body_bytes;
}

Request build_request(MHD_Connection* connection, const char* url, const char* method,
                      std::string body) {
  Request request;
  request.method = parse_method(method);
  if (request.method == Method::kHead) {
    // Answered as a GET; MHD leaves the body out of a HEAD answer.
    request.method = Method::kGet;
  }
  request.raw_path = url;
  request.path = url_decode_path(request.raw_path);
  MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, &collect_argument, &request.query);
  MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &collect_header, &request.headers);
  MHD_get_connection_values_n(connection, MHD_COOKIE_KIND, &collect_cookie, &request.cookies);
  request.body = std::move(body);
  request.client_address = client_address_of(connection);
  return request;
}

Response run_dispatch(const Dispatch& dispatch, Request& request) {
  // Exception texts can hold internals: they go to the log, never to the client. The route
  // pattern, not the path, names the request, as a path can hold personal data.
  const auto route = [&request] {
    return request.context.route.empty() ? std::string("(no route)") : request.context.route;
  };
  try {
    return dispatch(request);
  } catch (const std::exception& error) {
    spdlog::error("handler for {} {} threw {}: {}", to_string(request.method), route(),
                  readable_type_name(typeid(error)), error.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", to_string(request.method),
                  route());
  }
  return internal_server_error();
}

MHD_Result send_response(MHD_Connection* connection, Response response, BehindTls behind_tls) {
  add_security_headers(response, behind_tls);
  auto status = response.status;
  MHD_Response* native = to_native(response);
  if (native == nullptr) {
    Response fallback = internal_server_error();
    add_security_headers(fallback, behind_tls);
    status = fallback.status;
    native = to_native(fallback);
    if (native == nullptr) {
      return MHD_NO;
    }
  }
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(status), native);
  MHD_destroy_response(native);
  return queued;
}

}  // namespace vern::http
