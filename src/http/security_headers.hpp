#pragma once

#include "http/response.hpp"

namespace vern::http {

/// Adds the security headers (CSP, nosniff, Referrer-Policy, frame and opener policies,
/// Permissions-Policy, and HSTS `behind_tls`), replacing a handler's own value of the same name;
/// adds Cache-Control: no-store unless the response set its own; marks cookies Secure behind TLS.
enum class BehindTls { kNo, kYes };
void add_security_headers(Response& response, BehindTls behind_tls);

}  // namespace vern::http
