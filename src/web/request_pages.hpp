#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "crm/person_service.hpp"
#include "http/pipeline.hpp"
#include "privacy/request_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The services the request pages call.
struct RequestPages {
  const Views& views;
  privacy::RequestService& requests;
  crm::PersonService& persons;
};

/// /requests/{id}
std::string request_path(long long id);
/// A request as lists show it: its subject, type, status and due date, with how urgent it is as
/// a CSS class and a text (never colour alone).
nlohmann::json request_row(const http::Request& request, const privacy::DataRequest& data_request,
                           privacy::Date today);
/// The options of a select of request types or channels, with `selected` marked.
nlohmann::json type_options(const http::Request& request, const std::string& selected);
nlohmann::json channel_options(const http::Request& request, const std::string& selected);

/// The register of data-subject requests: the list by due date (overdue and soon-due requests
/// stand out), a request's page with the forms that move it on (status, with the reason a
/// rejection needs; an extension by one or two months with its reason; deleting) for privacy
/// officers and admins, and the form that registers a new one (register_request_form).
void register_request_pages(http::Pipeline& pipeline, const RequestPages& pages);

/// GET /requests/new (for a person of the CRM with ?person_id=, or for someone outside it by
/// name) and POST /requests; errors beside the inputs, with what was typed kept.
void register_request_form(http::Pipeline& pipeline, const RequestPages& pages);

/// The person's Privacy tab (/persons/{id}/privacy): their requests, and for privacy officers and
/// admins their exports and audit events. One audited read.
void register_privacy_tab(http::Pipeline& pipeline, const RequestPages& pages);

}  // namespace vern::web
