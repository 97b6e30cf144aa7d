#include "api/persons_api.hpp"

#include "api/json_io.hpp"
#include "api/person_json.hpp"
#include "common/error.hpp"
#include "common/page.hpp"

namespace vern::api {
namespace {

http::Response person_response(int status, const crm::Person& person) {
  auto response = json_response(status, person_json(person));
  response.header("ETag", version_etag(person.version));
  return response;
}

http::Response page_response(const query::PersonPage& page) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const auto& person : page.items) {
    items.push_back(person_json(person));
  }
  nlohmann::ordered_json body = {{"items", items}};
  body["next"] = page.next ? nlohmann::ordered_json(*page.next) : nlohmann::ordered_json(nullptr);
  if (page.total) {
    body["total"] = *page.total;
  }
  return json_response(200, body);
}

query::PersonQuery query_from_body(const nlohmann::json& body) {
  query::PersonQuery query;
  query.q = string_field(body, "q");
  if (const auto filter = body.find("filter"); filter != body.end()) {
    query.filter = *filter;
  }
  if (const auto limit = body.find("limit"); limit != body.end() && !limit->is_null()) {
    if (!limit->is_number_integer() || limit->get<long long>() < 1 ||
        limit->get<long long>() > kMaxListLimit) {
      throw Error::invalid_field(
          "limit", "Must be a whole number from 1 to " + std::to_string(kMaxListLimit) + ".");
    }
    query.limit = limit->get<int>();
  }
  query.after = optional_string(body, "after");
  if (const auto count = body.find("count"); count != body.end() && !count->is_null()) {
    if (!count->is_boolean()) {
      throw Error::invalid_field("count", "Must be true or false.");
    }
    query.count = count->get<bool>();
  }
  return query;
}

}  // namespace

void register_persons_api(http::Pipeline& pipeline, crm::PersonService& persons,
                          query::PersonSearchService& person_search) {
  pipeline.add(http::Method::kGet, "/api/v1/persons", http::Access::kStaff,
               [&person_search](http::Request& request) {
                 query::PersonQuery query;
                 query.q = request.query_param("q");
                 query.limit = list_limit(request);
                 if (const std::string after = request.query_param("after"); !after.empty()) {
                   query.after = after;
                 }
                 query.count = request.query_param("count") == "true";
                 return page_response(person_search.search(*request.context.actor, query));
               });
  pipeline.add(http::Method::kPost, "/api/v1/persons/search", http::Access::kStaff,
               [&person_search](http::Request& request) {
                 return page_response(person_search.search(*request.context.actor,
                                                           query_from_body(parse_object(request))));
               });
  pipeline.add(http::Method::kPost, "/api/v1/persons", http::Access::kStaff,
               [&persons](http::Request& request) {
                 return person_response(
                     201, persons.create(*request.context.actor, parse_object(request)));
               });
  pipeline.add(http::Method::kGet, "/api/v1/persons/{id}", http::Access::kStaff,
               [&persons](http::Request& request) {
                 return person_response(200, persons.get(*request.context.actor, path_id(request)));
               });
  pipeline.add(
      http::Method::kPatch, "/api/v1/persons/{id}", http::Access::kStaff,
      [&persons](http::Request& request) {
        const long long id = path_id(request);
        const auto version = if_match_version(request);
        return person_response(
            200, persons.patch(*request.context.actor, id, parse_object(request), version).person);
      });
  pipeline.add(
      http::Method::kPatch, "/api/v1/persons/{id}/processing", http::Access::kStaff,
      [&persons](http::Request& request) {
        const nlohmann::json body = parse_object(request);
        crm::ProcessingChanges changes;
        FieldErrors errors;
        const auto flag = [&](const char* key, std::optional<bool>& target) {
          if (const auto it = body.find(key); it != body.end()) {
            if (it->is_boolean()) {
              target = it->get<bool>();
            } else {
              errors.add(key, "Must be true or false.");
            }
          }
        };
        const auto text = [&](const char* key, std::optional<std::string>& target) {
          if (const auto it = body.find(key); it != body.end()) {
            if (it->is_string() || it->is_null()) {
              target = it->is_null() ? std::string() : it->get<std::string>();
            } else {
              errors.add(key, "Must be a string.");
            }
          }
        };
        add_unknown_members(body,
                            {"processing_restricted", "restriction_reason",
                             "objects_to_direct_marketing", "legal_hold", "legal_hold_reason"},
                            errors,
                            "No such field: give processing_restricted, restriction_reason, "
                            "objects_to_direct_marketing, legal_hold or legal_hold_reason.");
        flag("processing_restricted", changes.processing_restricted);
        text("restriction_reason", changes.restriction_reason);
        flag("objects_to_direct_marketing", changes.objects_to_direct_marketing);
        flag("legal_hold", changes.legal_hold);
        text("legal_hold_reason", changes.legal_hold_reason);
        errors.throw_if_any();
        return person_response(
            200, persons.set_processing(*request.context.actor, path_id(request), changes));
      });
  pipeline.add(http::Method::kDelete, "/api/v1/persons/{id}", http::Access::kStaff,
               [&persons](http::Request& request) {
                 persons.remove(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });
}

}  // namespace vern::api
