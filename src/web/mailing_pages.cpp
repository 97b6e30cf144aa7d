#include "web/mailing_pages.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <tuple>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"
#include "mail/mail_template.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr int kMailingsPerPage = 50;
constexpr std::array kPurposes = {consent::BulkPurpose::kMarketing, consent::BulkPurpose::kService,
                                  consent::BulkPurpose::kBreach};
/// The inputs of the compose form; an error about any other field is shown above the form.
constexpr std::array<std::string_view, 7> kFormInputs = {
    "name", "purpose", "consent_type", "saved_filter_id", "filter", "subject", "body"};

/// The services the mailing pages call.
struct MailingPages {
  const Views& views;
  mail::MailingService& mailings;
  crm::FieldService& fields;
  consent::ConsentService& consents;
  crm::SavedFilterService& saved_filters;
};

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

std::string status_label(const http::Request& request, mail::MailingStatus status) {
  return text(request, joined("mailing_status_", mail::to_string(status)));
}

/// A sentence of the catalogue with "{n}" replaced by `count`.
std::string with_count(std::string sentence, long long count) {
  constexpr std::string_view kPlaceholder = "{n}";
  if (const auto at = sentence.find(kPlaceholder); at != std::string::npos) {
    sentence.replace(at, kPlaceholder.size(), std::to_string(count));
  }
  return sentence;
}

