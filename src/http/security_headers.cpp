#include "http/security_headers.hpp"

#include <string_view>

#include "common/text.hpp"
#include "http/request.hpp"

namespace vern::http {
namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
constexpr std::string_view kStrictTransportSecurity = "max-age=31536000; includeSubDomains";

}  // namespace

void add_security_headers(Response& response, BehindTls behind_tls) {
  const auto set = [&response](std::string_view name, std::string_view value) {
    std::erase_if(response.headers, [name](const auto& header) {
      return text::to_lower_ascii(header.first) == text::to_lower_ascii(name);
    });
    response.headers.emplace_back(name, value);
  };
  set("Content-Security-Policy", kContentSecurityPolicy);
  set("X-Content-Type-Options", "nosniff");
  set("Referrer-Policy", "no-referrer");
  set("X-Frame-Options", "DENY");
  set("Cross-Origin-Opener-Policy", "same-origin");
  set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (behind_tls == BehindTls::kYes) {
    set("Strict-Transport-Security", kStrictTransportSecurity);
    for (auto& cookie : response.cookies) {
      cookie.secure = true;
    }
  }
  if (response.find_header("Cache-Control").empty()) {
    response.headers.emplace_back("Cache-Control", "no-store");
  }
}

}  // namespace vern::http
