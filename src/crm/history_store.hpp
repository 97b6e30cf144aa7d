#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crm/history.hpp"
#include "storage/soci.hpp"

namespace vern::crm {

/// Where a page of notes starts: after the note with this date and id (newest first).
struct HistoryCursor {
  std::string date;
  long long id = 0;
};

/// SQL for history notes.
class HistoryStore {
 public:
  long long insert(soci::session& session, const HistoryEntry& entry) const;
  /// Inserts many notes with one prepared statement (bulk work such as mailings).
  void insert_all(soci::session& session, const std::vector<HistoryEntry>& entries) const;
  std::optional<HistoryEntry> find(soci::session& session, long long id) const;
  /// The person's notes, newest date first (the newest written first within a day).
  std::vector<HistoryEntry> list_for_person(soci::session& session, long long person_id,
                                            const std::optional<HistoryCursor>& after,
                                            int limit) const;
  /// Writes the type, date, text and updated_at.
  void update(soci::session& session, const HistoryEntry& entry) const;
  void remove(soci::session& session, long long id) const;
};

}  // namespace vern::crm
