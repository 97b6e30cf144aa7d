#include "web/portal_link_pages.hpp"

#include <charconv>

#include "common/error.hpp"
#include "common/time_format.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

std::string person_path(long long person_id) {
  return "/persons/" + std::to_string(person_id);
}

std::string time_or_dash(const std::optional<UnixTime>& time) {
  return time ? format_rfc3339(*time) : std::string("—");
}

nlohmann::json link_model(const http::Request& request, const portal::PortalLink& link) {
  const std::string status(to_string(link.status));
  nlohmann::json model = {{"id", link.id},
                          {"status", status},
                          {"status_label", text(request, "portal_link_status_" + status)},
                          {"active", link.status == portal::PortalLink::Status::kActive},
                          {"sent_to", link.sent_to},
                          {"created_at", format_rfc3339(link.created_at)},
                          {"created_by", link.created_by},
                          {"expires_at", format_rfc3339(link.expires_at)},
                          {"first_used", time_or_dash(link.first_used_at)},
                          {"last_used", time_or_dash(link.last_used_at)},
                          {"revoked", link.revoked_at.has_value()}};
  if (link.revoked_at) {
    model["revoked_at"] = format_rfc3339(*link.revoked_at);
    model["revoked_by"] = link.revoked_by;
  }
  return model;
}

/// The confirmation page: to whom, in which language, for how long; or why nothing can be sent.
http::Response confirmation_page(const Views& views, const http::Request& request,
                                 const portal::LinkPreview& preview, const std::string& lifetime,
                                 nlohmann::json model, int status) {
  model["preview"] = {{"person_id", preview.person_id},
                      {"person_name", preview.person_name},
                      {"send_to", preview.send_to},
                      {"has_email", !preview.send_to.empty()},
                      {"language", text(request, "portal_link_language_" + preview.language)}};
  model["lifetime"] = lifetime;
  return views.page(request, "person_portal_link", text(request, "portal_link_send"),
                    std::move(model), status);
}

/// The typed lifetime; anything but a whole number becomes -1, which the service refuses with
/// its own message.
int lifetime_from_form(const std::string& typed) {
  int hours = -1;
  const auto [end, error] = std::from_chars(typed.data(), typed.data() + typed.size(), hours);
  return error == std::errc() && end == typed.data() + typed.size() ? hours : -1;
}

}  // namespace

nlohmann::json portal_link_panel(const http::Request& request, portal::PortalLinkService& links,
                                 const crm::Person& person) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& link : links.list(*request.context.actor, person.id)) {
    items.push_back(link_model(request, link));
  }
  nlohmann::json panel = {{"can_send", !person.email.empty()},
                          {"has_links", !items.empty()},
                          {"links", std::move(items)}};
  const std::string done = request.query_param("portal_link");
  if (done == "sent" || done == "revoked") {
    panel["notice"] = text(request, "portal_link_" + done);
  }
  return panel;
}

void register_portal_link_pages(http::Pipeline& pipeline, const Views& views,
                                portal::PortalLinkService& links) {
  pipeline.add(
      http::Method::kGet, "/persons/{id}/portal-link", http::Access::kStaff,
      [&views, &links](http::Request& request) {
        const auto preview = links.preview(*request.context.actor, path_id(request, "person"));
        return confirmation_page(views, request, preview, std::to_string(preview.lifetime_hours),
                                 nlohmann::json::object(), 200);
      });
  pipeline.add(
      http::Method::kPost, "/persons/{id}/portal-link", http::Access::kStaff,
      [&views, &links](http::Request& request) {
        const auto& actor = *request.context.actor;
        const long long person_id = path_id(request, "person");
        const std::string typed = request.form_field("lifetime_hours");
        return or_shown_again(
            {ErrorKind::kInvalid},
            [&] {
              links.send(actor, person_id, lifetime_from_form(typed));
              return http::Response::redirect(person_path(person_id) + "?portal_link=sent");
            },
            [&](const Error& error) {
              nlohmann::json model = error_model(error);
              const nlohmann::json messages = field_messages(error);
              if (messages.contains("lifetime_hours")) {
                model["lifetime_error"] = messages["lifetime_hours"];
              }
              return confirmation_page(views, request, links.preview(actor, person_id), typed,
                                       std::move(model), 422);
            });
      });
  pipeline.add(http::Method::kPost, "/persons/{id}/portal-links/{link_id}/revoke",
               http::Access::kStaff, [&links](http::Request& request) {
                 const long long person_id = path_id(request, "person");
                 links.revoke(*request.context.actor, path_id(request, "portal link", "link_id"));
                 return http::Response::redirect(person_path(person_id) + "?portal_link=revoked");
               });
}

}  // namespace vern::web
