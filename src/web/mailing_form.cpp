#include "web/mailing_form.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "mail/mail_template.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr std::array kPurposes = {consent::BulkPurpose::kMarketing, consent::BulkPurpose::kService,
                                  consent::BulkPurpose::kBreach};
/// The inputs of the compose form; an error about any other field is shown above the form.
constexpr std::array<std::string_view, 7> kFormInputs = {
    "name", "purpose", "consent_type", "saved_filter_id", "filter", "subject", "body"};

/// The compose form's inputs as typed, so that a form with errors shows them again.
struct FormValues {
  std::string name;
  std::string purpose{mail::to_string(consent::BulkPurpose::kMarketing)};
  std::string consent_type;
  std::string saved_filter_id;
  std::string filter;
  std::string subject;
  std::string body;
};

FormValues posted_values(const http::Request& request) {
  FormValues values;
  values.name = request.form_field("name");
  values.purpose = request.form_field("purpose");
  values.consent_type = request.form_field("consent_type");
  values.saved_filter_id = request.form_field("saved_filter_id");
  values.filter = request.form_field("filter");
  values.subject = request.form_field("subject");
  // Browsers send a textarea's line breaks as CRLF; the API and the templates use LF.
  values.body = request.form_field("body");
  for (auto at = values.body.find("\r\n"); at != std::string::npos;
       at = values.body.find("\r\n", at)) {
    values.body.erase(at, 1);
  }
  return values;
}

FormValues values_of(const mail::Mailing& mailing) {
  const mail::MailingDraft& draft = mailing.draft;
  FormValues values;
  values.name = draft.name;
  values.purpose = mail::to_string(draft.purpose);
  values.consent_type = draft.consent_type.value_or("");
  // A saved filter's filter is a copy: the form names the saved filter only.
  if (draft.saved_filter_id) {
    values.saved_filter_id = std::to_string(*draft.saved_filter_id);
  } else if (draft.filter) {
    values.filter = draft.filter->dump(2);
  }
  values.subject = draft.subject;
  values.body = draft.body;
  return values;
}

/// The draft the form describes. What only the form can get wrong (an unknown purpose, a filter
/// that is not JSON) is a kInvalid error here; the service checks the rest.
mail::MailingDraft draft_from(const http::Request& request, const FormValues& values) {
  FieldErrors errors;
  // The JSON API refuses text that is not UTF-8 when it parses the body; a form must check.
  for (const auto& [input, value, is_text] :
       {std::tuple("name", &values.name, &validation::is_single_line),
        std::tuple("subject", &values.subject, &validation::is_single_line),
        std::tuple("body", &values.body, &validation::is_clean_text)}) {
    if (!is_text(*value)) {
      errors.add(input, text(request, "mailing_error_not_text"));
    }
  }
  mail::MailingDraft draft;
  draft.name = values.name;
  if (const auto purpose = mail::parse_purpose(values.purpose)) {
    draft.purpose = *purpose;
  } else {
    errors.add("purpose", text(request, "mailing_error_purpose"));
  }
  if (!values.consent_type.empty()) {
    draft.consent_type = values.consent_type;
  }
  if (!values.saved_filter_id.empty()) {
    draft.saved_filter_id = validation::parse_id(values.saved_filter_id);
    if (!draft.saved_filter_id) {
      errors.add("saved_filter_id", text(request, "mailing_error_saved_filter"));
    }
  }
  if (!text::trim(values.filter).empty()) {
    nlohmann::json filter = nlohmann::json::parse(values.filter, nullptr, false);
    if (filter.is_discarded()) {
      errors.add("filter", text(request, "mailing_error_filter_json"));
    } else if (!filter.is_object()) {
      errors.add("filter", text(request, "mailing_error_filter_object"));
    } else {
      draft.filter = std::move(filter);
    }
  }
  draft.subject = values.subject;
  draft.body = values.body;
  errors.throw_if_any();
  return draft;
}

/// The field errors by input ({"errors": {input: message}, "other_errors": [...]}). A problem in
/// a part of the filter ("filter.and[1].op") is shown beside the filter with its place.
nlohmann::json form_errors(const Error& error) {
  nlohmann::json by_input = nlohmann::json::object();
  nlohmann::json other = nlohmann::json::array();
  for (const auto& field_error : error.field_errors()) {
    std::string input = field_error.field;
    std::string message = field_error.message;
    if (input.starts_with("filter") && input != "filter") {
      message = joined(input, ": ");
      message.append(field_error.message);
      input = "filter";
    }
    if (std::find(kFormInputs.begin(), kFormInputs.end(), input) == kFormInputs.end()) {
      other.push_back(joined(field_error.field, ": ") + field_error.message);
      continue;
    }
    if (by_input.contains(input)) {
      message = joined(by_input[input].get<std::string>(), " ") + message;
    }
    by_input[input] = message;
  }
  return {{"errors", by_input}, {"other_errors", other}};
}

nlohmann::json no_errors() {
  return {{"errors", nlohmann::json::object()}, {"other_errors", nlohmann::json::array()}};
}

