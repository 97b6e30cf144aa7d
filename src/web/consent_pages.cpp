#include "web/consent_pages.hpp"

#include <array>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr std::array<consent::LegalBasis, 6> kBases = {
    consent::LegalBasis::kA, consent::LegalBasis::kB, consent::LegalBasis::kC,
    consent::LegalBasis::kD, consent::LegalBasis::kE, consent::LegalBasis::kF};

std::string source_label(const http::Request& request, consent::Source source) {
  return text(request, "source_" + std::string(consent::to_string(source)));
}

std::string state_label(const http::Request& request, consent::State state) {
  return text(request, "state_" + std::string(consent::to_string(state)));
}

http::Response consents_tab(const Views& views, const http::Request& request,
                            crm::PersonService& persons, consent::ConsentService& consents,
                            long long person_id, nlohmann::json model, int status) {
  const auto& actor = *request.context.actor;
  const std::string& locale = request.context.locale;
  const auto person = persons.get(actor, person_id);
  model["person"] = {{"id", person.id}, {"name", person.display_name()}};
  model["on_consents"] = true;
  const auto found = consents.of_person(actor, person_id);
  nlohmann::json current = nlohmann::json::array();
  std::map<std::string, std::string> names;
  for (const auto& each : found.current) {
    names[each.type.key] = each.type.names.in(locale);
    nlohmann::json row = {{"key", each.type.key},
                          {"name", each.type.names.in(locale)},
                          {"active", each.type.active},
                          {"state", consent::to_string(each.state)},
                          {"state_label", state_label(request, each.state)},
                          {"granted", each.state == consent::State::kGranted},
                          {"since", ""},
                          {"by", ""},
                          {"source", ""},
                          {"text_version", ""}};
    if (each.latest) {
      row["since"] = format_rfc3339(each.latest->occurred_at);
      row["by"] = each.latest->actor;
      row["source"] = source_label(request, each.latest->source);
      row["text_version"] = each.latest->text_version;
    }
    current.push_back(std::move(row));
  }
  nlohmann::json events = nlohmann::json::array();
  for (const auto& event : found.events) {
    const auto name = names.find(event.consent_type);
    events.push_back(
        {{"when", format_rfc3339(event.occurred_at)},
         {"name", name == names.end() ? event.consent_type : name->second},
         {"state_label", state_label(request, event.granted ? consent::State::kGranted
                                                            : consent::State::kWithdrawn)},
         {"text_version", event.text_version},
         {"source", source_label(request, event.source)},
         {"by", event.actor},
         {"note", event.note},
         {"purpose", found.text_of(event).in(locale)}});
  }
  model["has_current"] = !current.empty();
  model["current"] = std::move(current);
  model["has_events"] = !events.empty();
  model["events"] = std::move(events);
  return views.page(request, "person_consents",
                    person.display_name() + " · " + text(request, "tab_consents"), std::move(model),
                    status);
}

/// The consent type form's values, from a type or from what was posted.
nlohmann::json type_values(const consent::ConsentType& type) {
  return {{"key", type.key},
          {"name_en", type.names.en},
          {"name_nb", type.names.nb},
          {"name_sv", type.names.sv},
          {"purpose_en", type.purposes.en},
          {"purpose_nb", type.purposes.nb},
          {"purpose_sv", type.purposes.sv},
          {"legal_basis", consent::to_string(type.legal_basis)},
          {"active", type.active},
          {"portal_changeable", type.portal_changeable}};
}

consent::NewConsentType posted_type(const http::Request& request) {
  consent::NewConsentType type;
  type.key = request.form_field("key");
  type.names = labels_from_form(request, "name");
  type.purposes = labels_from_form(request, "purpose");
  type.legal_basis = consent::parse_legal_basis(request.form_field("legal_basis"));
  type.active = request.form_field("active") == "1";
  type.portal_changeable = request.form_field("portal_changeable") == "1";
  return type;
}

