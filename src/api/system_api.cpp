#include "api/system_api.hpp"

#include "common/assets.hpp"

namespace vern::api {

void register_system_api(http::Pipeline& pipeline, storage::Database& database,
                         http::Metrics& metrics) {
  pipeline.add(http::Method::kGet, "/healthz", http::Access::kPublic, [&database](http::Request&) {
    if (!database.ping()) {
      return http::Response::json(503, R"({"status":"unavailable","database":"down"})");
    }
    return http::Response::json(200, R"({"status":"ok","database":"ok"})");
  });
  pipeline.add(http::Method::kGet, "/metrics", http::Access::kPublic,
               [&database, &metrics](http::Request&) {
                 const std::string pool =
                     "# HELP vern_db_pool_size Database connections in the pool.\n"
                     "# TYPE vern_db_pool_size gauge\n"
                     "vern_db_pool_size " +
                     std::to_string(database.pool_size()) + "\n" +
                     "# HELP vern_db_pool_in_use Database connections leased right now.\n"
                     "# TYPE vern_db_pool_in_use gauge\n"
                     "vern_db_pool_in_use " +
                     std::to_string(database.in_use()) + "\n";
                 auto response = http::Response::text(200, metrics.render(pool));
                 response.content_type = "text/plain; version=0.0.4; charset=utf-8";
                 return response;
               });
  pipeline.add(http::Method::kGet, "/api/v1/openapi.json", http::Access::kPublic,
               [](http::Request&) {
                 return http::Response::json(200, std::string(assets::get("openapi.json")));
               });
}

}  // namespace vern::api
