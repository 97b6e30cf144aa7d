#pragma once

// libmicrohttpd's side of a request, for the server and its handler pool only: what one request
// gathers between MHD's calls, the Request built from MHD's connection, and the answer sent
// through it.

#include <cstdarg>
#include <cstddef>
#include <optional>
#include <string>

#include <microhttpd.h>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/security_headers.hpp"
#include "http/server.hpp"

namespace vern::http {

/// What one request accumulates between MHD's calls; freed in the completion callback.
struct Exchange {
  std::string body;
  std::size_t discarded_bytes = 0;
  bool too_large = false;
  // Set by a handler thread before it resumes the connection; MHD's next call sends it.
  std::optional<Response> response;
};

/// MHD's log lines, at debug level for what clients cause and at warning level otherwise.
void log_from_mhd(void* context, const char* format, va_list arguments);

/// MHD's unescape callback that leaves %XX for the router (each path segment is decoded once,
/// so an encoded "/" stays inside its segment).
std::size_t keep_escaped(void* context, MHD_Connection* connection, char* text);

/// The size of the request line (method, path and query) as the client sent it, near enough,
/// and of the header fields: what the header limit counts.
std::size_t request_line_bytes(MHD_Connection* connection, const char* method, const char* url);
std::size_t header_field_bytes(MHD_Connection* connection);
/// Whether the Content-Length already says the body is over the limit.
bool declared_body_too_large(MHD_Connection* connection, std::size_t max_body_bytes);

/// The request as the pipeline takes it: method (HEAD as GET), raw and decoded path, query,
/// headers, cookies, body and the client's address.
Request build_request(MHD_Connection* connection, const char* url, const char* method,
                      std::string body);

/// The dispatch's answer, or a plain 500 when it throws (what it threw goes to the log, naming
/// the route, never the path).
Response run_dispatch(const Dispatch& dispatch, Request& request);

/// Queues `response` with the security headers on the connection; a response that cannot be
/// sent as given (a bad status or header) becomes a 500.
MHD_Result send_response(MHD_Connection* connection, Response response, BehindTls behind_tls);

}  // namespace vern::http
