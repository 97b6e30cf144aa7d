#include "api/api_tokens_api.hpp"

#include "api/json_io.hpp"
#include "common/time_format.hpp"

namespace vern::api {

nlohmann::ordered_json api_token_json(const auth::ApiToken& token) {
  return {{"id", token.id},
          {"name", token.name},
          {"user", token.username},
          {"created_at", format_rfc3339(token.created_at)},
          {"last_used_at", time_or_null(token.last_used_at)},
          {"revoked_at", time_or_null(token.revoked_at)}};
}

void register_api_tokens_api(http::Pipeline& pipeline, auth::AccessService& access) {
  pipeline.add(http::Method::kPost, "/api/v1/api-tokens", http::Access::kStaff,
               [&access](http::Request& request) {
                 const auto body = parse_object(request);
                 const Actor& actor = *request.context.actor;
                 auto created = access.create_api_token(
                     actor, string_field(body, "user", actor.name), string_field(body, "name"));
                 auto json = api_token_json(created.token);
                 json["token"] = created.secret;
                 return json_response(201, json);
               });
  pipeline.add(http::Method::kGet, "/api/v1/api-tokens", http::Access::kStaff,
               [&access](http::Request& request) {
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& token : access.list_api_tokens(*request.context.actor)) {
                   items.push_back(api_token_json(token));
                 }
                 return json_response(200, {{"items", items}, {"next", nullptr}});
               });
  pipeline.add(http::Method::kDelete, "/api/v1/api-tokens/{id}", http::Access::kStaff,
               [&access](http::Request& request) {
                 access.revoke_api_token(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });
}

}  // namespace vern::api