nlohmann::json posted_values(const http::Request& request) {
  nlohmann::json values;
  for (const char* name : {"key", "name_en", "name_nb", "name_sv", "purpose_en", "purpose_nb",
                           "purpose_sv", "legal_basis"}) {
    values[name] = request.form_field(name);
  }
  values["active"] = request.form_field("active") == "1";
  values["portal_changeable"] = request.form_field("portal_changeable") == "1";
  return values;
}

nlohmann::json basis_options(const std::string& selected) {
  nlohmann::json options = nlohmann::json::array();
  for (const consent::LegalBasis basis : kBases) {
    options.push_back({{"value", consent::to_string(basis)},
                       {"label", consent::describe(basis)},
                       {"selected", consent::to_string(basis) == selected}});
  }
  return options;
}

http::Response types_page(const Views& views, const http::Request& request,
                          consent::ConsentService& consents, nlohmann::json model, int status) {
  const std::string& locale = request.context.locale;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& type : consents.list_types(*request.context.actor)) {
    list.push_back({{"key", type.key},
                    {"name", type.names.in(locale)},
                    {"basis", consent::describe(type.legal_basis)},
                    {"text_version", type.text_version},
                    {"active", type.active},
                    {"portal_changeable", type.portal_changeable}});
  }
  model["has_types"] = !list.empty();
  model["types"] = std::move(list);
  if (!model.contains("values")) {
    model["values"] = {{"active", true}, {"legal_basis", "a"}};
  }
  model["bases"] = basis_options(model["values"].value("legal_basis", "a"));
  return views.page(request, "consent_types", i18n::text(locale, "nav_consent_types"),
                    std::move(model), status);
}

http::Response type_page(const Views& views, const http::Request& request,
                         consent::ConsentService& consents, const std::string& key,
                         nlohmann::json model, int status) {
  const auto [type, texts] = consents.get_type(*request.context.actor, key);
  model["key"] = type.key;
  model["name"] = type.names.in(request.context.locale);
  model["text_version"] = type.text_version;
  if (!model.contains("values")) {
    model["values"] = type_values(type);
  }
  model["bases"] = basis_options(model["values"].value("legal_basis", "a"));
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& each : texts) {
    versions.push_back({{"version", each.version},
                        {"created", format_rfc3339(each.created_at)},
                        {"purpose_en", each.purposes.en},
                        {"purpose_nb", each.purposes.nb},
                        {"purpose_sv", each.purposes.sv}});
  }
  model["versions"] = std::move(versions);
  const std::string title = model["name"].get<std::string>();
  return views.page(request, "consent_type", title, std::move(model), status);
}

}  // namespace

