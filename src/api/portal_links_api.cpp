#include "api/portal_links_api.hpp"

#include <algorithm>

#include "api/json_io.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

using nlohmann::ordered_json;

ordered_json link_json(const portal::PortalLink& link) {
  return {{"id", link.id},
          {"sent_to", link.sent_to},
          {"language", link.language},
          {"created_by", link.created_by},
          {"created_at", format_rfc3339(link.created_at)},
          {"expires_at", format_rfc3339(link.expires_at)},
          {"first_used_at", time_or_null(link.first_used_at)},
          {"last_used_at", time_or_null(link.last_used_at)},
          {"revoked_at", time_or_null(link.revoked_at)},
          {"revoked_by", text_or_null(link.revoked_by)},
          {"status", std::string(to_string(link.status))}};
}

/// The body's `lifetime_hours`, if any. A whole number out of bounds goes to the service, whose
/// message names the bounds; anything else is a 422 here. The body may be left out.
std::optional<int> lifetime_from(const http::Request& request) {
  if (request.body.empty()) {
    return std::nullopt;
  }
  const nlohmann::json body = parse_object(request);
  reject_unknown(body, {"lifetime_hours"});
  const auto it = body.find("lifetime_hours");
  if (it == body.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    throw Error::invalid_field("lifetime_hours", "Must be a whole number of hours.");
  }
  return static_cast<int>(std::clamp<long long>(it->get<long long>(), portal::kMinLifetimeHours - 1,
                                                portal::kMaxLifetimeHours + 1));
}

}  // namespace

void register_portal_links_api(http::Pipeline& pipeline, portal::PortalLinkService& links) {
  pipeline.add(http::Method::kPost, "/api/v1/persons/{id}/portal-links", http::Access::kStaff,
               [&links](http::Request& request) {
                 const long long person_id = path_id(request);
                 const auto lifetime = lifetime_from(request);
                 const auto link = links.send(*request.context.actor, person_id, lifetime);
                 return json_response(201, {{"id", link.id},
                                            {"expires_at", format_rfc3339(link.expires_at)},
                                            {"sent_to", link.sent_to}});
               });
  pipeline.add(http::Method::kGet, "/api/v1/persons/{id}/portal-links", http::Access::kStaff,
               [&links](http::Request& request) {
                 ordered_json items = ordered_json::array();
                 for (const auto& link : links.list(*request.context.actor, path_id(request))) {
                   items.push_back(link_json(link));
                 }
                 return json_response(200, {{"items", items}, {"next", nullptr}});
               });
  pipeline.add(http::Method::kDelete, "/api/v1/portal-links/{id}", http::Access::kStaff,
               [&links](http::Request& request) {
                 links.revoke(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });
}

}  // namespace vern::api
