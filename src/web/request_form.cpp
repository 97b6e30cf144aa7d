#include "common/error.hpp"
#include "common/validation.hpp"
#include "web/page_helpers.hpp"
#include "web/request_pages.hpp"

// The form that registers a request; declared with the other request pages in request_pages.hpp.

namespace vern::web {
namespace {

/// The form of a new request: for the person with `person_id` (their name shown, their id sent
/// along) or for someone outside the CRM, named in `subject_name`.
http::Response form_page(const RequestPages& pages, const http::Request& request,
                         std::optional<long long> person_id, nlohmann::json values,
                         nlohmann::json errors, int status) {
  nlohmann::json model;
  if (person_id) {
    const auto person = pages.persons.get(*request.context.actor, *person_id);
    model["person"] = {{"id", person.id}, {"name", person.display_name()}};
  }
  model["types"] = type_options(request, values.value("type", ""));
  model["channels"] = channel_options(request, values.value("channel", ""));
  model["has_errors"] = !errors.empty();
  // An error without an input of its own (a person deleted meanwhile) goes in the box on top.
  nlohmann::json others = nlohmann::json::array();
  if (errors.contains("person_id")) {
    others.push_back(errors["person_id"]);
  }
  model["other_errors"] = std::move(others);
  model["values"] = std::move(values);
  model["errors"] = std::move(errors);
  return pages.views.page(request, "request_form", text(request, "request_new"), std::move(model),
                          status);
}

}  // namespace

void register_request_form(http::Pipeline& pipeline, const RequestPages& pages) {
  pipeline.add(http::Method::kGet, "/requests/new", http::Access::kStaff,
               [pages](http::Request& request) {
                 const std::string asked = request.query_param("person_id");
                 const auto person_id = validation::parse_id(asked);
                 if (!asked.empty() && !person_id) {
                   throw Error::not_found("No such person.");
                 }
                 const nlohmann::json values = {
                     {"type", "access"},
                     {"channel", "email"},
                     {"received_at", privacy::format_date(pages.requests.today())}};
                 return form_page(pages, request, person_id, values, nlohmann::json::object(), 200);
               });
  pipeline.add(http::Method::kPost, "/requests", http::Access::kStaff,
               [pages](http::Request& request) {
                 const auto person_id = validation::parse_id(request.form_field("person_id"));
                 privacy::NewRequest input;
                 input.person_id = person_id;
                 input.subject_name = request.form_field("subject_name");
                 input.type = request.form_field("type");
                 input.channel = request.form_field("channel");
                 input.received_at = request.form_field("received_at");
                 input.note = request.form_field("note");
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       const auto created = pages.requests.create(*request.context.actor, input);
                       return http::Response::redirect(request_path(created.id) + "?saved=1");
                     },
                     [&](const Error& error) {
                       nlohmann::json errors = field_messages(error);
                       // A person who is gone cannot be shown: the form asks for a name instead.
                       const bool person_gone = errors.contains("person_id");
                       return form_page(pages, request, person_gone ? std::nullopt : person_id,
                                        request.form(), std::move(errors), 422);
                     });
               });
}

}  // namespace vern::web
