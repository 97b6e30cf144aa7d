#include "web/mailing_pages.hpp"

#include <algorithm>
#include <string_view>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"
#include "web/mailing_form.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr int kMailingsPerPage = 50;
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
                    {"expected", mailing.expected_messages()},
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
  const long long expected = mailing.expected_messages();
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
                            query::SavedFilterService& saved_filters) {
  const MailingPages pages{views, mailings, fields, consents, saved_filters};
  pipeline.add(http::Method::kGet, "/mailings", http::Access::kStaff,
               [pages](http::Request& request) { return list_page(pages, request); });
  pipeline.add(http::Method::kGet, "/mailings/{id}", http::Access::kStaff,
               [pages](http::Request& request) {
                 return mailing_page(pages, request, nlohmann::json::object(), 200);
               });
  register_draft_routes(pipeline, pages);
  register_mailing_form(pipeline, pages);
}

}  // namespace vern::web