/// How many a sent mailing is expected to reach: those counted when sending began (the outbox
/// fills up while the mailing is queued).
long long expected_messages(const mail::Mailing& mailing) {
  return std::max(mailing.audience.included, mailing.total);
}

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
  if (!validation::trim(values.filter).empty()) {
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
  const auth::Actor& actor = *request.context.actor;
  const std::string& locale = request.context.locale;
  nlohmann::json purposes = nlohmann::json::array();
  for (const consent::BulkPurpose purpose : kPurposes) {
    const std::string value(mail::to_string(purpose));
    // Breach notifications are for privacy officers and admins (the service says so too).
    if (purpose == consent::BulkPurpose::kBreach && actor.role == auth::Role::kUser &&
        values.purpose != value) {
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

http::Response list_page(const MailingPages& pages, const http::Request& request) {
  const auto after = validation::parse_id(request.query_param("after"));
  const auto page = pages.mailings.list(*request.context.actor, after, kMailingsPerPage);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& mailing : page) {
    const bool is_draft = mailing.status == mail::MailingStatus::kDraft;
    rows.push_back({{"id", mailing.id},
                    {"name", mailing.draft.name},
                    {"purpose", purpose_label(request, mailing.draft.purpose)},
                    {"status", status_label(request, mailing.status)},
                    {"is_draft", is_draft},
                    {"sent", mailing.sent},
                    {"expected", expected_messages(mailing)},
                    {"created_by", mailing.created_by},
                    {"created", format_rfc3339(mailing.created_at)}});
  }
  nlohmann::json model;
  model["mailings"] = std::move(rows);
  model["has_mailings"] = !page.empty();
  if (static_cast<int>(page.size()) == kMailingsPerPage) {
    model["next"] = joined("/mailings?after=", std::to_string(page.back().id));
  }
  if (request.query_param("deleted") == "1") {
    model["notice"] = text(request, "mailing_deleted");
  }
  return pages.views.page(request, "mailings", text(request, "nav_mailings"), std::move(model));
}

/// Who a mailing reaches and whom it leaves out, by reason.
nlohmann::json counts_model(const http::Request& request, const mail::AudienceCounts& audience) {
  nlohmann::json excluded = nlohmann::json::array();
  long long in_audience = audience.included;
  for (const auto& [reason, count] : audience.excluded) {
    const std::string key(consent::to_string(reason));
    excluded.push_back(
        {{"key", key}, {"label", text(request, joined("exclusion_", key))}, {"count", count}});
    in_audience += count;
  }
  return {{"included", audience.included}, {"excluded", excluded}, {"in_audience", in_audience}};
}

/// How the audience was chosen: everyone, a saved filter (by name), or a filter of its own.
nlohmann::json audience_model(const MailingPages& pages, const http::Request& request,
                              const mail::MailingDraft& draft) {
  if (draft.saved_filter_id) {
    std::string name = joined("#", std::to_string(*draft.saved_filter_id));
    for (const auto& saved : pages.saved_filters.list(*request.context.actor)) {
      if (saved.id == *draft.saved_filter_id) {
        name = saved.name;
      }
    }
    return {{"label", joined(text(request, "mailing_audience_saved"), ": ") + name}};
  }
  if (draft.filter) {
    return {{"label", text(request, "mailing_audience_filter")}, {"filter", draft.filter->dump(2)}};
  }
  return {{"label", text(request, "mailing_everyone")}};
}

std::string consent_type_name(const MailingPages& pages, const http::Request& request,
                              const std::string& key) {
  for (const auto& type : pages.consents.list_types(*request.context.actor)) {
    if (type.key == key) {
      return type.names.in(request.context.locale);
    }
  }
  return key;
}

/// The draft rendered for the person asked for (`?person_id=`) or else for its first
/// recipient; a message instead when there is no such person or no one receives it.
nlohmann::json preview_model(const MailingPages& pages, const http::Request& request,
                             const mail::Mailing& mailing) {
  nlohmann::json model = nlohmann::json::object();
  const std::string asked = request.query_param("person_id");
  model["person_id"] = asked;
  std::optional<long long> person_id;
  if (!asked.empty()) {
    person_id = validation::parse_id(asked);
    if (!person_id) {
      model["error"] = text(request, "mailing_preview_no_person");
      return model;
    }
  } else if (mailing.audience.included == 0) {
    model["nobody"] = true;
    return model;
  }
  try {
    const auto preview = pages.mailings.preview(*request.context.actor, mailing.id, person_id);
    model["shown"] = {{"person_id", preview.person_id},
                      {"name", preview.person_name},
                      {"to", preview.to},
                      {"subject", preview.subject},
                      {"body", preview.body},
                      {"included", preview.included}};
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::kNotFound && person_id) {
      model["error"] = text(request, "mailing_preview_no_person");
    } else if (error.kind() == ErrorKind::kNotFound) {
      model["nobody"] = true;
    } else if (error.kind() == ErrorKind::kInvalid) {
      // A template that no longer fits the fields (one was deleted): the form says more.
      model["error"] = error.field_errors().empty() ? std::string(error.what())
                                                    : error.field_errors().front().message;
    } else {
      throw;
    }
  }
  return model;
}

/// A sent mailing's progress; vern.js finds the numbers by their data-* attributes and keeps
/// them up to date from GET /api/v1/mailings/{id}.
nlohmann::json progress_model(const http::Request& request, const mail::Mailing& mailing) {
  const long long expected = expected_messages(mailing);
  const long long processed = mailing.sent + mailing.failed;
  const bool done = mailing.status == mail::MailingStatus::kDone;
  const long long percent = expected > 0 ? processed * 100 / expected : done ? 100 : 0;
  nlohmann::json labels = nlohmann::json::array();
  for (const auto status :
       {mail::MailingStatus::kQueuing, mail::MailingStatus::kSending, mail::MailingStatus::kDone}) {
    labels.push_back(
        {{"status", mail::to_string(status)}, {"label", status_label(request, status)}});
  }
  return {{"api", joined("/api/v1/mailings/", std::to_string(mailing.id))},
          {"status", mail::to_string(mailing.status)},
          {"labels", labels},
          {"done", done},
          // A <progress> needs a positive maximum; a mailing that reached no one is full.
          {"max", std::max(expected, 1LL)},
          {"value", expected > 0 ? processed : (done ? 1 : 0)},
          {"percent", percent},
          {"total", mailing.total},
          {"waiting", mailing.waiting},
          {"sent", mailing.sent},
          {"failed", mailing.failed}};
}

http::Response mailing_page(const MailingPages& pages, const http::Request& request,
                            nlohmann::json model, int status) {
  const auto mailing = pages.mailings.get(*request.context.actor, mailing_id(request));
  const mail::MailingDraft& draft = mailing.draft;
  const bool is_draft = mailing.status == mail::MailingStatus::kDraft;
  nlohmann::json facts = {{"id", mailing.id},
                          {"name", draft.name},
                          {"purpose", purpose_label(request, draft.purpose)},
                          {"status", status_label(request, mailing.status)},
                          {"audience", audience_model(pages, request, draft)},
                          {"subject", draft.subject},
                          {"body", draft.body},
                          {"created_by", mailing.created_by},
                          {"created", format_rfc3339(mailing.created_at)},
                          {"sent_by", mailing.sent_by}};
  if (draft.consent_type) {
    facts["consent_type"] = consent_type_name(pages, request, *draft.consent_type);
  }
  if (mailing.send_at) {
    facts["send_at"] = format_rfc3339(*mailing.send_at);
  }
  if (mailing.finished_at) {
    facts["finished_at"] = format_rfc3339(*mailing.finished_at);
  }
  model["mailing"] = std::move(facts);
  model["is_draft"] = is_draft;
  model["counts"] = counts_model(request, mailing.audience);
  if (is_draft) {
    model["preview"] = preview_model(pages, request, mailing);
    const long long included = mailing.audience.included;
    model["can_send"] = included > 0;
    model["send_question"] = included == 1
                                 ? text(request, "mailing_send_question_one")
                                 : with_count(text(request, "mailing_send_question"), included);
  } else {
    model["progress"] = progress_model(request, mailing);
  }
  if (request.query_param("saved") == "1") {
    model["notice"] = text(request, "saved");
  } else if (request.query_param("sent") == "1") {
    model["notice"] = text(request, "mailing_on_its_way");
  }
  return pages.views.page(request, "mailing", draft.name, std::move(model), status);
}

void register_draft_routes(http::Pipeline& pipeline, const MailingPages& pages) {
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
                 try {
                   const mail::MailingDraft draft = draft_from(request, values);
                   mail::MailingChanges changes;
                   changes.name = draft.name;
                   changes.purpose = draft.purpose;
                   changes.consent_type.emplace(draft.consent_type);
                   changes.audience.emplace(draft.filter, draft.saved_filter_id);
                   changes.subject = draft.subject;
                   changes.body = draft.body;
                   pages.mailings.change(*request.context.actor, id, changes);
                 } catch (const Error& error) {
                   if (error.kind() != ErrorKind::kInvalid) {
                     throw;
                   }
                   return form_page(pages, request, values, form_errors(error), id, 422);
                 }
                 return http::Response::redirect(mailing_path(id) + "?saved=1");
               });
  pipeline.add(http::Method::kPost, "/mailings/{id}/send", http::Access::kStaff,
               [pages](http::Request& request) {
                 const long long id = mailing_id(request);
                 // The tick box is the confirmation, with or without JavaScript.
                 if (request.form_field("confirm") != "1") {
                   nlohmann::json model;
                   model["confirm_error"] = text(request, "mailing_send_confirm_needed");
                   return mailing_page(pages, request, std::move(model), 422);
                 }
                 try {
                   pages.mailings.send(*request.context.actor, id);
                 } catch (const Error& error) {
                   if (error.kind() == ErrorKind::kConflict) {
                     return http::Response::redirect(mailing_path(id));  // sent already
                   }
                   if (error.kind() != ErrorKind::kInvalid) {
                     throw;
                   }
                   // Something changed since the draft was saved (a consent type retired).
                   return mailing_page(pages, request, error_model(error), 422);
                 }
                 return http::Response::redirect(mailing_path(id) + "?sent=1");
               });
  pipeline.add(http::Method::kPost, "/mailings/{id}/delete", http::Access::kStaff,
               [pages](http::Request& request) {
                 pages.mailings.remove(*request.context.actor, mailing_id(request));
                 return http::Response::redirect("/mailings?deleted=1");
               });
}

}  // namespace

