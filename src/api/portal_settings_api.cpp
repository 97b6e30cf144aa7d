#include "api/portal_settings_api.hpp"

#include "api/json_io.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json settings_json(const portal::PortalSettings& settings) {
  nlohmann::ordered_json json = portal::to_json(settings);
  json["updated_at"] = settings.updated_at == 0
                           ? nlohmann::ordered_json(nullptr)
                           : nlohmann::ordered_json(format_rfc3339(settings.updated_at));
  return json;
}

}  // namespace

void register_portal_settings_api(http::Pipeline& pipeline,
                                  portal::PortalSettingsService& settings) {
  pipeline.add(http::Method::kGet, "/api/v1/portal/settings", http::Access::kStaff,
               [&settings](http::Request& request) {
                 auth::require_role(*request.context.actor, auth::Role::kUser);
                 return json_response(200, settings_json(settings.get()));
               });
  pipeline.add(http::Method::kPatch, "/api/v1/portal/settings", http::Access::kStaff,
               [&settings](http::Request& request) {
                 const auto changes = portal::changes_from_json(parse_object(request));
                 return json_response(
                     200, settings_json(settings.update(*request.context.actor, changes)));
               });
}

}  // namespace vern::api
