#include "web/person_pages.hpp"

#include <charconv>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "web/page_helpers.hpp"
#include "web/person_form.hpp"
#include "web/portal_link_pages.hpp"

namespace vern::web {
namespace {

FormErrors form_errors(const Error& error) {
  FormErrors errors;
  for (const auto& field_error : error.field_errors()) {
    errors.emplace(field_error.field, field_error.message);
  }
  return errors;
}

/// What the person form shows: the values, the company as typed and the errors beside fields.
struct PersonFormState {
  nlohmann::json values;
  CompanyChoice company;
  FormErrors errors;
};

http::Response form_page(const Views& views, const http::Request& request,
                         const std::vector<crm::FieldDefinition>& fields,
                         const PersonFormState& state, const std::string& action, long long version,
                         nlohmann::json extra, int status) {
  nlohmann::json model = std::move(extra);
  if (!model.contains("inputs")) {
    model["inputs"] = person_form_inputs(fields, state.values, state.errors, request.context.locale,
                                         state.company);
  }
  model["action"] = action;
  model["version"] = std::to_string(version);
  model["has_errors"] = !state.errors.empty();
  const bool editing = version > 0;
  model["heading"] = text(request, editing ? "person_edit" : "person_new");
  return views.page(request, "person_form", model["heading"].get<std::string>(), model, status);
}

std::optional<crm::Company> company_of(crm::CompanyService& companies, const Actor& actor,
                                       const crm::Person& person) {
  return person.company_id ? companies.find(actor, *person.company_id) : std::nullopt;
}

/// The person's company as the form shows it: by its label, which names it even when another
/// company has the same name.
CompanyChoice company_choice(crm::CompanyService& companies, const Actor& actor,
                             const crm::Person& person) {
  const auto company = company_of(companies, actor, person);
  return company ? CompanyChoice{crm::company_label(*company), company->id} : CompanyChoice{};
}

/// Sets the typed company's id in the values (null when the input is empty); false, with the
/// reason beside the company input, when the text names no company or several.
bool resolve_company(crm::CompanyService& companies, const http::Request& request,
                     PersonFormState& state) {
  if (state.company.text.empty()) {
    state.values["company_id"] = nullptr;
    return true;
  }
  const auto matches =
      companies.find_by_label(*request.context.actor, state.company.text, state.company.current_id);
  if (matches.size() == 1) {
    state.values["company_id"] = matches.front().id;
    return true;
  }
  if (matches.empty()) {
    state.errors["company_id"] = text(request, "company_not_found");
    return false;
  }
  std::string labels;
  for (const crm::Company& company : matches) {
    labels += (labels.empty() ? "" : "; ") + crm::company_label(company);
  }
  state.errors["company_id"] = text(request, "company_ambiguous") + " " + labels;
  return false;
}

std::string shown_value(const nlohmann::json& value) {
  if (value.is_null()) {
    return "—";
  }
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// After a conflict: the current values in the form, and beside each field the value the user
/// tried to save where it differs, so nothing typed is lost.
nlohmann::json conflict_inputs(nlohmann::json inputs, const PersonFormState& mine,
                               const nlohmann::json& current) {
  for (auto& input : inputs) {
    if (input.contains("is_company")) {
      if (mine.values.value("company_id", nlohmann::json()) !=
          current.value("company_id", nlohmann::json())) {
        input["your_value"] = mine.company.text.empty() ? "—" : mine.company.text;
      }
      continue;
    }
    const std::string name = input["name"].get<std::string>();
    const bool custom = name.starts_with("c.");
    const std::string key = name.substr(2);
    const nlohmann::json& source =
        custom ? mine.values.value("custom", nlohmann::json::object()) : mine.values;
    const nlohmann::json& now =
        custom ? current.value("custom", nlohmann::json::object()) : current;
    const nlohmann::json submitted = source.value(key, nlohmann::json());
    const nlohmann::json stored = now.value(key, nlohmann::json());
    if (submitted != stored && !(submitted.is_null() && stored.is_null())) {
      input["your_value"] = shown_value(submitted);
    }
  }
  return inputs;
}

}  // namespace

void register_person_pages(http::Pipeline& pipeline, const Views& views, crm::FieldService& fields,
                           crm::PersonService& persons, crm::CompanyService& companies,
                           portal::PortalLinkService& portal_links) {
  pipeline.add(http::Method::kGet, "/persons/new", http::Access::kStaff,
               [&views, &fields](http::Request& request) {
                 const auto all = fields.list(*request.context.actor);
                 return form_page(views, request, all, {nlohmann::json::object(), {}, {}},
                                  "/persons/new", 0, nlohmann::json::object(), 200);
               });
  pipeline.add(http::Method::kPost, "/persons/new", http::Access::kStaff,
               [&views, &fields, &persons, &companies](http::Request& request) {
                 const auto all = fields.list(*request.context.actor);
                 PersonFormState state{
                     person_values_from_form(all, request), company_choice_from_form(request), {}};
                 if (!resolve_company(companies, request, state)) {
                   return form_page(views, request, all, state, "/persons/new", 0,
                                    nlohmann::json::object(), 422);
                 }
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       const auto person = persons.create(*request.context.actor, state.values);
                       return http::Response::redirect("/persons/" + std::to_string(person.id));
                     },
                     [&](const Error& error) {
                       state.errors = form_errors(error);
                       return form_page(views, request, all, state, "/persons/new", 0,
                                        nlohmann::json::object(), 422);
                     });
               });
  pipeline.add(
      http::Method::kGet, "/persons/{id}", http::Access::kStaff,
      [&views, &fields, &persons, &companies, &portal_links](http::Request& request) {
        const auto& actor = *request.context.actor;
        const auto person = persons.get(actor, path_id(request, "person"));
        const auto company = company_of(companies, actor, person);
        nlohmann::json model;
        model["person"] = {{"id", person.id},
                           {"name", person.display_name()},
                           {"version", person.version},
                           {"updated", format_rfc3339(person.updated_at)}};
        model["details"] = person_details(fields.list(actor), person, request.context.locale,
                                          company ? company->name : std::string());
        model["saved"] = request.query_param("saved") == "1";
        model["can_delete"] = crm::PersonService::may_delete(actor);
        const auto since = [](const std::optional<UnixTime>& time) {
          return time ? format_rfc3339(*time) : std::string();
        };
        model["processing"] = {{"restricted", person.processing_restricted},
                               {"restriction_reason", person.restriction_reason},
                               {"restricted_at", since(person.restricted_at)},
                               {"objects", person.objects_to_direct_marketing},
                               {"objection_at", since(person.objection_at)},
                               {"held", person.legal_hold},
                               {"hold_reason", person.legal_hold_reason},
                               {"held_at", since(person.legal_hold_at)},
                               {"can_hold", crm::PersonService::may_hold(actor)},
                               {"reason_needed", !request.query_param("reason_needed").empty()}};
        model["portal_link"] = portal_link_panel(request, portal_links, person);
        return views.page(request, "person", person.display_name(), model);
      });
  pipeline.add(http::Method::kGet, "/persons/{id}/edit", http::Access::kStaff,
               [&views, &fields, &persons, &companies](http::Request& request) {
                 const auto& actor = *request.context.actor;
                 const auto person = persons.get(actor, path_id(request, "person"));
                 const PersonFormState state{
                     form_values(person), company_choice(companies, actor, person), {}};
                 return form_page(views, request, fields.list(actor), state,
                                  "/persons/" + std::to_string(person.id) + "/edit", person.version,
                                  {{"person_id", person.id}}, 200);
               });
  pipeline.add(
      http::Method::kPost, "/persons/{id}/edit", http::Access::kStaff,
      [&views, &fields, &persons, &companies](http::Request& request) {
        const auto& actor = *request.context.actor;
        const long long id = path_id(request, "person");
        const auto all = fields.list(actor);
        PersonFormState state{
            person_values_from_form(all, request), company_choice_from_form(request), {}};
        const std::string action = "/persons/" + std::to_string(id) + "/edit";
        long long version = 0;
        const std::string version_text = request.form_field("version");
        std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
        if (!resolve_company(companies, request, state)) {
          return form_page(views, request, all, state, action, version, {{"person_id", id}}, 422);
        }
        try {
          persons.patch(actor, id, state.values,
                        version > 0 ? std::optional(version) : std::nullopt);
          return http::Response::redirect("/persons/" + std::to_string(id) + "?saved=1");
        } catch (const Error& error) {
          if (error.kind() == ErrorKind::kInvalid) {
            state.errors = form_errors(error);
            return form_page(views, request, all, state, action, version, {{"person_id", id}}, 422);
          }
          if (error.kind() != ErrorKind::kPreconditionFailed) {
            throw;
          }
          const auto current = persons.get(actor, id);
          const PersonFormState now{
              form_values(current), company_choice(companies, actor, current), {}};
          nlohmann::json extra = {{"person_id", id}, {"conflict", true}};
          extra["inputs"] = conflict_inputs(
              person_form_inputs(all, now.values, {}, request.context.locale, now.company), state,
              now.values);
          return form_page(views, request, all, now, action, current.version, extra, 409);
        }
      });
  pipeline.add(http::Method::kPost, "/persons/{id}/delete", http::Access::kStaff,
               [&persons](http::Request& request) {
                 persons.remove(*request.context.actor, path_id(request, "person"));
                 return http::Response::redirect("/persons");
               });
}

}  // namespace vern::web
