#include "web/request_pages.hpp"

#include <string_view>

#include "common/error.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr int kRequestsPerPage = 50;
// The list's status filter: the open and in-progress requests unless another is chosen.
constexpr std::string_view kActive = "active";
constexpr std::string_view kAll = "all";

std::string label(const http::Request& request, std::string_view prefix, std::string_view key) {
  std::string name(prefix);
  name.append(key);
  return text(request, name);
}

/// The statuses a filter value stands for (none: all); the value itself when it is known.
std::vector<privacy::RequestStatus> filter_statuses(std::string_view filter) {
  if (filter == kAll) {
    return {};
  }
  if (const auto status = privacy::parse_request_status(filter)) {
    return {*status};
  }
  return {privacy::RequestStatus::kOpen, privacy::RequestStatus::kInProgress};
}

nlohmann::json status_links(const http::Request& request, std::string_view current) {
  nlohmann::json links = nlohmann::json::array();
  const auto add = [&](std::string_view value, const std::string& shown) {
    std::string href = "/requests?status=";
    href.append(value);
    links.push_back({{"href", href}, {"label", shown}, {"current", value == current}});
  };
  add(kActive, text(request, "requests_active"));
  for (const auto status : privacy::all_request_statuses()) {
    add(privacy::to_string(status), label(request, "request_status_", privacy::to_string(status)));
  }
  add(kAll, text(request, "requests_all"));
  return links;
}

http::Response list_page(const RequestPages& pages, const http::Request& request) {
  std::string filter = request.query_param("status");
  if (filter != kAll && !privacy::parse_request_status(filter)) {
    filter = kActive;
  }
  privacy::RequestQuery query;
  query.statuses = filter_statuses(filter);
  query.after = request.query_param("after");
  query.limit = kRequestsPerPage;
  const auto page = pages.requests.list(*request.context.actor, query);
  const privacy::Date today = pages.requests.today();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& data_request : page.items) {
    rows.push_back(request_row(request, data_request, today));
  }
  nlohmann::json model;
  model["statuses"] = status_links(request, filter);
  model["has_requests"] = !rows.empty();
  model["requests"] = std::move(rows);
  if (page.next) {
    model["next"] = "/requests?status=" + filter + "&after=" + http::url_encode(*page.next);
  }
  if (request.query_param("deleted") == "1") {
    model["notice"] = text(request, "request_deleted");
  }
  return pages.views.page(request, "requests", text(request, "nav_requests"), std::move(model));
}

/// The options of a select of an enum's values, labelled by the texts `prefix` + name.
template <typename Enum>
nlohmann::json options_of(const http::Request& request, const std::vector<Enum>& values,
                          std::string_view prefix, std::string_view selected) {
  nlohmann::json options = nlohmann::json::array();
  for (const Enum value : values) {
    const std::string key(privacy::to_string(value));
    options.push_back(
        {{"value", key}, {"label", label(request, prefix, key)}, {"selected", key == selected}});
  }
  return options;
}

/// The forms' state: what was typed and the errors, kept when a form comes back with errors.
struct FormState {
  nlohmann::json values = nlohmann::json::object();
  nlohmann::json status_errors = nlohmann::json::object();
  nlohmann::json extend_errors = nlohmann::json::object();
  std::string error;
};

http::Response request_page(const RequestPages& pages, const http::Request& request, long long id,
                            const FormState& state, int status) {
  const auto data_request = pages.requests.get(*request.context.actor, id);
  nlohmann::json facts = request_row(request, data_request, pages.requests.today());
  facts["received_at"] = format_rfc3339(data_request.received_at);
  facts["note"] = data_request.note;
  facts["rejection_reason"] = data_request.rejection_reason;
  facts["extension_months"] = data_request.extension_months;
  facts["extension_reason"] = data_request.extension_reason;
  facts["handled_by"] = data_request.handled_by;
  facts["completed_at"] =
      data_request.completed_at ? format_rfc3339(*data_request.completed_at) : "";
  facts["created_by"] = data_request.created_by;
  facts["created_at"] = format_rfc3339(data_request.created_at);
  facts["version"] = data_request.version;
  const bool open = !privacy::is_closed(data_request.status);
  const int room = privacy::kMaxExtensionMonths - data_request.extension_months;
  nlohmann::json model;
  model["request"] = std::move(facts);
  model["may_handle"] = privacy::RequestService::may_handle(*request.context.actor);
  model["can_change_status"] = privacy::RequestService::may_handle(*request.context.actor) && open;
  model["can_extend"] =
      privacy::RequestService::may_handle(*request.context.actor) && open && room > 0;
  model["status_options"] = options_of(request, privacy::all_request_statuses(), "request_status_",
                                       privacy::to_string(data_request.status));
  nlohmann::json months = nlohmann::json::array();
  for (int month = 1; month <= room; ++month) {
    months.push_back(month);
  }
  model["extend_months"] = std::move(months);
  model["values"] = state.values;
  model["status_errors"] = state.status_errors;
  model["extend_errors"] = state.extend_errors;
  model["error"] = state.error;
  if (request.query_param("saved") == "1") {
    model["notice"] = text(request, "saved");
  }
  return pages.views.page(request, "request", data_request.subject(), std::move(model), status);
}

