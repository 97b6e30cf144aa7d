#include "http/response.hpp"

#include <gtest/gtest.h>

#include "http/security_headers.hpp"

namespace vern::http {
namespace {

TEST(HttpCookie, HeaderValueCarriesEveryAttributeSet) {
  Cookie cookie;
  cookie.name = "vern_session";
  cookie.value = "abc123";
  cookie.max_age = 3600;
  cookie.secure = true;
  EXPECT_EQ(cookie.header_value(),
            "vern_session=abc123; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure");
}

TEST(HttpCookie, SessionCookieHasNoMaxAge) {
  Cookie cookie{"lang", "nb"};
  cookie.http_only = false;
  cookie.same_site = "Strict";
  EXPECT_EQ(cookie.header_value(), "lang=nb; Path=/; SameSite=Strict");
}

TEST(HttpCookie, DeletionHasMaxAgeZero) {
  Cookie cookie{"vern_session", ""};
  cookie.max_age = 0;
  EXPECT_EQ(cookie.header_value(), "vern_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

TEST(HttpCookie, ValueCannotAddAttributesOrLines) {
  Cookie cookie{"lang", "nb; Domain=evil.example\r\nX-Injected: 1"};
  cookie.path = "/portal;Secure";
  EXPECT_EQ(cookie.header_value(),
            "lang=nbDomain=evil.exampleX-Injected:1; Path=/portalSecure; HttpOnly; SameSite=Lax");
}

TEST(HttpResponse, HelpersSetStatusBodyAndContentType) {
  const auto text = Response::text(404, "not here");
  EXPECT_EQ(text.status, 404);
  EXPECT_EQ(text.body, "not here");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(Response::html(200, "<p>").content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Response::json(201, "{}").content_type, "application/json");
}

TEST(HttpResponse, RedirectIsSeeOtherWithLocation) {
  const auto redirect = Response::redirect("/persons/7");
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.find_header("Location"), "/persons/7");
  EXPECT_EQ(Response::redirect("/login", 302).status, 302);
}

TEST(HttpResponse, NoContentIs204WithoutBody) {
  const auto response = Response::no_content();
  EXPECT_EQ(response.status, 204);
  EXPECT_TRUE(response.body.empty());
}

TEST(HttpResponse, FindHeaderIgnoresCase) {
  Response response;
  response.header("Cache-Control", "max-age=60");
  EXPECT_EQ(response.find_header("cache-control"), "max-age=60");
  EXPECT_EQ(response.find_header("CACHE-CONTROL"), "max-age=60");
  EXPECT_EQ(response.find_header("Etag"), "");
}

TEST(HttpSecurityHeaders, AddedToEveryResponse) {
  Response response = Response::html(200, "<p>hi</p>");
  add_security_headers(response, BehindTls::kNo);
  EXPECT_EQ(response.find_header("Content-Security-Policy"),
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  EXPECT_EQ(response.find_header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response.find_header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(response.find_header("X-Frame-Options"), "DENY");
  EXPECT_EQ(response.find_header("Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(response.find_header("Permissions-Policy"), "camera=(), microphone=(), geolocation=()");
  EXPECT_EQ(response.find_header("Cache-Control"), "no-store");
  EXPECT_EQ(response.find_header("Strict-Transport-Security"), "");
}

TEST(HttpSecurityHeaders, OwnCacheControlIsKept) {
  Response response;
  response.header("cache-control", "public, max-age=3600");
  add_security_headers(response, BehindTls::kNo);
  EXPECT_EQ(response.find_header("Cache-Control"), "public, max-age=3600");
}

TEST(HttpSecurityHeaders, HandlerCannotWeakenThem) {
  Response response;
  response.header("x-frame-options", "SAMEORIGIN");
  add_security_headers(response, BehindTls::kNo);
  EXPECT_EQ(response.find_header("X-Frame-Options"), "DENY");
  int count = 0;
  for (const auto& header : response.headers) {
    count += header.first == "X-Frame-Options" || header.first == "x-frame-options" ? 1 : 0;
  }
  EXPECT_EQ(count, 1);
}

TEST(HttpSecurityHeaders, BehindTlsAddsHstsAndSecureCookies) {
  Response response;
  response.cookies.push_back(Cookie{"vern_session", "abc"});
  add_security_headers(response, BehindTls::kYes);
  EXPECT_NE(response.find_header("Strict-Transport-Security").find("max-age="), std::string::npos);
  EXPECT_TRUE(response.cookies.front().secure);
}

}  // namespace
}  // namespace vern::http
