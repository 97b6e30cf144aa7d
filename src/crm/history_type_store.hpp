#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crm/history.hpp"
#include "storage/soci.hpp"

namespace vern::crm {

/// SQL for the kinds of history notes.
class HistoryTypeStore {
 public:
  /// Built-in kinds first, then by key.
  std::vector<HistoryType> list(soci::session& session) const;
  std::optional<HistoryType> find(soci::session& session, const std::string& key) const;
  void insert(soci::session& session, const HistoryType& type) const;
  void remove(soci::session& session, const std::string& key) const;
  /// How many notes are of this kind.
  long long count_uses(soci::session& session, const std::string& key) const;
};

}  // namespace vern::crm
