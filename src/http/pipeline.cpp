#include "http/pipeline.hpp"

#include <cctype>
#include <chrono>

#include <spdlog/spdlog.h>

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/i18n.hpp"
#include "http/problem.hpp"

namespace vern::http {
namespace {

constexpr std::string_view kBearerPrefix = "Bearer ";
constexpr std::size_t kMebibyte = 1024 * 1024;

bool is_api(const Request& request) {
  return request.path.starts_with("/api/");
}

std::string locale_from_accept_language(const std::string& header) {
  const std::string accepted = accepted_language(header, i18n::kStaffLocales);
  return accepted.empty() ? std::string(i18n::kDefaultLocale) : accepted;
}

}  // namespace

Cookie session_cookie(const std::string& token) {
  Cookie cookie;
  cookie.name = std::string(kSessionCookie);
  cookie.value = token;
  cookie.max_age = token.empty() ? 0 : -1;
  return cookie;
}

std::string accepted_language(const std::string& header, std::span<const std::string_view> spoken) {
  for (std::size_t start = 0; start < header.size();) {
    std::size_t end = header.find(',', start);
    if (end == std::string::npos) {
      end = header.size();
    }
    std::string tag = header.substr(start, end - start);
    tag = tag.substr(0, tag.find(';'));
    tag.erase(0, tag.find_first_not_of(' '));
    std::string primary = tag.substr(0, tag.find('-'));
    for (char& c : primary) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (primary == "no" || primary == "nn") {
      primary = "nb";  // Norwegian in any form means bokmål
    }
    for (const std::string_view language : spoken) {
      if (primary == language) {
        return primary;
      }
    }
    start = end + 1;
  }
  return "";
}

bool is_portal_path(std::string_view path) {
  return path == "/portal" || path.starts_with("/portal/") || path.starts_with("/p/");
}

bool is_unsafe(Method method) {
  return method == Method::kPost || method == Method::kPut || method == Method::kPatch ||
         method == Method::kDelete;
}

Pipeline::Pipeline(Authenticator& authenticator, Metrics& metrics, ErrorPage error_page)
    : authenticator_(authenticator), metrics_(metrics), error_page_(std::move(error_page)) {}

void Pipeline::add(Method method, std::string pattern, Access access, Handler handler) {
  if (access == Access::kPublic) {
    router_.add(method, std::move(pattern), std::move(handler));
    return;
  }
  router_.add(method, std::move(pattern), [handler = std::move(handler)](Request& request) {
    if (!request.context.actor) {
      if (is_api(request)) {
        throw Error(ErrorKind::kUnauthorized, "Log in or send an API token.");
      }
      std::string next = request.method == Method::kGet ? request.path : "/";
      return Response::redirect("/login?next=" + url_encode(next));
    }
    return handler(request);
  });
}

std::string Pipeline::form_csrf_token(const Request& request, Response& response) {
  std::string token = request.cookie(std::string(kFormCsrfCookie));
  if (token.size() < 32) {
    token = crypto::random_token();
    Cookie cookie;
    cookie.name = std::string(kFormCsrfCookie);
    cookie.value = token;
    cookie.same_site = "Strict";
    response.cookies.push_back(cookie);
  }
  return token;
}

void Pipeline::authenticate(Request& request) const {
  RequestContext& context = request.context;
  const std::string authorization = request.header("authorization");
  if (authorization.starts_with(kBearerPrefix)) {
    auto identity = authenticator_.from_api_token(authorization.substr(kBearerPrefix.size()));
    if (!identity) {
      throw Error(ErrorKind::kUnauthorized, "The API token is not valid.");
    }
    context.actor = identity->actor;
    context.display_name = std::move(identity->display_name);
    context.locale = std::move(identity->locale);
    return;
  }
  const std::string session_token = request.cookie(std::string(kSessionCookie));
  if (!session_token.empty()) {
    if (auto identity = authenticator_.from_session(session_token)) {
      context.actor = identity->actor;
      context.display_name = std::move(identity->display_name);
      context.locale = std::move(identity->locale);
      context.csrf_token = std::move(identity->csrf_token);
      context.via_cookie = true;
      return;
    }
  }
  const std::string chosen = request.cookie(std::string(kLanguageCookie));
  context.locale = i18n::is_staff_locale(chosen)
                       ? chosen
                       : locale_from_accept_language(request.header("accept-language"));
}

void Pipeline::check_csrf(const Request& request) const {
  if (!is_unsafe(request.method) || request.header("authorization").starts_with(kBearerPrefix)) {
    return;
  }
  const RequestContext& context = request.context;
  std::string sent = request.header(std::string(kCsrfHeader));
  if (sent.empty()) {
    sent = request.form_field(std::string(kCsrfField));
  }
  if (context.via_cookie) {
    if (!crypto::equal_constant_time(sent, context.csrf_token)) {
      throw Error::forbidden(
          "The form has expired or did not come from Vern. Reload and try again.");
    }
    return;
  }
  if (is_api(request)) {
    // Without a session cookie, an unsafe API call must be JSON: browsers cannot send that
    // cross-site without a CORS preflight, which Vern never grants.
    if (!request.header("content-type").starts_with("application/json")) {
      throw Error(ErrorKind::kBadRequest, "Send the body as application/json.");
    }
    return;
  }
  const std::string expected = request.cookie(std::string(kFormCsrfCookie));
  if (expected.empty() || !crypto::equal_constant_time(sent, expected)) {
    throw Error::forbidden("The form has expired or did not come from Vern. Reload and try again.");
  }
}

Response Pipeline::render_error(const Request& request, int status, const std::string& message,
                                const Error* error) const {
  if (is_api(request) || request.wants_json()) {
    return error != nullptr ? problem_response(*error) : problem_response(status, message);
  }
  return error_page_(request, status, message);
}

Router::Match Pipeline::route(Request& request) const {
  auto match = router_.match(request);
  request.context.route = match.handler != nullptr ? match.pattern : "(unmatched)";
  return match;
}

void Pipeline::record(const Request& request, const Response& response,
                      std::chrono::steady_clock::time_point started) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.record(std::string(to_string(request.method)), request.context.route, response.status,
                  seconds);
  spdlog::info("{} {} {} {:.1f}ms", to_string(request.method), request.context.route,
               response.status, seconds * 1000);
}

