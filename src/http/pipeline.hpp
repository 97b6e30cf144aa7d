#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "common/actor.hpp"
#include "common/error.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace vern::http {

/// Who may call a route. Roles are checked by the services; this only says whether a login is
/// needed at all.
enum class Access { kPublic, kStaff };

inline constexpr std::string_view kSessionCookie = "vern_session";
/// Double-submit CSRF cookie for forms shown before login.
inline constexpr std::string_view kFormCsrfCookie = "vern_csrf";
inline constexpr std::string_view kLanguageCookie = "vern_lang";
inline constexpr std::string_view kCsrfField = "csrf";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

/// A staff member a credential belongs to, as a request's context needs them.
struct Identity {
  Actor actor;
  std::string display_name;
  std::string locale;
  std::string csrf_token;  // a session's; empty for an API token
};

/// Finds whose a credential is. The HTTP layer knows no users: the composition root makes one
/// over the access service.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  /// The owner of an active API token.
  virtual std::optional<Identity> from_api_token(const std::string& secret) = 0;
  /// The owner of a live staff session (the session cookie's token).
  virtual std::optional<Identity> from_session(const std::string& token) = 0;
};

/// Everything between the server and a handler: routing, authentication (session cookie or
/// bearer token), CSRF, locale, the error-to-response mapping, the access log and metrics.
class Pipeline {
 public:
  /// Renders an HTML error page for staff-facing routes.
  using ErrorPage = std::function<Response(const Request&, int status, const std::string& message)>;

  Pipeline(Authenticator& authenticator, Metrics& metrics, ErrorPage error_page);

  void add(Method method, std::string pattern, Access access, Handler handler);
  Response handle(Request& request);
  /// The answer to a request whose body was over the server's limit (see RefuseTooLarge): the
  /// error page in the caller's language, or problem+json, logged and counted like the others.
  Response refuse_too_large(Request& request, std::size_t max_body_bytes);
  const Router& router() const { return router_; }

  /// The CSRF token a pre-login form must carry: reuses the visitor's cookie or sets a new one.
  static std::string form_csrf_token(const Request& request, Response& response);

 private:
  void authenticate(Request& request) const;
  void check_csrf(const Request& request) const;
  Response render_error(const Request& request, int status, const std::string& message,
                        const Error* error) const;
  /// Names the request by its route, for logs and metrics; returns the match.
  Router::Match route(Request& request) const;
  void record(const Request& request, const Response& response,
              std::chrono::steady_clock::time_point started);

  Authenticator& authenticator_;
  Metrics& metrics_;
  ErrorPage error_page_;
  Router router_;
};

/// The staff session cookie carrying `token`; an empty token makes a cookie that deletes it.
Cookie session_cookie(const std::string& token);

/// The first language of an Accept-Language header that is one of `spoken` (by its primary
/// subtag, any Norwegian counting as "nb"), or "" when none is.
std::string accepted_language(const std::string& header, std::span<const std::string_view> spoken);

/// The GDPR portal's addresses (/p/TOKEN, /portal, /portal/...): the pipeline neither
/// authenticates staff on them nor checks the staff CSRF token; the portal handlers check the
/// portal session and its token.
bool is_portal_path(std::string_view path);

/// True for methods that change state and therefore need CSRF protection.
bool is_unsafe(Method method);

}  // namespace vern::http