http::Response form_page(const MailingPages& pages, const http::Request& request,
                         const FormValues& values, const nlohmann::json& errors, long long id,
                         int status) {
  const Actor& actor = *request.context.actor;
  const std::string& locale = request.context.locale;
  nlohmann::json purposes = nlohmann::json::array();
  for (const consent::BulkPurpose purpose : kPurposes) {
    const std::string value(mail::to_string(purpose));
    if (!mail::MailingService::may_use(actor, purpose) && values.purpose != value) {
      continue;
    }
    purposes.push_back({{"value", value},
                        {"label", purpose_label(request, purpose)},
                        {"selected", values.purpose == value}});
  }
  nlohmann::json consent_types = nlohmann::json::array();
  for (const auto& type : pages.consents.list_types(actor)) {
    if (type.active || type.key == values.consent_type) {
      consent_types.push_back({{"value", type.key},
                               {"label", type.names.in(locale)},
                               {"selected", type.key == values.consent_type}});
    }
  }
  nlohmann::json saved_filters = nlohmann::json::array();
  for (const auto& saved : pages.saved_filters.list(actor)) {
    const std::string value = std::to_string(saved.id);
    saved_filters.push_back(
        {{"value", value}, {"label", saved.name}, {"selected", value == values.saved_filter_id}});
  }
  nlohmann::json tags = nlohmann::json::array();
  for (const auto& name : mail::template_names(pages.fields.list(actor))) {
    tags.push_back(joined(joined("{{", name), "}}"));
  }
  nlohmann::json model;
  model["values"] = {{"name", values.name},
                     {"filter", values.filter},
                     {"subject", values.subject},
                     {"body", values.body},
                     {"everyone", values.saved_filter_id.empty()}};
  model["purposes"] = std::move(purposes);
  model["consent_types"] = std::move(consent_types);
  model["saved_filters"] = std::move(saved_filters);
  model["tags"] = std::move(tags);
  model["errors"] = errors.at("errors");
  model["other_errors"] = errors.at("other_errors");
  model["has_errors"] = !errors.at("errors").empty() || !errors.at("other_errors").empty();
  model["filter_open"] = !values.filter.empty() || errors.at("errors").contains("filter");
  const std::string heading = text(request, id > 0 ? "mailing_edit" : "mailing_new");
  model["heading"] = heading;
  model["action"] = id > 0 ? mailing_path(id) + "/edit" : std::string("/mailings");
  model["cancel"] = id > 0 ? mailing_path(id) : std::string("/mailings");
  return pages.views.page(request, "mailing_form", heading, std::move(model), status);
}

}  // namespace

std::string joined(std::string_view first, std::string_view second) {
  std::string result(first);
  result.append(second);
  return result;
}

std::string mailing_path(long long id) {
  return joined("/mailings/", std::to_string(id));
}

long long mailing_id(const http::Request& request) {
  return path_id(request, "mailing");
}

std::string purpose_label(const http::Request& request, consent::BulkPurpose purpose) {
  return text(request, joined("purpose_", mail::to_string(purpose)));
}

void register_mailing_form(http::Pipeline& pipeline, const MailingPages& pages) {
  pipeline.add(http::Method::kGet, "/mailings/new", http::Access::kStaff,
               [pages](http::Request& request) {
                 FormValues values;
                 // The person list can link here with its filter (?filter=) or a saved filter.
                 values.filter = request.query_param("filter");
                 const auto filter = nlohmann::json::parse(values.filter, nullptr, false);
                 if (filter.is_object()) {
                   values.filter = filter.dump(2);
                 }
                 values.saved_filter_id = request.query_param("saved_filter_id");
                 return form_page(pages, request, values, no_errors(), 0, 200);
               });
  pipeline.add(
      http::Method::kPost, "/mailings", http::Access::kStaff, [pages](http::Request& request) {
        const FormValues values = posted_values(request);
        return or_shown_again(
            {ErrorKind::kInvalid},
            [&] {
              const auto mailing =
                  pages.mailings.create(*request.context.actor, draft_from(request, values));
              return http::Response::redirect(mailing_path(mailing.id));
            },
            [&](const Error& error) {
              return form_page(pages, request, values, form_errors(error), 0, 422);
            });
      });
  pipeline.add(http::Method::kGet, "/mailings/{id}/edit", http::Access::kStaff,
               [pages](http::Request& request) {
                 const auto mailing =
                     pages.mailings.get(*request.context.actor, mailing_id(request));
                 if (mailing.status != mail::MailingStatus::kDraft) {
                   return http::Response::redirect(mailing_path(mailing.id));
                 }
                 return form_page(pages, request, values_of(mailing), no_errors(), mailing.id, 200);
               });
  pipeline.add(http::Method::kPost, "/mailings/{id}/edit", http::Access::kStaff,
               [pages](http::Request& request) {
                 const long long id = mailing_id(request);
                 const FormValues values = posted_values(request);
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       const mail::MailingDraft draft = draft_from(request, values);
                       mail::MailingChanges changes;
                       changes.name = draft.name;
                       changes.purpose = draft.purpose;
                       changes.consent_type.emplace(draft.consent_type);
                       changes.audience.emplace(draft.filter, draft.saved_filter_id);
                       changes.subject = draft.subject;
                       changes.body = draft.body;
                       pages.mailings.change(*request.context.actor, id, changes);
                       return http::Response::redirect(mailing_path(id) + "?saved=1");
                     },
                     [&](const Error& error) {
                       return form_page(pages, request, values, form_errors(error), id, 422);
                     });
               });
}

}  // namespace vern::web
