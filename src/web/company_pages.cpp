#include "web/company_pages.hpp"

#include <charconv>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

std::string input_type(std::string_view key) {
  if (key == "email") {
    return "email";
  }
  if (key == "phone") {
    return "tel";
  }
  return key == "website" ? "url" : "text";
}

/// The form's inputs in API order, each with its label, value, error and, after a conflict, the
/// value the user tried to save where it differs from the stored one.
nlohmann::json company_inputs(const http::Request& request, const crm::Company& values,
                              const nlohmann::json& errors, const crm::Company* mine) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const auto& field : crm::company_fields()) {
    const std::string key(field.key);
    nlohmann::json input = {{"name", key},
                            {"id", "company-" + key},
                            {"type", input_type(key)},
                            {"label", text(request, "company_" + key)},
                            {"value", values.*field.member}};
    if (errors.contains(key)) {
      input["error"] = errors[key];
    }
    if (mine != nullptr && mine->*field.member != values.*field.member) {
      input["your_value"] = (mine->*field.member).empty() ? std::string("—") : mine->*field.member;
    }
    inputs.push_back(std::move(input));
  }
  return inputs;
}

crm::Company company_from_form(const http::Request& request) {
  crm::Company company;
  for (const auto& field : crm::company_fields()) {
    company.*field.member = request.form_field(std::string(field.key));
  }
  return company;
}

http::Response form_page(const Views& views, const http::Request& request,
                         const crm::Company& values, const nlohmann::json& errors, long long id,
                         long long version, nlohmann::json model, int status) {
  if (!model.contains("inputs")) {
    model["inputs"] = company_inputs(request, values, errors, nullptr);
  }
  model["has_errors"] = !errors.empty();
  model["version"] = std::to_string(version);
  if (id > 0) {
    model["company_id"] = id;
  }
  const std::string heading = set_form_target(model, request, "companies", "company", id);
  return views.page(request, "company_form", heading, std::move(model), status);
}

http::Response list_page(const Views& views, const http::Request& request,
                         crm::CompanyService& companies) {
  crm::CompanyQuery query;
  query.name_prefix = request.query_param("q");
  query.after = request.query_param("after");
  const auto page = companies.list(*request.context.actor, query);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& company : page.items) {
    items.push_back({{"id", company.id},
                     {"name", company.name},
                     {"org_number", company.org_number},
                     {"city", company.city}});
  }
  nlohmann::json model;
  model["companies"] = items;
  model["has_companies"] = !items.empty();
  model["q"] = query.name_prefix;
  if (page.next) {
    model["next"] = "/companies?q=" + http::url_encode(query.name_prefix) +
                    "&after=" + http::url_encode(*page.next);
  }
  return views.page(request, "companies", text(request, "nav_companies"), std::move(model));
}

http::Response company_page(const Views& views, const http::Request& request,
                            crm::CompanyService& companies) {
  const auto details = companies.get(*request.context.actor, path_id(request, "company"));
  const crm::Company& company = details.company;
  nlohmann::json facts = nlohmann::json::array();
  for (const auto& field : crm::company_fields()) {
    const std::string& value = company.*field.member;
    if (field.key != "name" && !value.empty()) {
      facts.push_back(
          {{"label", text(request, "company_" + std::string(field.key))}, {"value", value}});
    }
  }
  nlohmann::json persons = nlohmann::json::array();
  for (const auto& person : details.persons) {
    std::string name = person.first_name;
    if (!person.last_name.empty()) {
      name += (name.empty() ? "" : " ") + person.last_name;
    }
    persons.push_back({{"id", person.id}, {"name", name.empty() ? "—" : name}});
  }
  nlohmann::json model;
  model["company"] = {{"id", company.id},
                      {"name", company.name},
                      {"version", company.version},
                      {"updated", format_rfc3339(company.updated_at)}};
  model["facts"] = facts;
  model["has_facts"] = !facts.empty();
  model["persons"] = persons;
  model["has_persons"] = !persons.empty();
  model["saved"] = request.query_param("saved") == "1";
  return views.page(request, "company", company.name, std::move(model));
}

http::Response save_edit(const Views& views, const http::Request& request,
                         crm::CompanyService& companies) {
  const auto& actor = *request.context.actor;
  const long long id = path_id(request, "company");
  const crm::Company mine = company_from_form(request);
  long long version = 0;
  const std::string version_text = request.form_field("version");
  std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
  crm::CompanyPatch patch;
  for (const auto& field : crm::company_fields()) {
    patch.values.emplace(std::string(field.key), mine.*field.member);
  }
  if (version > 0) {
    patch.expected_version = version;
  }
  try {
    companies.update(actor, id, patch);
    return http::Response::redirect("/companies/" + std::to_string(id) + "?saved=1");
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::kInvalid) {
      return form_page(views, request, mine, field_messages(error), id, version,
                       nlohmann::json::object(), 422);
    }
    if (error.kind() != ErrorKind::kPreconditionFailed) {
      throw;
    }
    const auto current = companies.get(actor, id).company;
    nlohmann::json model;
    model["conflict"] = true;
    model["inputs"] = company_inputs(request, current, nlohmann::json::object(), &mine);
    return form_page(views, request, current, nlohmann::json::object(), id, current.version,
                     std::move(model), 409);
  }
}

}  // namespace

void register_company_pages(http::Pipeline& pipeline, const Views& views,
                            crm::CompanyService& companies) {
  pipeline.add(http::Method::kGet, "/companies", http::Access::kStaff,
               [&views, &companies](http::Request& request) {
                 return list_page(views, request, companies);
               });
  pipeline.add(http::Method::kGet, "/companies/new", http::Access::kStaff,
               [&views](http::Request& request) {
                 return form_page(views, request, {}, nlohmann::json::object(), 0, 0,
                                  nlohmann::json::object(), 200);
               });
  pipeline.add(http::Method::kPost, "/companies/new", http::Access::kStaff,
               [&views, &companies](http::Request& request) {
                 const crm::Company values = company_from_form(request);
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       const auto company = companies.create(*request.context.actor, values);
                       return http::Response::redirect("/companies/" + std::to_string(company.id));
                     },
                     [&](const Error& error) {
                       return form_page(views, request, values, field_messages(error), 0, 0,
                                        nlohmann::json::object(), 422);
                     });
               });
  pipeline.add(http::Method::kGet, "/companies/{id}", http::Access::kStaff,
               [&views, &companies](http::Request& request) {
                 return company_page(views, request, companies);
               });
  pipeline.add(http::Method::kGet, "/companies/{id}/edit", http::Access::kStaff,
               [&views, &companies](http::Request& request) {
                 const auto company =
                     companies.get(*request.context.actor, path_id(request, "company")).company;
                 return form_page(views, request, company, nlohmann::json::object(), company.id,
                                  company.version, nlohmann::json::object(), 200);
               });
  pipeline.add(http::Method::kPost, "/companies/{id}/edit", http::Access::kStaff,
               [&views, &companies](http::Request& request) {
                 return save_edit(views, request, companies);
               });
  pipeline.add(http::Method::kPost, "/companies/{id}/delete", http::Access::kStaff,
               [&companies](http::Request& request) {
                 companies.remove(*request.context.actor, path_id(request, "company"));
                 return http::Response::redirect("/companies");
               });
}

}  // namespace vern::web
