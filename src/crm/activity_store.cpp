#include "crm/activity_store.hpp"

#include "storage/row.hpp"

namespace vern::crm {
namespace {

constexpr std::string_view kSelectActivity =
    "SELECT id, name, type, date, description, created_at, updated_at FROM activities";
constexpr std::string_view kInsertActivity =
    "INSERT INTO activities (name, type, date, description, created_at, updated_at) "
    "VALUES (:name, :type, :date, :description, :created_at, :updated_at) RETURNING id";
constexpr std::string_view kUpdateActivity =
    "UPDATE activities SET name = :name, type = :type, date = :date, description = :description, "
    "updated_at = :updated_at WHERE id = :id";
constexpr std::string_view kDeleteActivity = "DELETE FROM activities WHERE id = :id";

Activity activity_from_row(const soci::row& row) {
  Activity activity;
  activity.id = storage::get_int64(row, 0);
  std::size_t column = 1;
  for (const ActivityField& field : activity_fields()) {
    activity.*field.member = storage::get_text(row, column++);
  }
  activity.created_at = storage::get_int64(row, column++);
  activity.updated_at = storage::get_int64(row, column);
  return activity;
}

}  // namespace

long long ActivityStore::insert(soci::session& session, const Activity& activity) const {
  long long id = 0;
  session << kInsertActivity, soci::use(activity.name), soci::use(activity.type),
      soci::use(activity.date), soci::use(activity.description), soci::use(activity.created_at),
      soci::use(activity.updated_at), soci::into(id);
  return id;
}

std::optional<Activity> ActivityStore::find(soci::session& session, long long id) const {
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kSelectActivity) + " WHERE id = :id", soci::use(id));
  for (const soci::row& row : rows) {
    return activity_from_row(row);
  }
  return std::nullopt;
}

std::vector<Activity> ActivityStore::list(soci::session& session, long long after_id,
                                          int limit) const {
  const std::string sql =
      std::string(kSelectActivity) + " WHERE id > :after ORDER BY id LIMIT :limit";
  std::vector<Activity> activities;
  soci::rowset<soci::row> rows = (session.prepare << sql, soci::use(after_id), soci::use(limit));
  for (const soci::row& row : rows) {
    activities.push_back(activity_from_row(row));
  }
  return activities;
}

void ActivityStore::update(soci::session& session, const Activity& activity) const {
  session << kUpdateActivity, soci::use(activity.name), soci::use(activity.type),
      soci::use(activity.date), soci::use(activity.description), soci::use(activity.updated_at),
      soci::use(activity.id);
}

bool ActivityStore::remove(soci::session& session, long long id) const {
  soci::statement statement = (session.prepare << kDeleteActivity, soci::use(id));
  statement.execute(true);
  return statement.get_affected_rows() > 0;
}

}  // namespace vern::crm