void register_consent_pages(http::Pipeline& pipeline, const Views& views,
                            crm::PersonService& persons, consent::ConsentService& consents) {
  pipeline.add(http::Method::kGet, "/persons/{id}/consents-tab", http::Access::kStaff,
               [&views, &persons, &consents](http::Request& request) {
                 nlohmann::json model = nlohmann::json::object();
                 model["saved"] = request.query_param("saved") == "1";
                 return consents_tab(views, request, persons, consents, path_id(request, "person"),
                                     std::move(model), 200);
               });
  pipeline.add(http::Method::kPost, "/persons/{id}/consents", http::Access::kStaff,
               [&views, &persons, &consents](http::Request& request) {
                 const long long person_id = path_id(request, "person");
                 consent::NewConsentEvent input;
                 input.consent_type = request.form_field("consent_type");
                 input.granted = request.form_field("granted") == "1";
                 input.source = consent::Source::kCrm;
                 input.note = request.form_field("note");
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       consents.record(*request.context.actor, person_id, input);
                       return http::Response::redirect("/persons/" + std::to_string(person_id) +
                                                       "/consents-tab?saved=1");
                     },
                     [&](const Error& error) {
                       return consents_tab(views, request, persons, consents, person_id,
                                           error_model(error), 422);
                     });
               });

  // The side panel's processing actions: one button each, a reason where the law wants one.
  pipeline.add(
      http::Method::kPost, "/persons/{id}/processing", http::Access::kStaff,
      [&persons](http::Request& request) {
        const long long person_id = path_id(request, "person");
        const std::string action = request.form_field("action");
        const std::string reason = request.form_field("reason");
        crm::ProcessingChanges changes;
        if (action == "restrict") {
          changes.processing_restricted = true;
          changes.restriction_reason = reason;
        } else if (action == "unrestrict") {
          changes.processing_restricted = false;
        } else if (action == "object") {
          changes.objects_to_direct_marketing = true;
        } else if (action == "withdraw_objection") {
          changes.objects_to_direct_marketing = false;
        } else if (action == "hold") {
          changes.legal_hold = true;
          changes.legal_hold_reason = reason;
        } else if (action == "release") {
          changes.legal_hold = false;
        } else {
          throw Error::invalid_field("action", "Unknown action.");
        }
        return or_shown_again(
            {ErrorKind::kInvalid},
            [&] {
              persons.set_processing(*request.context.actor, person_id, changes);
              return http::Response::redirect("/persons/" + std::to_string(person_id) + "?saved=1");
            },
            [&](const Error&) {
              return http::Response::redirect("/persons/" + std::to_string(person_id) +
                                              "?reason_needed=" + action);
            });
      });

  pipeline.add(http::Method::kGet, "/admin/consent-types", http::Access::kStaff,
               [&views, &consents](http::Request& request) {
                 require_role(*request.context.actor, Role::kAdmin);
                 nlohmann::json model = saved_notice(request);
                 return types_page(views, request, consents, std::move(model), 200);
               });
  pipeline.add(http::Method::kPost, "/admin/consent-types", http::Access::kStaff,
               [&views, &consents](http::Request& request) {
                 return or_shown_again(
                     {ErrorKind::kInvalid, ErrorKind::kConflict},
                     [&] {
                       consents.create_type(*request.context.actor, posted_type(request));
                       return http::Response::redirect("/admin/consent-types?done=1");
                     },
                     [&](const Error& error) {
                       nlohmann::json model = error_model(error);
                       model["values"] = posted_values(request);
                       return types_page(views, request, consents, std::move(model),
                                         error.kind() == ErrorKind::kConflict ? 409 : 422);
                     });
               });
  pipeline.add(http::Method::kGet, "/admin/consent-types/{key}", http::Access::kStaff,
               [&views, &consents](http::Request& request) {
                 require_role(*request.context.actor, Role::kAdmin);
                 nlohmann::json model = saved_notice(request);
                 return type_page(views, request, consents, request.path_param("key"),
                                  std::move(model), 200);
               });
  pipeline.add(http::Method::kPost, "/admin/consent-types/{key}", http::Access::kStaff,
               [&views, &consents](http::Request& request) {
                 const std::string key = request.path_param("key");
                 const consent::NewConsentType posted = posted_type(request);
                 consent::ConsentTypeChanges changes;
                 changes.names = posted.names;
                 changes.purposes = posted.purposes;
                 changes.legal_basis = posted.legal_basis;
                 changes.active = posted.active;
                 changes.portal_changeable = posted.portal_changeable;
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       consents.update_type(*request.context.actor, key, changes);
                       return http::Response::redirect("/admin/consent-types/" + key + "?done=1");
                     },
                     [&](const Error& error) {
                       nlohmann::json model = error_model(error);
                       model["values"] = posted_values(request);
                       return type_page(views, request, consents, key, std::move(model), 422);
                     });
               });
  pipeline.add(http::Method::kPost, "/admin/consent-types/{key}/delete", http::Access::kStaff,
               [&consents](http::Request& request) {
                 consents.remove_type(*request.context.actor, request.path_param("key"));
                 return http::Response::redirect("/admin/consent-types?done=1");
               });
}

}  // namespace vern::web
