#pragma once

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "crm/history.hpp"
#include "storage/database.hpp"

namespace vern::crm {

inline constexpr std::size_t kMaxHistoryText = 20000;

/// History notes on persons: every staff user reads, adds, changes and deletes them. Reading a
/// person's notes and every change is audited with the person's id.
class HistoryService {
 public:
  HistoryService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  /// The person's notes, newest first; an audited read ("history.read"). kNotFound when the
  /// person does not exist.
  HistoryPage list(const Actor& actor, long long person_id, const HistoryQuery& query);
  /// One note; an audited read of its person ("history.read"). kNotFound for an unknown id.
  HistoryEntry get(const Actor& actor, long long id);
  /// Adds a note written by `actor`; kNotFound for an unknown person, kInvalid naming each bad
  /// field (an unknown type, a date that is not YYYY-MM-DD, a text of 0 or over 20,000
  /// characters).
  HistoryEntry create(const Actor& actor, long long person_id, const NewHistoryEntry& entry);
  /// Any staff user may change any note; the author stays.
  HistoryEntry update(const Actor& actor, long long id, const HistoryChanges& changes);
  void remove(const Actor& actor, long long id);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::crm
