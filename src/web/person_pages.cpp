#include "web/person_pages.hpp"

#include <charconv>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "web/page_helpers.hpp"
#include "web/person_form.hpp"

namespace vern::web {
namespace {

FormErrors form_errors(const Error& error) {
  FormErrors errors;
  for (const auto& field_error : error.field_errors()) {
    errors.emplace(field_error.field, field_error.message);
  }
  return errors;
}

http::Response form_page(const Views& views, const http::Request& request,
                         const std::vector<crm::FieldDefinition>& fields,
                         const nlohmann::json& values, const FormErrors& errors,
                         const std::string& action, long long version, nlohmann::json extra,
                         int status) {
  nlohmann::json model = std::move(extra);
  if (!model.contains("inputs")) {
    model["inputs"] = person_form_inputs(fields, values, errors, request.context.locale);
  }
  model["action"] = action;
  model["version"] = std::to_string(version);
  model["has_errors"] = !errors.empty();
  const bool editing = version > 0;
  model["heading"] = text(request, editing ? "person_edit" : "person_new");
  return views.page(request, "person_form", model["heading"].get<std::string>(), model, status);
}

/// After a conflict: the current values in the form, and beside each field the value the user
/// tried to save where it differs, so nothing typed is lost.
nlohmann::json conflict_inputs(nlohmann::json inputs, const nlohmann::json& mine,
                               const nlohmann::json& current) {
  for (auto& input : inputs) {
    const std::string name = input["name"].get<std::string>();
    const bool custom = name.starts_with("c.");
    const std::string key = name.substr(2);
    const nlohmann::json& source = custom ? mine.value("custom", nlohmann::json::object()) : mine;
    const nlohmann::json& now =
        custom ? current.value("custom", nlohmann::json::object()) : current;
    const nlohmann::json submitted = source.value(key, nlohmann::json());
    const nlohmann::json stored = now.value(key, nlohmann::json());
    if (submitted != stored && !(submitted.is_null() && stored.is_null())) {
      input["your_value"] = submitted.is_null()     ? std::string("—")
                            : submitted.is_string() ? submitted.get<std::string>()
                                                    : submitted.dump();
    }
  }
  return inputs;
}

}  // namespace

void register_person_pages(http::Pipeline& pipeline, const Views& views, crm::FieldService& fields,
                           crm::PersonService& persons, crm::CompanyService& companies) {
  pipeline.add(http::Method::kGet, "/persons/new", http::Access::kStaff,
               [&views, &fields](http::Request& request) {
                 const auto all = fields.list(*request.context.actor);
                 return form_page(views, request, all, nlohmann::json::object(), {}, "/persons/new",
                                  0, nlohmann::json::object(), 200);
               });
  pipeline.add(http::Method::kPost, "/persons/new", http::Access::kStaff,
               [&views, &fields, &persons](http::Request& request) {
                 const auto all = fields.list(*request.context.actor);
                 const nlohmann::json values = person_values_from_form(all, request);
                 try {
                   const auto person = persons.create(*request.context.actor, values);
                   return http::Response::redirect("/persons/" + std::to_string(person.id));
                 } catch (const Error& error) {
                   if (error.kind() != ErrorKind::kInvalid) {
                     throw;
                   }
                   return form_page(views, request, all, values, form_errors(error), "/persons/new",
                                    0, nlohmann::json::object(), 422);
                 }
               });
  pipeline.add(http::Method::kGet, "/persons/{id}", http::Access::kStaff,
               [&views, &fields, &persons, &companies](http::Request& request) {
                 const auto& actor = *request.context.actor;
                 const auto person = persons.get(actor, path_id(request, "person"));
                 std::string company_name;
                 if (person.company_id) {
                   if (auto company = companies.find(actor, *person.company_id)) {
                     company_name = company->name;
                   }
                 }
                 nlohmann::json model;
                 model["person"] = {{"id", person.id},
                                    {"name", person.display_name()},
                                    {"version", person.version},
                                    {"updated", format_rfc3339(person.updated_at)}};
                 model["details"] = person_details(fields.list(actor), person,
                                                   request.context.locale, company_name);
                 model["saved"] = request.query_param("saved") == "1";
                 model["can_delete"] = actor.role == auth::Role::kAdmin;
                 return views.page(request, "person", person.display_name(), model);
               });
  pipeline.add(http::Method::kGet, "/persons/{id}/edit", http::Access::kStaff,
               [&views, &fields, &persons, &companies](http::Request& request) {
                 const auto& actor = *request.context.actor;
                 const auto person = persons.get(actor, path_id(request, "person"));
                 std::string company_name;
                 if (person.company_id) {
                   if (auto company = companies.find(actor, *person.company_id)) {
                     company_name = company->name;
                   }
                 }
                 return form_page(views, request, fields.list(actor), person_values(person), {},
                                  "/persons/" + std::to_string(person.id) + "/edit", person.version,
                                  {{"person_id", person.id}}, 200);
               });
  pipeline.add(
      http::Method::kPost, "/persons/{id}/edit", http::Access::kStaff,
      [&views, &fields, &persons](http::Request& request) {
        const auto& actor = *request.context.actor;
        const long long id = path_id(request, "person");
        const auto all = fields.list(actor);
        const nlohmann::json values = person_values_from_form(all, request);
        const std::string action = "/persons/" + std::to_string(id) + "/edit";
        long long version = 0;
        const std::string version_text = request.form_field("version");
        std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
        try {
          persons.patch(actor, id, values, version > 0 ? std::optional(version) : std::nullopt);
          return http::Response::redirect("/persons/" + std::to_string(id) + "?saved=1");
        } catch (const Error& error) {
          if (error.kind() == ErrorKind::kInvalid) {
            return form_page(views, request, all, values, form_errors(error), action, version,
                             {{"person_id", id}}, 422);
          }
          if (error.kind() != ErrorKind::kPreconditionFailed) {
            throw;
          }
          const auto current = persons.get(actor, id);
          const nlohmann::json current_values = person_values(current);
          nlohmann::json extra = {{"person_id", id}, {"conflict", true}};
          extra["inputs"] =
              conflict_inputs(person_form_inputs(all, current_values, {}, request.context.locale),
                              values, current_values);
          return form_page(views, request, all, current_values, {}, action, current.version, extra,
                           409);
        }
      });
  pipeline.add(http::Method::kPost, "/persons/{id}/delete", http::Access::kStaff,
               [&persons](http::Request& request) {
                 persons.remove(*request.context.actor, path_id(request, "person"));
                 return http::Response::redirect("/persons");
               });
}

}  // namespace vern::web
