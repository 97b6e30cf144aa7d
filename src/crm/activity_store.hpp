#pragma once

#include <optional>
#include <vector>

#include "crm/activity.hpp"
#include "storage/soci.hpp"

namespace vern::crm {

/// SQL for marketing activities.
class ActivityStore {
 public:
  long long insert(soci::session& session, const Activity& activity) const;
  std::optional<Activity> find(soci::session& session, long long id) const;
  /// Activities by id after `after_id`.
  std::vector<Activity> list(soci::session& session, long long after_id, int limit) const;
  /// Writes every field and updated_at.
  void update(soci::session& session, const Activity& activity) const;
  /// False when there was no such activity. Its participants go with it.
  bool remove(soci::session& session, long long id) const;
};

}  // namespace vern::crm
