#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crm/activity.hpp"
#include "crm/history.hpp"
#include "crm/person.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::demo {

class DemoBulkInsert;

/// A custom value of a demo person: one row of person_values (text values only).
struct DemoValue {
  long long person_id = 0;
  std::string key;
  std::string value;
};

struct DemoParticipant {
  long long activity_id = 0;
  long long person_id = 0;
  crm::ParticipantStatus status = crm::ParticipantStatus::kInvited;
  UnixTime updated_at = 0;
};

/// SQL for loading demo data in bulk, inside the caller's transaction: multi-row INSERTs,
/// prepared once and executed again with new values, which is what lets a million persons load
/// in a minute or two on either database. Rows wait in a buffer until a statement's worth has
/// gathered; flush() writes the rest. Destroy it before the transaction ends.
class DemoStore {
 public:
  /// On SQLite the session's page cache grows for the load, and shrinks back afterwards.
  DemoStore(soci::session& session, const storage::Dialect& dialect);
  ~DemoStore();
  DemoStore(const DemoStore&) = delete;
  DemoStore& operator=(const DemoStore&) = delete;

  long long count_persons() const;
  /// Inserts the persons (with version 1) and returns their ids, in the same order.
  std::vector<long long> insert_persons(const std::vector<crm::Person>& persons);
  void add_value(const DemoValue& value);
  void add_history(const crm::HistoryEntry& entry);
  void add_participant(const DemoParticipant& participant);
  /// Writes every buffered value, note and participant.
  void flush();

  /// Consent events for a share of the persons already loaded, chosen by a fixed hash of their
  /// id (so the same for a seed): `granted_percent` of them grant the type, and the first
  /// `withdrawn_percent` of those withdraw it again afterwards. Set-based (one INSERT … SELECT
  /// each). Returns how many events were written.
  long long add_consents(long long type_id, int salt, int granted_percent, int withdrawn_percent,
                         const std::string& actor, UnixTime when);
  /// Makes each person's latest event of each type their current state (person_consents).
  void derive_current_consents();

 private:
  soci::session& session_;
  std::optional<long long> previous_cache_size_;
  std::unique_ptr<DemoBulkInsert> persons_;
  std::unique_ptr<DemoBulkInsert> values_;
  std::unique_ptr<DemoBulkInsert> history_;
  std::unique_ptr<DemoBulkInsert> participants_;
};

}  // namespace vern::demo
