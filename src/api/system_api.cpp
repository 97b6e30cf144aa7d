#include "api/system_api.hpp"

#include <string>
#include <string_view>

#include "common/assets.hpp"

namespace vern::api {

void register_system_api(http::Pipeline& pipeline, storage::Database& database,
                         audit::AuditLog& audit, http::Metrics& metrics,
                         mail::OutboxService& outbox, const mail::DeliveryCounters& delivery) {
  pipeline.add(http::Method::kGet, "/healthz", http::Access::kPublic, [&database](http::Request&) {
    if (!database.ping()) {
      return http::Response::json(503, R"({"status":"unavailable","database":"down"})");
    }
    return http::Response::json(200, R"({"status":"ok","database":"ok"})");
  });
  pipeline.add(
      http::Method::kGet, "/metrics", http::Access::kPublic,
      [&database, &audit, &metrics, &outbox, &delivery](http::Request&) {
        const audit::GroupCommitStats commits = audit.group_commit_stats();
        std::string extra;
        const auto add = [&extra](std::string_view name, std::string_view type,
                                  std::string_view help, auto value) {
          extra.append("# HELP ").append(name).append(" ").append(help).append("\n");
          extra.append("# TYPE ").append(name).append(" ").append(type).append("\n");
          extra.append(name).append(" ").append(std::to_string(value)).append("\n");
        };
        add("vern_db_pool_size", "gauge", "Database connections in the pool.",
            database.pool_size());
        add("vern_db_pool_in_use", "gauge", "Database connections leased right now.",
            database.in_use());
        add("vern_audit_group_commits_total", "counter",
            "Transactions that appended audited reads (group commits).", commits.commits);
        add("vern_audit_group_events_total", "counter",
            "Audited-read events appended by group commits.", commits.events);
        add("vern_audit_group_gathered_total", "counter",
            "Group commits whose leader waited a moment for others to join.", commits.gathered);
        add("vern_audit_group_waiting", "gauge", "Audited reads waiting for the next group commit.",
            commits.waiting);
        add("vern_outbox_depth", "gauge",
            "Messages in the outbox waiting to be sent or being sent.", outbox.depth());
        add("vern_mail_sent_total", "counter",
            "Messages delivered by this server's workers (the send rate is its rate).",
            delivery.sent.load());
        add("vern_mail_retried_total", "counter",
            "Delivery attempts that failed for now and will be retried.", delivery.retried.load());
        add("vern_mail_failed_total", "counter",
            "Messages given up: a permanent failure, or retries over a day.",
            delivery.failed.load());
        auto response = http::Response::text(200, metrics.render(extra));
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        return response;
      });
  pipeline.add(http::Method::kGet, "/api/v1/openapi.json", http::Access::kPublic,
               [](http::Request&) {
                 return http::Response::json(200, std::string(assets::get("openapi.json")));
               });
}

}  // namespace vern::api