/// The version the form was drawn with: a change made meanwhile by someone else is refused.
std::optional<long long> form_version(const http::Request& request) {
  return validation::parse_id(request.form_field("version"));
}

/// Runs a form's change; a refusal draws the request's page again with the errors and what was
/// typed.
template <typename Change>
http::Response handle_form(const RequestPages& pages, const http::Request& request, long long id,
                           nlohmann::json FormState::*errors_member, Change&& change) {
  try {
    change();
    return http::Response::redirect(request_path(id) + "?saved=1");
  } catch (const Error& error) {
    FormState state;
    state.values = request.form();
    switch (error.kind()) {
      case ErrorKind::kInvalid:
        state.*errors_member = field_messages(error);
        return request_page(pages, request, id, state, 422);
      case ErrorKind::kConflict:
      case ErrorKind::kPreconditionFailed:
        state.error = error.what();
        return request_page(pages, request, id, state, 409);
      default:
        throw;
    }
  }
}

void register_actions(http::Pipeline& pipeline, const RequestPages& pages) {
  pipeline.add(http::Method::kPost, "/requests/{id}/status", http::Access::kStaff,
               [pages](http::Request& request) {
                 const long long id = path_id(request, "request");
                 return handle_form(pages, request, id, &FormState::status_errors, [&] {
                   privacy::RequestChanges changes;
                   changes.status = request.form_field("status");
                   changes.rejection_reason = request.form_field("rejection_reason");
                   changes.expected_version = form_version(request);
                   pages.requests.update(*request.context.actor, id, changes);
                 });
               });
  pipeline.add(http::Method::kPost, "/requests/{id}/extend", http::Access::kStaff,
               [pages](http::Request& request) {
                 const long long id = path_id(request, "request");
                 return handle_form(pages, request, id, &FormState::extend_errors, [&] {
                   // Anything but 1 or 2 becomes 0, which the service names as wrong.
                   const auto parsed = validation::parse_id(request.form_field("months"));
                   const int months = parsed && *parsed <= privacy::kMaxExtensionMonths
                                          ? static_cast<int>(*parsed)
                                          : 0;
                   pages.requests.extend(*request.context.actor, id, months,
                                         request.form_field("reason"), form_version(request));
                 });
               });
  pipeline.add(http::Method::kPost, "/requests/{id}/delete", http::Access::kStaff,
               [pages](http::Request& request) {
                 pages.requests.remove(*request.context.actor, path_id(request, "request"));
                 return http::Response::redirect("/requests?deleted=1");
               });
}

}  // namespace

nlohmann::json request_row(const http::Request& request, const privacy::DataRequest& data_request,
                           privacy::Date today) {
  const std::string type(privacy::to_string(data_request.type));
  const std::string channel(privacy::to_string(data_request.channel));
  const std::string status(privacy::to_string(data_request.status));
  nlohmann::json row = {
      {"id", data_request.id},
      {"subject", data_request.subject()},
      {"person_id",
       data_request.person_id ? nlohmann::json(*data_request.person_id) : nlohmann::json()},
      {"type", label(request, "request_type_", type)},
      {"channel", label(request, "request_channel_", channel)},
      {"status_key", status},
      {"status", label(request, "request_status_", status)},
      {"received", privacy::format_date(privacy::utc_date(data_request.received_at))},
      {"due", privacy::format_date(data_request.due_date)},
      {"extended", data_request.extension_months > 0}};
  switch (privacy::urgency_of(data_request, today)) {
    case privacy::Urgency::kOverdue:
      row["urgency"] = "overdue";
      row["urgency_label"] = text(request, "request_overdue");
      break;
    case privacy::Urgency::kDueSoon:
      row["urgency"] = "due-soon";
      row["urgency_label"] = text(request, "request_due_soon");
      break;
    case privacy::Urgency::kOnTime:
      row["urgency"] = "on-time";
      break;
    case privacy::Urgency::kClosed:
      row["urgency"] = "closed";
      break;
  }
  return row;
}

std::string request_path(long long id) {
  std::string path = "/requests/";
  path.append(std::to_string(id));
  return path;
}

nlohmann::json type_options(const http::Request& request, const std::string& selected) {
  return options_of(request, privacy::all_request_types(), "request_type_", selected);
}

nlohmann::json channel_options(const http::Request& request, const std::string& selected) {
  return options_of(request, privacy::all_request_channels(), "request_channel_", selected);
}

void register_request_pages(http::Pipeline& pipeline, const RequestPages& pages) {
  pipeline.add(http::Method::kGet, "/requests", http::Access::kStaff,
               [pages](http::Request& request) { return list_page(pages, request); });
  register_request_form(pipeline, pages);
  pipeline.add(http::Method::kGet, "/requests/{id}", http::Access::kStaff,
               [pages](http::Request& request) {
                 return request_page(pages, request, path_id(request, "request"), FormState{}, 200);
               });
  register_actions(pipeline, pages);
}

}  // namespace vern::web
