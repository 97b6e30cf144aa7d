#include "web/session_pages.hpp"

#include "common/error.hpp"
#include "common/i18n.hpp"

namespace vern::web {
namespace {

/// Only local paths are followed after login, so the form cannot send anyone elsewhere.
std::string safe_next(const std::string& next) {
  if (next.empty() || next.front() != '/' || next.starts_with("//") ||
      next.find('\\') != std::string::npos) {
    return "/";
  }
  return next;
}

http::Response login_page(const Views& views, const http::Request& request,
                          const std::string& error, int status) {
  http::Response response;
  nlohmann::json model;
  model["next"] = safe_next(request.query_param("next").empty() ? request.form_field("next")
                                                                : request.query_param("next"));
  model["username"] = request.form_field("username");
  if (!error.empty()) {
    model["error"] = error;
  }
  model["form_csrf"] = http::Pipeline::form_csrf_token(request, response);
  const std::string title = i18n::text(request.context.locale, "login_heading");
  http::Response page = views.page(request, "login", title, model, status);
  page.cookies = response.cookies;
  return page;
}

}  // namespace

void register_session_pages(http::Pipeline& pipeline, const Views& views,
                            auth::AccessService& access, auth::UserService& users) {
  pipeline.add(http::Method::kGet, "/login", http::Access::kPublic,
               [&views](http::Request& request) {
                 if (request.context.actor) {
                   return http::Response::redirect("/");
                 }
                 return login_page(views, request, "", 200);
               });
  pipeline.add(http::Method::kPost, "/login", http::Access::kPublic,
               [&views, &access](http::Request& request) {
                 try {
                   auto login =
                       access.login(request.form_field("username"), request.form_field("password"),
                                    request.client_address);
                   auto response = http::Response::redirect(safe_next(request.form_field("next")));
                   response.cookies.push_back(http::session_cookie(login.session_token));
                   return response;
                 } catch (const Error& error) {
                   const std::string locale = request.context.locale;
                   const bool throttled = error.kind() == ErrorKind::kThrottled;
                   const std::string message =
                       i18n::text(locale, throttled ? "login_throttled" : "login_failed");
                   return login_page(views, request, message, throttled ? 429 : 401);
                 }
               });
  pipeline.add(http::Method::kPost, "/logout", http::Access::kStaff,
               [&access](http::Request& request) {
                 access.logout(request.cookie(std::string(http::kSessionCookie)));
                 auto response = http::Response::redirect("/login");
                 response.cookies.push_back(http::session_cookie(""));
                 return response;
               });
  pipeline.add(http::Method::kPost, "/settings/language", http::Access::kStaff,
               [&users](http::Request& request) {
                 users.set_own_locale(*request.context.actor, request.form_field("locale"));
                 return http::Response::redirect("/");
               });
}

}  // namespace vern::web
