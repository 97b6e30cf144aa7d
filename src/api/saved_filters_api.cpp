#include "api/saved_filters_api.hpp"

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json saved_filter_json(const query::SavedFilter& filter) {
  return {{"id", filter.id},
          {"name", filter.name},
          {"owner", filter.owner},
          {"shared", filter.shared},
          {"filter", filter.filter},
          {"created_at", format_rfc3339(filter.created_at)},
          {"updated_at", format_rfc3339(filter.updated_at)}};
}

}  // namespace

void register_saved_filters_api(http::Pipeline& pipeline, query::SavedFilterService& filters) {
  pipeline.add(http::Method::kGet, "/api/v1/saved-filters", http::Access::kStaff,
               [&filters](http::Request& request) {
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& filter : filters.list(*request.context.actor)) {
                   items.push_back(saved_filter_json(filter));
                 }
                 return json_response(200, {{"items", items}, {"next", nullptr}});
               });
  pipeline.add(http::Method::kPost, "/api/v1/saved-filters", http::Access::kStaff,
               [&filters](http::Request& request) {
                 const auto body = parse_object(request);
                 const auto filter = body.find("filter");
                 if (filter == body.end()) {
                   throw Error::invalid_field("filter", "A filter is required.");
                 }
                 return json_response(
                     201, saved_filter_json(filters.create(
                              *request.context.actor, string_field(body, "name"), *filter,
                              optional_bool(body, "shared").value_or(false))));
               });
  pipeline.add(http::Method::kGet, "/api/v1/saved-filters/{id}", http::Access::kStaff,
               [&filters](http::Request& request) {
                 return json_response(
                     200, saved_filter_json(filters.get(*request.context.actor, path_id(request))));
               });
  pipeline.add(http::Method::kPatch, "/api/v1/saved-filters/{id}", http::Access::kStaff,
               [&filters](http::Request& request) {
                 const auto body = parse_object(request);
                 std::optional<nlohmann::json> filter;
                 if (const auto it = body.find("filter"); it != body.end()) {
                   filter = *it;
                 }
                 return json_response(
                     200, saved_filter_json(filters.change(*request.context.actor, path_id(request),
                                                           optional_string(body, "name"), filter,
                                                           optional_bool(body, "shared"))));
               });
  pipeline.add(http::Method::kDelete, "/api/v1/saved-filters/{id}", http::Access::kStaff,
               [&filters](http::Request& request) {
                 filters.remove(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });
}

}  // namespace vern::api
