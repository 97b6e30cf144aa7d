#include "api/system_api.hpp"

#include <atomic>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "mail/delivery.hpp"
#include "mail/transport.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class SystemApiTest : public ServerTest {};

TEST_P(SystemApiTest, HealthzChecksTheDatabase) {
  const HttpResult health = server().client().get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body)["database"], "ok");
}

TEST_P(SystemApiTest, MetricsCountRequestsByRouteAndStatus) {
  HttpClient http = server().client();
  http.get("/healthz");
  http.get("/no/such/page");
  const HttpResult metrics = http.get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find(
                R"(vern_http_requests_total{method="GET",route="/healthz",status="200"} 1)"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("status=\"404\""), std::string::npos);
  EXPECT_NE(metrics.body.find("vern_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("vern_db_pool_size"), std::string::npos);
}

TEST_P(SystemApiTest, MetricsCountTheAuditGroupCommits) {
  HttpClient http = server().client();
  const auto counter = [&http](const std::string& name) {
    const std::string body = http.get("/metrics").body;
    const std::size_t at = body.find("\n" + name + " ");
    EXPECT_NE(at, std::string::npos) << body;
    return at == std::string::npos ? -1 : std::stoll(body.substr(at + name.size() + 2));
  };
  const long long commits = counter("vern_audit_group_commits_total");
  const long long events = counter("vern_audit_group_events_total");
  // An audited read through the API: one more event, in one more group commit. (Creating the
  // person is audited inside its own transaction, not by a group commit.)
  const std::string auth = "Authorization: Bearer " + server().api_token("admin");
  const HttpResult created =
      http.post("/api/v1/persons", R"({"first_name":"Kari"})", "application/json", {auth});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(json::parse(created.body)["id"].get<long long>());
  ASSERT_EQ(http.get("/api/v1/persons/" + id, {auth}).status, 200);
  EXPECT_EQ(counter("vern_audit_group_commits_total"), commits + 1);
  EXPECT_EQ(counter("vern_audit_group_events_total"), events + 1);
}

TEST_P(SystemApiTest, MetricsShowTheOutboxDepthAndTheMessagesDelivered) {
  HttpClient http = server().client();
  const auto value = [&http](const std::string& name) {
    const std::string body = http.get("/metrics").body;
    const std::size_t at = body.find("\n" + name + " ");
    EXPECT_NE(at, std::string::npos) << body;
    return at == std::string::npos ? -1 : std::stoll(body.substr(at + name.size() + 2));
  };
  EXPECT_EQ(value("vern_outbox_depth"), 0);
  const long long sent = value("vern_mail_sent_total");
  const std::string auth = "Authorization: Bearer " + server().api_token("admin");
  for (const std::string name : {"kari", "ola", "per"}) {
    ASSERT_EQ(http.post("/api/v1/persons",
                        json{{"first_name", name}, {"email", name + "@example.no"}}.dump(),
                        "application/json", {auth})
                  .status,
              201);
  }
  const HttpResult created = http.post(
      "/api/v1/mailings",
      R"({"name":"Notice","purpose":"service","subject":"Hei","body":"Hei {{first_name}}"})",
      "application/json", {auth});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(json::parse(created.body)["id"].get<long long>());
  ASSERT_EQ(http.post("/api/v1/mailings/" + id + "/send", "", "application/json", {auth}).status,
            202);
  while (server().services().mailings().expand_next().has_value()) {
  }
  EXPECT_EQ(value("vern_outbox_depth"), 3);

  // Delivered by a worker of this server into a mail folder.
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("vern-metrics-" + std::to_string(getpid()));
  auto& services = server().services();
  mail::Delivery delivery(services.database(), services.clock(), services.doorbell(),
                          services.delivery_counters(), nullptr, mail::DeliveryOptions{});
  mail::FileDropTransport transport(folder);
  const std::atomic<bool> stop{false};
  EXPECT_EQ(delivery.deliver_batch("metrics-test", transport, stop), 3U);
  std::filesystem::remove_all(folder);
  EXPECT_EQ(value("vern_outbox_depth"), 0);
  EXPECT_EQ(value("vern_mail_sent_total"), sent + 3);
}

TEST_P(SystemApiTest, OpenApiDocumentDescribesTheApi) {
  const HttpResult document = server().client().get("/api/v1/openapi.json");
  ASSERT_EQ(document.status, 200);
  const json openapi = json::parse(document.body);
  EXPECT_EQ(openapi["openapi"], "3.1.0");
  EXPECT_TRUE(openapi["paths"].contains("/api/v1/session"));
  EXPECT_TRUE(openapi["paths"].contains("/api/v1/audit"));
}

TEST_P(SystemApiTest, EveryResponseCarriesTheSecurityHeaders) {
  HttpClient http = server().client();
  for (const std::string path : {"/login", "/api/v1/users", "/nowhere", "/static/vern.css"}) {
    const HttpResult result = http.get(path);
    EXPECT_NE(result.header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << path;
    EXPECT_EQ(result.header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(result.header("referrer-policy"), "no-referrer") << path;
  }
}

TEST_P(SystemApiTest, UnknownApiPathsAnswerProblemJsonAndPagesAnHtmlPage) {
  HttpClient http = server().client();
  const HttpResult api = http.get("/api/v1/nothing-here");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.header("content-type"), "application/problem+json");
  const HttpResult page = http.get("/nothing-here");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("<main"), std::string::npos);
  EXPECT_EQ(http.request("PUT", "/healthz", "", {}).status, 405);
}

TEST_P(SystemApiTest, StaticAssetsHaveAnEtagAndAnswer304WhenUnchanged) {
  HttpClient http = server().client();
  const HttpResult css = http.get("/static/vern.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_NE(css.header("content-type").find("text/css"), std::string::npos);
  const std::string etag = css.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(css.header("cache-control").find("max-age"), std::string::npos);
  EXPECT_EQ(http.get("/static/vern.css", {"If-None-Match: " + etag}).status, 304);
  EXPECT_EQ(http.get("/static/missing.css").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Databases, SystemApiTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
