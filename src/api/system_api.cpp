#include "api/system_api.hpp"

#include <string>

#include "common/assets.hpp"

namespace vern::api {

void register_system_api(http::Pipeline& pipeline, std::function<bool()> database_up,
                         const http::Metrics& metrics) {
  pipeline.add(http::Method::kGet, "/healthz", http::Access::kPublic,
               [database_up = std::move(database_up)](http::Request&) {
                 if (!database_up()) {
                   return http::Response::json(503,
                                               R"({"status":"unavailable","database":"down"})");
                 }
                 return http::Response::json(200, R"({"status":"ok","database":"ok"})");
               });
  pipeline.add(http::Method::kGet, "/metrics", http::Access::kPublic, [&metrics](http::Request&) {
    auto response = http::Response::text(200, metrics.render());
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return response;
  });
  pipeline.add(http::Method::kGet, "/api/v1/openapi.json", http::Access::kPublic,
               [](http::Request&) {
                 return http::Response::json(200, std::string(assets::get("openapi.json")));
               });
}

}  // namespace vern::api
