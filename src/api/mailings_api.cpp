#include "api/mailings_api.hpp"

#include <algorithm>

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

using nlohmann::ordered_json;

void reject_unknown_mailing_members(const nlohmann::json& body) {
  reject_unknown(body, {"name", "purpose", "consent_type", "filter", "saved_filter_id",
                        "incident_id", "subject", "body"});
}

ordered_json id_or_null(const std::optional<long long>& id) {
  return id ? ordered_json(*id) : ordered_json(nullptr);
}

consent::BulkPurpose purpose_field(const nlohmann::json& body) {
  const auto text = optional_string(body, "purpose");
  if (!text) {
    throw Error::invalid_field("purpose",
                               "Say what the mailing is for: marketing, service or breach.");
  }
  const auto purpose = mail::parse_purpose(*text);
  if (!purpose) {
    throw Error::invalid_field("purpose", "Must be marketing, service or breach.");
  }
  return *purpose;
}

std::optional<nlohmann::json> filter_field(const nlohmann::json& body) {
  const auto it = body.find("filter");
  if (it == body.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_object()) {
    throw Error::invalid_field("filter", "Must be a filter object, or null for everyone.");
  }
  return *it;
}

std::optional<long long> id_field(const nlohmann::json& body, const std::string& key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_number_integer() || it->get<long long>() <= 0) {
    throw Error::invalid_field(key, "Must be an id, or null.");
  }
  return it->get<long long>();
}

std::optional<std::string> optional_text_or_null(const nlohmann::json& body,
                                                 const std::string& key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return std::nullopt;
  }
  return optional_string(body, key);
}

void refuse_incident(const nlohmann::json& body) {
  if (id_field(body, "incident_id")) {
    throw Error::invalid_field("incident_id",
                               "Vern has no incident register yet: leave incident_id out.");
  }
}

ordered_json preview_json(const mail::MailingPreview& preview) {
  return {{"person_id", preview.person_id}, {"person_name", preview.person_name},
          {"to", text_or_null(preview.to)}, {"subject", preview.subject},
          {"body", preview.body},           {"included", preview.included}};
}

ordered_json message_json(const mail::OutboxMessage& message) {
  return {{"id", message.id},
          {"mailing_id", id_or_null(message.mailing_id)},
          {"person_id", id_or_null(message.person_id)},
          {"kind", message.kind},
          {"recipient", message.recipient},
          {"subject", message.subject},
          {"status", mail::to_string(message.status)},
          {"attempts", message.attempts},
          {"next_attempt_at", message.status == mail::OutboxStatus::kQueued
                                  ? ordered_json(format_rfc3339(message.due_at))
                                  : ordered_json(nullptr)},
          {"error", text_or_null(message.last_error)},
          {"created_at", format_rfc3339(message.created_at)},
          {"sent_at", time_or_null(message.sent_at)}};
}

}  // namespace

ordered_json mailing_json(const mail::Mailing& mailing) {
  ordered_json excluded = ordered_json::object();
  for (const auto& [reason, count] : mailing.audience.excluded) {
    excluded[std::string(consent::to_string(reason))] = count;
  }
  const auto& draft = mailing.draft;
  const long long expected = mailing.expected_messages();
  const long long percent = expected > 0 ? (mailing.sent + mailing.failed) * 100 / expected
                            : mailing.status == mail::MailingStatus::kDone ? 100
                                                                           : 0;
  return {{"id", mailing.id},
          {"name", draft.name},
          {"purpose", mail::to_string(draft.purpose)},
          {"consent_type", draft.consent_type ? ordered_json(*draft.consent_type) : nullptr},
          {"filter", draft.filter ? ordered_json(*draft.filter) : nullptr},
          {"saved_filter_id", id_or_null(draft.saved_filter_id)},
          {"incident_id", nullptr},
          {"subject", draft.subject},
          {"body", draft.body},
          {"status", mail::to_string(mailing.status)},
          {"included", mailing.audience.included},
          {"excluded", excluded},
          {"total", mailing.total},
          {"queued", mailing.waiting},
          {"sent", mailing.sent},
          {"failed", mailing.failed},
          {"percent_done", percent},
          {"created_by", mailing.created_by},
          {"sent_by", text_or_null(mailing.sent_by)},
          {"created_at", format_rfc3339(mailing.created_at)},
          {"updated_at", format_rfc3339(mailing.updated_at)},
          {"send_at", time_or_null(mailing.send_at)},
          {"queued_at", time_or_null(mailing.queued_at)},
          {"finished_at", time_or_null(mailing.finished_at)}};
}

