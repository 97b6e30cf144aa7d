#include "http/router.hpp"

#include <string>

#include <gtest/gtest.h>

namespace vern::http {
namespace {

Handler answering(std::string body) {
  return [body = std::move(body)](Request&) { return Response::text(200, body); };
}

Request request_for(Method method, std::string path) {
  Request request;
  request.method = method;
  request.path = std::move(path);
  return request;
}

std::string run(const Router::Match& match, Request& request) {
  return match.handler == nullptr ? std::string("(none)") : (*match.handler)(request).body;
}

TEST(Router, MatchesLiteralPath) {
  Router router;
  router.add(Method::kGet, "/persons", answering("list"));
  auto request = request_for(Method::kGet, "/persons");
  const auto match = router.match(request);
  EXPECT_EQ(run(match, request), "list");
  EXPECT_EQ(match.pattern, "/persons");
  EXPECT_TRUE(match.path_known);
}

TEST(Router, MatchesRoot) {
  Router router;
  router.add(Method::kGet, "/", answering("home"));
  router.add(Method::kGet, "/{page}", answering("page"));
  auto request = request_for(Method::kGet, "/");
  EXPECT_EQ(run(router.match(request), request), "home");
}

TEST(Router, CapturesNamedSegments) {
  Router router;
  router.add(Method::kGet, "/api/v1/persons/{id}/history/{entry}", answering("entry"));
  auto request = request_for(Method::kGet, "/api/v1/persons/42/history/7");
  EXPECT_EQ(run(router.match(request), request), "entry");
  EXPECT_EQ(request.path_param("id"), "42");
  EXPECT_EQ(request.path_param("entry"), "7");
}

TEST(Router, LiteralSegmentBeatsCapture) {
  for (const bool literal_first : {true, false}) {
    Router router;
    if (literal_first) {
      router.add(Method::kGet, "/users/new", answering("new form"));
      router.add(Method::kGet, "/users/{id}", answering("user"));
    } else {
      router.add(Method::kGet, "/users/{id}", answering("user"));
      router.add(Method::kGet, "/users/new", answering("new form"));
    }
    auto new_request = request_for(Method::kGet, "/users/new");
    EXPECT_EQ(run(router.match(new_request), new_request), "new form");
    EXPECT_TRUE(new_request.path_params.empty());
    auto user_request = request_for(Method::kGet, "/users/5");
    EXPECT_EQ(run(router.match(user_request), user_request), "user");
    EXPECT_EQ(user_request.path_param("id"), "5");
  }
}

TEST(Router, LeftmostLiteralDecides) {
  Router router;
  router.add(Method::kGet, "/users/{id}/edit", answering("edit user"));
  router.add(Method::kGet, "/users/new/{step}", answering("wizard"));
  auto request = request_for(Method::kGet, "/users/new/edit");
  EXPECT_EQ(run(router.match(request), request), "wizard");
  EXPECT_EQ(request.path_param("step"), "edit");
}

TEST(Router, SegmentCountMustMatchExactly) {
  Router router;
  router.add(Method::kGet, "/users/{id}", answering("user"));
  for (const std::string path : {"/users", "/users/5/extra", "/users/5/", "/", ""}) {
    auto request = request_for(Method::kGet, path);
    const auto match = router.match(request);
    EXPECT_EQ(match.handler, nullptr) << path;
    EXPECT_FALSE(match.path_known) << path;
  }
}

TEST(Router, CaptureMatchesEmptySegment) {
  Router router;
  router.add(Method::kGet, "/tags/{name}", answering("tag"));
  auto request = request_for(Method::kGet, "/tags/");
  EXPECT_EQ(run(router.match(request), request), "tag");
  EXPECT_EQ(request.path_param("name"), "");
}

TEST(Router, WrongMethodReportsKnownPath) {
  Router router;
  router.add(Method::kGet, "/persons/{id}", answering("show"));
  router.add(Method::kPatch, "/persons/{id}", answering("update"));
  auto request = request_for(Method::kDelete, "/persons/3");
  const auto match = router.match(request);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_TRUE(match.path_known);
  auto patch = request_for(Method::kPatch, "/persons/3");
  EXPECT_EQ(run(router.match(patch), patch), "update");
}

TEST(Router, UnknownPathIsNotKnown) {
  Router router;
  router.add(Method::kGet, "/persons", answering("list"));
  auto request = request_for(Method::kGet, "/companies");
  const auto match = router.match(request);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_FALSE(match.path_known);
  EXPECT_TRUE(match.pattern.empty());
}

TEST(Router, HeadIsAnsweredByGetRoute) {
  Router router;
  router.add(Method::kGet, "/persons", answering("list"));
  auto request = request_for(Method::kHead, "/persons");
  EXPECT_EQ(run(router.match(request), request), "list");
}

TEST(Router, CapturedValuesAreDecodedOnce) {
  Router router;
  router.add(Method::kGet, "/persons/by-name/{name}", answering("person"));
  Request request = request_for(Method::kGet, "/persons/by-name/J\xC3\xB6rg %41");
  request.raw_path = "/persons/by-name/J%C3%B6rg%20%2541+x";
  EXPECT_EQ(run(router.match(request), request), "person");
  EXPECT_EQ(request.path_param("name"), "J\xC3\xB6rg %41+x");
}

TEST(Router, EncodedSlashStaysInsideItsSegment) {
  Router router;
  router.add(Method::kGet, "/files/{name}", answering("file"));
  Request request = request_for(Method::kGet, "/files/a/b");
  request.raw_path = "/files/a%2Fb";
  EXPECT_EQ(run(router.match(request), request), "file");
  EXPECT_EQ(request.path_param("name"), "a/b");
}

TEST(Router, HandBuiltRequestWithoutRawPathMatchesOnPath) {
  Router router;
  router.add(Method::kGet, "/persons/{id}", answering("person"));
  auto request = request_for(Method::kGet, "/persons/J%C3%B6rg");
  EXPECT_EQ(run(router.match(request), request), "person");
  EXPECT_EQ(request.path_param("id"), "J\xC3\xB6rg");
}

TEST(Router, LiteralSegmentsCompareDecoded) {
  Router router;
  router.add(Method::kGet, "/users/new", answering("new form"));
  Request request = request_for(Method::kGet, "/users/new");
  request.raw_path = "/users/%6Eew";
  EXPECT_EQ(run(router.match(request), request), "new form");
}

TEST(Router, FailedMatchLeavesNoStaleParameters) {
  Router router;
  router.add(Method::kGet, "/persons/{id}", answering("person"));
  auto request = request_for(Method::kGet, "/persons/1");
  ASSERT_NE(router.match(request).handler, nullptr);
  request.path = "/persons/2";
  ASSERT_NE(router.match(request).handler, nullptr);
  EXPECT_EQ(request.path_params.size(), 1U);
  EXPECT_EQ(request.path_param("id"), "2");
}

}  // namespace
}  // namespace vern::http
