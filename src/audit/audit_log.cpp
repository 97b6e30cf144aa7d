#include "audit/audit_log.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include "audit/audit_store.hpp"
#include "common/page.hpp"

namespace vern::audit {
namespace {

constexpr int kVerifyPageSize = 2000;
// How long a leader waits for others to join its commit while other requests are at the
// database, and how many events end the wait at once. A commit's flush to disk costs more CPU
// than the wait; an idle server (no other request at the database) does not wait at all.
constexpr auto kGatherTime = std::chrono::microseconds(250);
constexpr std::size_t kGatherEnough = 8;

}  // namespace

void AuditLog::append(soci::session& session, const Actor& actor, const std::string& action,
                      const std::string& entity, std::optional<std::string> entity_id,
                      std::optional<long long> person_id, const std::string& details) {
  const AuditRecord record{actor, action, entity, std::move(entity_id), person_id, details};
  append_all(session, {&record});
}

void AuditLog::append_all(soci::session& session, const std::vector<const AuditRecord*>& records) {
  const AuditStore store(database_.dialect());
  if (auto lock = database_.dialect().lock_for_transaction(storage::kAuditLock); !lock.empty()) {
    session << lock;
  }
  AuditHead head = store.lock_head(session);
  const UnixTime now = clock_.now();
  std::vector<AuditEvent> events;
  events.reserve(records.size());
  for (const AuditRecord* record : records) {
    AuditEvent event;
    event.id = head.last_event_id + 1;
    event.occurred_at = now;
    event.actor_user_id = record->actor.user_id;
    event.actor = record->actor.name;
    event.action = record->action;
    event.entity = record->entity;
    event.entity_id = record->entity_id;
    event.person_id = record->person_id;
    event.details = record->details;
    event.prev_hash = head.last_hash;
    event.hash = chain_hash(event);
    head.last_event_id = event.id;
    head.last_hash = event.hash;
    head.event_count += 1;
    events.push_back(std::move(event));
  }
  store.insert_all(session, events);
  store.update_head(session, head);
}

void AuditLog::append(const Actor& actor, const std::string& action, const std::string& entity,
                      std::optional<std::string> entity_id, std::optional<long long> person_id,
                      const std::string& details) {
  const AuditRecord record{actor, action, entity, std::move(entity_id), person_id, details};
  Waiting mine{&record, false, nullptr};
  std::unique_lock lock(group_mutex_);
  group_queue_.push_back(&mine);
  if (group_committing_) {
    group_arrived_.notify_one();
  }
  // The first caller to find no commit under way leads: it commits everything queued, its own
  // event included, and wakes the others. A caller whose event a leader took waits for it.
  while (!mine.done) {
    if (group_committing_) {
      group_committed_.wait(lock);
      continue;
    }
    group_committing_ = true;
    if (database_.in_use() > 0) {
      group_stats_.gathered += 1;
      group_arrived_.wait_for(lock, kGatherTime,
                              [this] { return group_queue_.size() >= kGatherEnough; });
    }
    std::vector<Waiting*> group;
    group.swap(group_queue_);
    lock.unlock();
    std::exception_ptr error;
    try {
      std::vector<const AuditRecord*> records;
      records.reserve(group.size());
      for (const Waiting* waiting : group) {
        records.push_back(waiting->record);
      }
      database_.write([&](soci::session& session) { append_all(session, records); });
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    group_stats_.commits += 1;
    group_stats_.events += group.size();
    for (Waiting* waiting : group) {
      waiting->error = error;
      waiting->done = true;
    }
    group_committing_ = false;
    group_committed_.notify_all();
  }
  if (mine.error) {
    std::rethrow_exception(mine.error);
  }
}

GroupCommitStats AuditLog::group_commit_stats() {
  const std::lock_guard lock(group_mutex_);
  GroupCommitStats stats = group_stats_;
  stats.waiting = group_queue_.size();
  stats.committing = group_committing_;
  return stats;
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

AuditPage AuditLog::list(const Actor& actor, const AuditQuery& query) {
  require_role(actor, Role::kPrivacyOfficer);
  AuditQuery bounded = query;
  bounded.limit = bounded_limit(query.limit);
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