void register_mailings_api(http::Pipeline& pipeline, mail::MailingService& mailings,
                           mail::OutboxService& outbox) {
  pipeline.add(http::Method::kGet, "/api/v1/mailings", http::Access::kStaff,
               [&mailings](http::Request& request) {
                 const int limit = list_limit(request);
                 const auto page =
                     mailings.list(*request.context.actor, integer_param(request, "after"), limit);
                 ordered_json items = ordered_json::array();
                 for (const auto& mailing : page) {
                   items.push_back(mailing_json(mailing));
                 }
                 ordered_json next = nullptr;
                 if (static_cast<int>(page.size()) == limit) {
                   next = std::to_string(page.back().id);
                 }
                 return json_response(200, {{"items", items}, {"next", next}});
               });
  pipeline.add(http::Method::kPost, "/api/v1/mailings", http::Access::kStaff,
               [&mailings](http::Request& request) {
                 const nlohmann::json body = parse_object(request);
                 reject_unknown_mailing_members(body);
                 refuse_incident(body);
                 mail::MailingDraft draft;
                 draft.name = string_field(body, "name");
                 draft.purpose = purpose_field(body);
                 draft.consent_type = optional_text_or_null(body, "consent_type");
                 draft.filter = filter_field(body);
                 draft.saved_filter_id = id_field(body, "saved_filter_id");
                 draft.subject = string_field(body, "subject");
                 draft.body = string_field(body, "body");
                 return json_response(201,
                                      mailing_json(mailings.create(*request.context.actor, draft)));
               });
  pipeline.add(http::Method::kGet, "/api/v1/mailings/{id}", http::Access::kStaff,
               [&mailings](http::Request& request) {
                 return json_response(
                     200, mailing_json(mailings.get(*request.context.actor, path_id(request))));
               });
  pipeline.add(
      http::Method::kPatch, "/api/v1/mailings/{id}", http::Access::kStaff,
      [&mailings](http::Request& request) {
        const nlohmann::json body = parse_object(request);
        reject_unknown_mailing_members(body);
        refuse_incident(body);
        mail::MailingChanges changes;
        changes.name = optional_string(body, "name");
        if (body.contains("purpose")) {
          changes.purpose = purpose_field(body);
        }
        if (body.contains("consent_type")) {
          changes.consent_type = optional_text_or_null(body, "consent_type");
        }
        if (body.contains("filter") || body.contains("saved_filter_id")) {
          changes.audience = std::pair(filter_field(body), id_field(body, "saved_filter_id"));
        }
        changes.subject = optional_string(body, "subject");
        changes.body = optional_string(body, "body");
        return json_response(
            200, mailing_json(mailings.change(*request.context.actor, path_id(request), changes)));
      });
  pipeline.add(http::Method::kDelete, "/api/v1/mailings/{id}", http::Access::kStaff,
               [&mailings](http::Request& request) {
                 mailings.remove(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });
  pipeline.add(http::Method::kGet, "/api/v1/mailings/{id}/preview", http::Access::kStaff,
               [&mailings](http::Request& request) {
                 return json_response(
                     200, preview_json(mailings.preview(*request.context.actor, path_id(request),
                                                        integer_param(request, "person_id"))));
               });
  pipeline.add(http::Method::kPost, "/api/v1/mailings/{id}/send", http::Access::kStaff,
               [&mailings](http::Request& request) {
                 return json_response(
                     202, mailing_json(mailings.send(*request.context.actor, path_id(request))));
               });

  pipeline.add(http::Method::kGet, "/api/v1/outbox", http::Access::kStaff,
               [&outbox](http::Request& request) {
                 mail::OutboxQuery query;
                 query.limit = list_limit(request);
                 query.before_id = integer_param(request, "after");
                 query.mailing_id = integer_param(request, "mailing_id");
                 if (const std::string status = request.query_param("status"); !status.empty()) {
                   query.status = mail::parse_outbox_status(status);
                   if (!query.status) {
                     throw Error::invalid_field("status",
                                                "Must be queued, sending, sent or failed.");
                   }
                 }
                 const auto page = outbox.list(*request.context.actor, query);
                 ordered_json items = ordered_json::array();
                 for (const auto& message : page) {
                   items.push_back(message_json(message));
                 }
                 ordered_json counts = ordered_json::object();
                 for (const auto& [status, count] : outbox.counts(*request.context.actor)) {
                   counts[std::string(mail::to_string(status))] = count;
                 }
                 ordered_json next = nullptr;
                 if (static_cast<int>(page.size()) == query.limit) {
                   next = std::to_string(page.back().id);
                 }
                 return json_response(200, {{"items", items}, {"next", next}, {"counts", counts}});
               });
  pipeline.add(http::Method::kPost, "/api/v1/outbox/{id}/retry", http::Access::kStaff,
               [&outbox](http::Request& request) {
                 return json_response(
                     200, message_json(outbox.retry(*request.context.actor, path_id(request))));
               });
}

}  // namespace vern::api
