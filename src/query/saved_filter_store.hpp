#pragma once

#include <optional>
#include <vector>

#include "query/saved_filter.hpp"
#include "storage/soci.hpp"

namespace vern::query {

/// SQL for saved filters.
class SavedFilterStore {
 public:
  /// The user's own filters and the shared ones, by name.
  std::vector<SavedFilter> visible_to(soci::session& session, long long user_id) const;
  std::optional<SavedFilter> find(soci::session& session, long long id) const;
  /// Inserts the filter; returns its id.
  long long insert(soci::session& session, const SavedFilter& filter) const;
  /// Writes name, shared, filter and updated_at.
  void update(soci::session& session, const SavedFilter& filter) const;
  void remove(soci::session& session, long long id) const;
};

}  // namespace vern::query
