#include "api/session_api.hpp"

#include "api/json_io.hpp"
#include "common/actor.hpp"
#include "common/error.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json session_json(const Actor& actor, const std::string& display_name,
                                    const std::string& csrf_token) {
  return {{"user",
           {{"id", actor.user_id},
            {"username", actor.name},
            {"display_name", display_name},
            {"role", to_string(actor.role)}}},
          {"csrf_token", csrf_token}};
}

}  // namespace

void register_session_api(http::Pipeline& pipeline, auth::AccessService& access) {
  pipeline.add(http::Method::kPost, "/api/v1/session", http::Access::kPublic,
               [&access](http::Request& request) {
                 const auto body = parse_object(request);
                 auto login = access.login(string_field(body, "username"),
                                           string_field(body, "password"), request.client_address);
                 auto response = json_response(
                     201,
                     session_json(login.user.actor(), login.user.display_name, login.csrf_token));
                 response.cookies.push_back(http::session_cookie(login.session_token));
                 return response;
               });
  pipeline.add(http::Method::kGet, "/api/v1/session", http::Access::kStaff,
               [](http::Request& request) {
                 const auto& context = request.context;
                 return json_response(
                     200, session_json(*context.actor, context.display_name, context.csrf_token));
               });
  pipeline.add(http::Method::kDelete, "/api/v1/session", http::Access::kStaff,
               [&access](http::Request& request) {
                 access.logout(request.cookie(std::string(http::kSessionCookie)));
                 auto response = http::Response::no_content();
                 response.cookies.push_back(http::session_cookie(""));
                 return response;
               });
}

}  // namespace vern::api
