#include "web/user_pages.hpp"

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

http::Response users_page(const Views& views, const http::Request& request,
                          auth::UserService& users, nlohmann::json model, int status = 200) {
  const auto& locale = request.context.locale;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& user : users.list(*request.context.actor)) {
    list.push_back({{"id", user.id},
                    {"username", user.username},
                    {"display_name", user.display_name},
                    {"role_label", i18n::text(locale, "role_" + std::string(to_string(user.role)))},
                    {"active", user.active},
                    {"created", format_rfc3339(user.created_at).substr(0, 10)}});
  }
  model["users"] = list;
  model["min_password"] = std::to_string(auth::kMinPasswordLength);
  return views.page(request, "users", i18n::text(locale, "nav_users"), std::move(model), status);
}

http::Response tokens_page(const Views& views, const http::Request& request,
                           auth::AccessService& access, nlohmann::json model) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& token : access.list_api_tokens(*request.context.actor)) {
    list.push_back({{"id", token.id},
                    {"name", token.name},
                    {"user", token.username},
                    {"created", format_rfc3339(token.created_at)},
                    {"last_used", token.last_used_at ? format_rfc3339(*token.last_used_at) : ""},
                    {"revoked", token.revoked_at.has_value()}});
  }
  model["tokens"] = list;
  return views.page(request, "tokens", i18n::text(request.context.locale, "nav_tokens"),
                    std::move(model));
}

}  // namespace

void register_user_pages(http::Pipeline& pipeline, const Views& views, auth::UserService& users,
                         auth::AccessService& access) {
  pipeline.add(http::Method::kGet, "/admin/users", http::Access::kStaff,
               [&views, &users](http::Request& request) {
                 nlohmann::json model = saved_notice(request);
                 model["form"] = {{"role_user", true}};
                 return users_page(views, request, users, model);
               });
  pipeline.add(http::Method::kPost, "/admin/users", http::Access::kStaff,
               [&views, &users](http::Request& request) {
                 const std::string role_text = request.form_field("role");
                 auth::NewUser input{
                     request.form_field("username"), request.form_field("display_name"),
                     parse_role(role_text).value_or(Role::kUser), request.form_field("password"),
                     request.form_field("locale").empty() ? "en" : request.form_field("locale")};
                 return or_shown_again(
                     {ErrorKind::kInvalid, ErrorKind::kConflict},
                     [&] {
                       if (!parse_role(role_text)) {
                         throw Error::invalid_field("role", "Choose a role.");
                       }
                       users.create(*request.context.actor, input);
                       return http::Response::redirect("/admin/users?done=1");
                     },
                     [&](const Error& error) {
                       nlohmann::json model;
                       model["errors"] = field_messages(error);
                       model["error"] = error.what();
                       model["form"] = {{"username", input.username},
                                        {"display_name", input.display_name},
                                        {"role_" + role_text, true}};
                       return users_page(views, request, users, model, 422);
                     });
               });
  for (const bool active : {true, false}) {
    pipeline.add(http::Method::kPost,
                 active ? "/admin/users/{id}/activate" : "/admin/users/{id}/deactivate",
                 http::Access::kStaff, [&users, active](http::Request& request) {
                   users.set_active(*request.context.actor, path_id(request, "user"), active);
                   return http::Response::redirect("/admin/users?done=1");
                 });
  }
  pipeline.add(http::Method::kPost, "/admin/users/{id}/password", http::Access::kStaff,
               [&views, &users](http::Request& request) {
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       users.reset_password(*request.context.actor, path_id(request, "user"),
                                            request.form_field("password"));
                       return http::Response::redirect("/admin/users?done=1");
                     },
                     [&](const Error& error) {
                       nlohmann::json model;
                       model["error"] = error.field_errors().empty()
                                            ? std::string(error.what())
                                            : error.field_errors()[0].message;
                       model["form"] = {{"role_user", true}};
                       return users_page(views, request, users, model, 422);
                     });
               });
  pipeline.add(http::Method::kGet, "/account/tokens", http::Access::kStaff,
               [&views, &access](http::Request& request) {
                 return tokens_page(views, request, access, nlohmann::json::object());
               });
  pipeline.add(http::Method::kPost, "/account/tokens", http::Access::kStaff,
               [&views, &access](http::Request& request) {
                 const Actor& actor = *request.context.actor;
                 nlohmann::json model;
                 try {
                   auto created =
                       access.create_api_token(actor, actor.name, request.form_field("name"));
                   model["new_token"] = created.secret;
                 } catch (const Error& error) {
                   if (error.kind() != ErrorKind::kInvalid) {
                     throw;
                   }
                   model["errors"] = field_messages(error);
                 }
                 return tokens_page(views, request, access, model);
               });
  pipeline.add(http::Method::kPost, "/account/tokens/{id}/revoke", http::Access::kStaff,
               [&access](http::Request& request) {
                 access.revoke_api_token(*request.context.actor, path_id(request, "token"));
                 return http::Response::redirect("/account/tokens");
               });
}

}  // namespace vern::web
