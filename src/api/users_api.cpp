#include "api/users_api.hpp"

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json user_json(const auth::User& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"role", to_string(user.role)},
          {"active", user.active},
          {"locale", user.locale},
          {"created_at", format_rfc3339(user.created_at)},
          {"updated_at", format_rfc3339(user.updated_at)}};
}

Role role_field(const nlohmann::json& body) {
  const std::string text = string_field(body, "role", "user");
  auto role = parse_role(text);
  if (!role) {
    throw Error::invalid_field("role", "Choose user, privacy_officer or admin.");
  }
  return *role;
}

}  // namespace

void register_users_api(http::Pipeline& pipeline, auth::UserService& users) {
  pipeline.add(http::Method::kGet, "/api/v1/users", http::Access::kStaff,
               [&users](http::Request& request) {
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& user : users.list(*request.context.actor)) {
                   items.push_back(user_json(user));
                 }
                 return json_response(200, {{"items", items}, {"next", nullptr}});
               });
  pipeline.add(
      http::Method::kPost, "/api/v1/users", http::Access::kStaff, [&users](http::Request& request) {
        const auto body = parse_object(request);
        auth::NewUser input{string_field(body, "username"), string_field(body, "display_name"),
                            role_field(body), string_field(body, "password"),
                            string_field(body, "locale", "en")};
        return json_response(201, user_json(users.create(*request.context.actor, input)));
      });
  pipeline.add(http::Method::kGet, "/api/v1/users/{id}", http::Access::kStaff,
               [&users](http::Request& request) {
                 return json_response(
                     200, user_json(users.get(*request.context.actor, path_id(request))));
               });
  pipeline.add(http::Method::kPatch, "/api/v1/users/{id}", http::Access::kStaff,
               [&users](http::Request& request) {
                 const auto body = parse_object(request);
                 const Actor& actor = *request.context.actor;
                 const long long id = path_id(request);
                 if (auto active = body.find("active"); active != body.end()) {
                   if (!active->is_boolean()) {
                     throw Error::invalid_field("active", "Must be true or false.");
                   }
                   users.set_active(actor, id, active->get<bool>());
                 }
                 if (auto password = optional_string(body, "password")) {
                   users.reset_password(actor, id, *password);
                 }
                 return json_response(200, user_json(users.get(actor, id)));
               });
}

}  // namespace vern::api