Response Pipeline::refuse_too_large(Request& request, std::size_t max_body_bytes) {
  const auto started = std::chrono::steady_clock::now();
  route(request);
  try {
    // Only for the page's language and navigation; a bad API token leaves the caller anonymous.
    authenticate(request);
  } catch (const Error&) {
    request.context.actor.reset();
  }
  const std::string limit = max_body_bytes % kMebibyte == 0
                                ? std::to_string(max_body_bytes / kMebibyte) + " MiB"
                                : std::to_string(max_body_bytes) + " bytes";
  Response response = render_error(request, 413,
                                   "The upload is larger than " + limit +
                                       ", the most Vern takes in one request. Choose a smaller "
                                       "file, or split it into parts.",
                                   nullptr);
  record(request, response, started);
  return response;
}

Response Pipeline::handle(Request& request) {
  const auto started = std::chrono::steady_clock::now();
  Response response;
  const auto match = route(request);
  try {
    if (match.handler == nullptr) {
      const int status = match.path_known ? 405 : 404;
      response = render_error(request, status,
                              status == 405 ? "This address does not take that method."
                                            : "There is no page at this address.",
                              nullptr);
    } else if (is_portal_path(request.path)) {
      // The subject's pages know nothing of staff: no staff session is looked at, and their
      // forms carry the portal session's own CSRF token, which the portal handlers check.
      response = (*match.handler)(request);
    } else {
      authenticate(request);
      check_csrf(request);
      response = (*match.handler)(request);
    }
  } catch (const Error& error) {
    response = render_error(request, status_for(error.kind()), error.what(), &error);
    if (error.kind() == ErrorKind::kUnavailable) {
      spdlog::error("{} {}: service unavailable: {}", to_string(request.method),
                    request.context.route, error.what());
    }
  }
  record(request, response, started);
  return response;
}

}  // namespace vern::http