void register_mailing_pages(http::Pipeline& pipeline, const Views& views,
                            mail::MailingService& mailings, crm::FieldService& fields,
                            consent::ConsentService& consents,
                            crm::SavedFilterService& saved_filters) {
  const MailingPages pages{views, mailings, fields, consents, saved_filters};
  pipeline.add(http::Method::kGet, "/mailings", http::Access::kStaff,
               [pages](http::Request& request) { return list_page(pages, request); });
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
  pipeline.add(http::Method::kPost, "/mailings", http::Access::kStaff,
               [pages](http::Request& request) {
                 const FormValues values = posted_values(request);
                 try {
                   const auto mailing =
                       pages.mailings.create(*request.context.actor, draft_from(request, values));
                   return http::Response::redirect(mailing_path(mailing.id));
                 } catch (const Error& error) {
                   if (error.kind() != ErrorKind::kInvalid) {
                     throw;
                   }
                   return form_page(pages, request, values, form_errors(error), 0, 422);
                 }
               });
  pipeline.add(http::Method::kGet, "/mailings/{id}", http::Access::kStaff,
               [pages](http::Request& request) {
                 return mailing_page(pages, request, nlohmann::json::object(), 200);
               });
  register_draft_routes(pipeline, pages);
}

}  // namespace vern::web
