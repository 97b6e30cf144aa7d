#pragma once

#include <set>
#include <string>
#include <vector>

#include "privacy/deadline.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::privacy {

/// A public holiday on the admin's list: no deadline falls on it.
struct Holiday {
  Date date;
  std::string name;
};

/// SQL for the holiday list.
class HolidayStore {
 public:
  explicit HolidayStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  /// Serialises counting deadlines with changing the list until the transaction ends (on
  /// PostgreSQL; SQLite's write transactions are serialised already), so no due date is counted
  /// with a list that is being replaced. Take it first in the transaction, before any row lock.
  void lock(soci::session& session) const;
  /// Every holiday, by date.
  std::vector<Holiday> list(soci::session& session) const;
  /// The dates alone, for counting deadlines.
  std::set<Date> dates(soci::session& session) const;
  /// Replaces the whole list.
  void replace_all(soci::session& session, const std::vector<Holiday>& holidays) const;

 private:
  const storage::Dialect& dialect_;
};

}  // namespace vern::privacy
