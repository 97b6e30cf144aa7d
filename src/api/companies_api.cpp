#include "api/companies_api.hpp"

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json company_json(const crm::Company& company) {
  nlohmann::ordered_json json = {{"id", company.id}, {"version", company.version}};
  for (const crm::CompanyField& field : crm::company_fields()) {
    json[std::string(field.key)] = text_or_null(company.*field.member);
  }
  json["created_at"] = format_rfc3339(company.created_at);
  json["updated_at"] = format_rfc3339(company.updated_at);
  return json;
}

http::Response company_response(int status, const nlohmann::ordered_json& body, long long version) {
  auto response = json_response(status, body);
  response.header("ETag", version_etag(version));
  return response;
}

std::map<std::string, std::string, std::less<>> field_values(const nlohmann::json& body) {
  return text_members(
      body, [](std::string_view key) { return crm::find_company_field(key) != nullptr; },
      "No such company field.");
}

crm::Company new_company(const nlohmann::json& body) {
  crm::Company company;
  for (const auto& [key, value] : field_values(body)) {
    company.*crm::find_company_field(key)->member = value;
  }
  return company;
}

}  // namespace

void register_companies_api(http::Pipeline& pipeline, crm::CompanyService& companies) {
  pipeline.add(http::Method::kGet, "/api/v1/companies", http::Access::kStaff,
               [&companies](http::Request& request) {
                 const crm::CompanyQuery query{request.query_param("q"),
                                               request.query_param("after"), list_limit(request)};
                 const auto page = companies.list(*request.context.actor, query);
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& company : page.items) {
                   items.push_back(company_json(company));
                 }
                 return json_response(200, {{"items", items},
                                            {"next", page.next ? nlohmann::ordered_json(*page.next)
                                                               : nlohmann::ordered_json()}});
               });
  pipeline.add(http::Method::kPost, "/api/v1/companies", http::Access::kStaff,
               [&companies](http::Request& request) {
                 const auto company =
                     companies.create(*request.context.actor, new_company(parse_object(request)));
                 return company_response(201, company_json(company), company.version);
               });
  pipeline.add(http::Method::kGet, "/api/v1/companies/{id}", http::Access::kStaff,
               [&companies](http::Request& request) {
                 const auto details = companies.get(*request.context.actor, path_id(request));
                 nlohmann::ordered_json json = company_json(details.company);
                 nlohmann::ordered_json persons = nlohmann::ordered_json::array();
                 for (const auto& person : details.persons) {
                   persons.push_back({{"id", person.id},
                                      {"first_name", text_or_null(person.first_name)},
                                      {"last_name", text_or_null(person.last_name)}});
                 }
                 json["persons"] = persons;
                 return company_response(200, json, details.company.version);
               });
  pipeline.add(http::Method::kPatch, "/api/v1/companies/{id}", http::Access::kStaff,
               [&companies](http::Request& request) {
                 const long long id = path_id(request);
                 const crm::CompanyPatch patch{field_values(parse_object(request)),
                                               if_match_version(request)};
                 const auto company = companies.update(*request.context.actor, id, patch);
                 return company_response(200, company_json(company), company.version);
               });
  pipeline.add(http::Method::kDelete, "/api/v1/companies/{id}", http::Access::kStaff,
               [&companies](http::Request& request) {
                 companies.remove(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });
}

}  // namespace vern::api
