// RequestService::person_privacy: a person's Privacy tab, their requests and, for those who handle
// requests, their exports and audit trail.
#include <string>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "crm/person_records.hpp"
#include "privacy/request_service.hpp"
#include "privacy/request_store.hpp"

namespace vern::privacy {
namespace {

/// The format an export's audit event names.
std::string export_format(const std::string& details) {
  const auto json = nlohmann::json::parse(details, nullptr, false);
  if (json.is_object() && json.contains("format") && json["format"].is_string()) {
    return json["format"].get<std::string>();
  }
  return "";
}

}  // namespace

PersonPrivacy RequestService::person_privacy(const Actor& actor, long long person_id) {
  require_role(actor, Role::kUser);
  PersonPrivacy privacy;
  privacy.requests = database_.read([&](soci::session& session) {
    if (!crm::PersonRecords(session, database_.dialect()).exists(person_id)) {
      throw Error::not_found("No person with id " + std::to_string(person_id) + ".");
    }
    return RequestStore(database_.dialect())
        .list(session, {{}, person_id}, std::nullopt, kPersonPrivacyLimit);
  });
  privacy.audit_visible = may_handle(actor);
  if (privacy.audit_visible) {
    audit::AuditQuery query;
    query.person_id = person_id;
    query.action = "person.export";
    query.limit = kPersonPrivacyLimit;
    for (const auto& event : audit_.list(actor, query).items) {
      privacy.exports.push_back({event.occurred_at, event.actor, export_format(event.details)});
    }
    query.action.reset();
    auto events = audit_.list(actor, query);
    privacy.events = std::move(events.items);
    privacy.more_events = events.next_before_id.has_value();
  }
  audit_.append(actor, "person.privacy.read", "person", std::to_string(person_id), person_id,
                nlohmann::json{{"requests", privacy.requests.size()},
                               {"exports", privacy.exports.size()},
                               {"events", privacy.events.size()}}
                    .dump());
  return privacy;
}

}  // namespace vern::privacy
