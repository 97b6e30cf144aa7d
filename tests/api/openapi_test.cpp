#include <algorithm>
#include <cctype>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/assets.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Every API route the server registers is described in openapi.json with its method: an
// endpoint added without its description fails here. (tests/e2e/openapi.test.mjs validates the
// document itself against the OpenAPI 3.1 schema.)
TEST(OpenApi, DescribesEveryRegisteredApiRoute) {
  TestServer server(TestBackend::kSqlite);
  const auto document = nlohmann::json::parse(assets::get("openapi.json"));
  app::WebApp web_app(server.services());
  int checked = 0;
  for (const auto& [method, pattern] : web_app.pipeline().router().routes()) {
    if (!pattern.starts_with("/api/") && pattern != "/healthz" && pattern != "/metrics") {
      continue;
    }
    ++checked;
    ASSERT_TRUE(document["paths"].contains(pattern)) << pattern << " is not in openapi.json";
    EXPECT_TRUE(document["paths"][pattern].contains(lower(http::to_string(method))))
        << http::to_string(method) << " " << pattern << " is not in openapi.json";
  }
  EXPECT_GT(checked, 30);
}

}  // namespace
}  // namespace vern::testing
