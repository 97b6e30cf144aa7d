#include "api/requests_api.hpp"

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

using nlohmann::ordered_json;

ordered_json request_json(const privacy::DataRequest& request) {
  return {{"id", request.id},
          {"version", request.version},
          {"person_id", request.person_id ? ordered_json(*request.person_id) : ordered_json()},
          {"subject_name", text_or_null(request.subject_name)},
          {"type", privacy::to_string(request.type)},
          {"received_at", format_rfc3339(request.received_at)},
          {"channel", privacy::to_string(request.channel)},
          {"note", text_or_null(request.note)},
          {"status", privacy::to_string(request.status)},
          {"rejection_reason", text_or_null(request.rejection_reason)},
          {"due_at", privacy::format_date(request.due_date)},
          {"extension_months", request.extension_months},
          {"extension_reason", text_or_null(request.extension_reason)},
          {"handled_by", text_or_null(request.handled_by)},
          {"completed_at", time_or_null(request.completed_at)},
          {"created_by", request.created_by},
          {"created_at", format_rfc3339(request.created_at)},
          {"updated_at", format_rfc3339(request.updated_at)}};
}

/// `person_id`: absent gives nothing, null unlinks, else a positive whole number.
std::optional<std::optional<long long>> person_member(const nlohmann::json& body,
                                                      FieldErrors& errors) {
  const auto it = body.find("person_id");
  if (it == body.end()) {
    return std::nullopt;
  }
  if (it->is_null()) {
    return std::optional<long long>();
  }
  if (!it->is_number_integer() || it->get<long long>() <= 0) {
    errors.add("person_id", "Must be a person's id (a positive whole number) or null.");
    return std::nullopt;
  }
  return std::optional<long long>(it->get<long long>());
}

privacy::RequestChanges request_changes(const nlohmann::json& body, bool handling) {
  FieldErrors errors;
  if (handling) {
    add_unknown_members(body,
                        {"person_id", "subject_name", "type", "received_at", "channel", "note",
                         "status", "rejection_reason"},
                        errors);
  } else {
    add_unknown_members(
        body, {"person_id", "subject_name", "type", "received_at", "channel", "note"}, errors);
  }
  privacy::RequestChanges changes;
  changes.person_id = person_member(body, errors);
  changes.subject_name = changed_text(body, "subject_name", errors);
  changes.type = changed_text(body, "type", errors);
  changes.received_at = changed_text(body, "received_at", errors);
  changes.channel = changed_text(body, "channel", errors);
  changes.note = changed_text(body, "note", errors);
  if (handling) {
    changes.status = changed_text(body, "status", errors);
    changes.rejection_reason = changed_text(body, "rejection_reason", errors);
  }
  errors.throw_if_any();
  return changes;
}

privacy::NewRequest new_request(const nlohmann::json& body) {
  const privacy::RequestChanges changes = request_changes(body, false);
  return {changes.person_id.value_or(std::nullopt),
          changes.subject_name.value_or(""),
          changes.type.value_or(""),
          changes.channel.value_or(""),
          changes.received_at.value_or(""),
          changes.note.value_or("")};
}

/// ?status=open or several, comma-separated (?status=open,in_progress).
std::vector<privacy::RequestStatus> status_param(const http::Request& request) {
  std::vector<privacy::RequestStatus> statuses;
  const std::string text = request.query_param("status");
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const auto status = privacy::parse_request_status(text.substr(start, comma - start));
    if (!status) {
      throw Error::invalid_field("status", "Use open, in_progress, completed or rejected.");
    }
    statuses.push_back(*status);
    start = comma + 1;
  }
  return statuses;
}

http::Response page_response(const privacy::RequestPage& page) {
  ordered_json items = ordered_json::array();
  for (const auto& request : page.items) {
    items.push_back(request_json(request));
  }
  ordered_json body = {{"items", items},
                       {"next", page.next ? ordered_json(*page.next) : ordered_json()}};
  if (page.total) {
    body["total"] = *page.total;
  }
  return json_response(200, body);
}

struct Extension {
  int months = 0;
  std::string reason;
};

Extension extension_from(const nlohmann::json& body) {
  FieldErrors errors;
  add_unknown_members(body, {"months", "reason"}, errors);
  Extension extension;
  const auto months = body.find("months");
  if (months == body.end() || !months->is_number_integer() || months->get<long long>() < 1 ||
      months->get<long long>() > privacy::kMaxExtensionMonths) {
    errors.add("months", "Extend by 1 or 2 months.");
  } else {
    extension.months = months->get<int>();
  }
  extension.reason = changed_text(body, "reason", errors).value_or("");
  errors.throw_if_any();
  return extension;
}

}  // namespace

void register_requests_api(http::Pipeline& pipeline, privacy::RequestService& requests) {
  pipeline.add(http::Method::kGet, "/api/v1/requests", http::Access::kStaff,
               [&requests](http::Request& request) {
                 privacy::RequestQuery query;
                 query.statuses = status_param(request);
                 query.person_id = integer_param(request, "person_id");
                 query.after = request.query_param("after");
                 query.limit = list_limit(request);
                 query.count = request.query_param("count") == "true";
                 return page_response(requests.list(*request.context.actor, query));
               });
  pipeline.add(http::Method::kPost, "/api/v1/requests", http::Access::kStaff,
               [&requests](http::Request& request) {
                 const auto created =
                     requests.create(*request.context.actor, new_request(parse_object(request)));
                 return json_response(201, request_json(created));
               });
  pipeline.add(http::Method::kGet, "/api/v1/requests/{id}", http::Access::kStaff,
               [&requests](http::Request& request) {
                 return json_response(
                     200, request_json(requests.get(*request.context.actor, path_id(request))));
               });
  pipeline.add(http::Method::kPatch, "/api/v1/requests/{id}", http::Access::kStaff,
               [&requests](http::Request& request) {
                 const long long id = path_id(request);
                 auto changes = request_changes(parse_object(request), true);
                 changes.expected_version = if_match_version(request);
                 return json_response(
                     200, request_json(requests.update(*request.context.actor, id, changes)));
               });
  pipeline.add(http::Method::kDelete, "/api/v1/requests/{id}", http::Access::kStaff,
               [&requests](http::Request& request) {
                 requests.remove(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });
  pipeline.add(http::Method::kPost, "/api/v1/requests/{id}/extend", http::Access::kStaff,
               [&requests](http::Request& request) {
                 const long long id = path_id(request);
                 const Extension extension = extension_from(parse_object(request));
                 return json_response(200, request_json(requests.extend(
                                               *request.context.actor, id, extension.months,
                                               extension.reason, if_match_version(request))));
               });
}

}  // namespace vern::api
