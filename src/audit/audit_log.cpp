#include "audit/audit_log.hpp"

#include <algorithm>
#include <limits>

#include "audit/audit_store.hpp"

namespace vern::audit {
namespace {

constexpr int kVerifyPageSize = 2000;
constexpr int kMaxListLimit = 500;

}  // namespace

void AuditLog::append(soci::session& session, const auth::Actor& actor, const std::string& action,
                      const std::string& entity, std::optional<std::string> entity_id,
                      std::optional<long long> person_id, const std::string& details) {
  const AuditStore store(database_.dialect());
  if (auto lock = database_.dialect().lock_for_transaction(storage::kAuditLock); !lock.empty()) {
    session << lock;
  }
  AuditHead head = store.lock_head(session);
  AuditEvent event;
  event.id = head.last_event_id + 1;
  event.occurred_at = clock_.now();
  event.actor_user_id = actor.user_id;
  event.actor = actor.name;
  event.action = action;
  event.entity = entity;
  event.entity_id = std::move(entity_id);
  event.person_id = person_id;
  event.details = details;
  event.prev_hash = head.last_hash;
  event.hash = chain_hash(event);
  store.insert(session, event);
  head.last_event_id = event.id;
  head.last_hash = event.hash;
  head.event_count += 1;
  store.update_head(session, head);
}

void AuditLog::append(const auth::Actor& actor, const std::string& action,
                      const std::string& entity, std::optional<std::string> entity_id,
                      std::optional<long long> person_id, const std::string& details) {
  database_.write([&](soci::session& session) {
    append(session, actor, action, entity, std::move(entity_id), person_id, details);
  });
}

VerifyResult AuditLog::verify() {
  const AuditStore store(database_.dialect());
  VerifyResult result;
  auto broken = [&result](long long id, std::string problem) {
    result.intact = false;
    result.first_broken_id = id;
    result.problem = std::move(problem);
    return result;
  };
  // The walk starts below every possible id: a row written with id 0 or less is seen, not skipped.
  long long cursor = std::numeric_limits<long long>::min();
  long long previous_id = 0;
  std::string previous_hash;
  for (;;) {
    const auto page = database_.read(
        [&](soci::session& session) { return store.page_after(session, cursor, kVerifyPageSize); });
    for (const AuditEvent& event : page) {
      if (event.id <= previous_id) {
        return broken(event.id, "event " + std::to_string(event.id) +
                                    " comes before the first event (inserted row)");
      }
      if (event.id != previous_id + 1) {
        return broken(event.id, "event " + std::to_string(previous_id + 1) +
                                    " is missing before it (deleted or inserted row)");
      }
      if (event.prev_hash != previous_hash) {
        return broken(event.id, "its link to the previous event does not match");
      }
      if (chain_hash(event) != event.hash) {
        return broken(event.id, "its content was changed after it was written");
      }
      previous_id = event.id;
      previous_hash = event.hash;
      cursor = event.id;
      ++result.count;
    }
    if (page.size() < static_cast<std::size_t>(kVerifyPageSize)) {
      break;
    }
  }
  const AuditHead head =
      database_.read([&](soci::session& session) { return store.read_head(session); });
  if (previous_id > head.last_event_id) {
    // Only the events up to the head's are known to be genuine.
    result.count = head.last_event_id;
    return broken(head.last_event_id + 1,
                  "the head records event " + std::to_string(head.last_event_id) +
                      " as the last but the chain goes on to event " + std::to_string(previous_id) +
                      " (inserted rows, or the head was changed)");
  }
  if (previous_id < head.last_event_id) {
    return broken(previous_id + 1, "the chain ends at event " + std::to_string(previous_id) +
                                       " but the head records event " +
                                       std::to_string(head.last_event_id) +
                                       " (events deleted from the end, or the head was changed)");
  }
  if (head.last_hash != previous_hash || head.event_count != result.count) {
    return broken(previous_id,
                  "the head does not match the chain's last event (the head was changed)");
  }
  return result;
}

AuditPage AuditLog::list(const auth::Actor& actor, const AuditQuery& query) {
  auth::require_role(actor, auth::Role::kPrivacyOfficer);
  AuditQuery bounded = query;
  bounded.limit = std::clamp(query.limit, 1, kMaxListLimit);
  // One extra row tells whether there is a next page.
  bounded.limit += 1;
  const AuditStore store(database_.dialect());
  AuditPage page;
  page.items =
      database_.read([&](soci::session& session) { return store.query(session, bounded); });
  if (page.items.size() > static_cast<std::size_t>(bounded.limit - 1)) {
    page.items.pop_back();
    page.next_before_id = page.items.back().id;
  }
  return page;
}

}  // namespace vern::audit
