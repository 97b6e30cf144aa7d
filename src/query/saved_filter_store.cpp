#include "query/saved_filter_store.hpp"

#include <string>
#include <string_view>

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::query {
namespace {

constexpr std::string_view kSelect =
    "SELECT f.id, f.name, f.owner_user_id, u.username, f.shared, f.filter, f.created_at, "
    "f.updated_at FROM saved_filters f JOIN users u ON u.id = f.owner_user_id";
constexpr std::string_view kInsert =
    "INSERT INTO saved_filters (name, owner_user_id, shared, filter, created_at, updated_at) "
    "VALUES (:name, :owner, :shared, :filter, :now, :now2) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE saved_filters SET name = :name, shared = :shared, filter = :filter, updated_at = :now "
    "WHERE id = :id";
constexpr std::string_view kDelete = "DELETE FROM saved_filters WHERE id = :id";

SavedFilter filter_from_row(const soci::row& row) {
  SavedFilter filter;
  filter.id = storage::get_int64(row, 0);
  filter.name = storage::get_text(row, 1);
  filter.owner_user_id = storage::get_int64(row, 2);
  filter.owner = storage::get_text(row, 3);
  filter.shared = storage::get_bool(row, 4);
  filter.filter = nlohmann::json::parse(storage::get_text(row, 5), nullptr, false);
  filter.created_at = storage::get_int64(row, 6);
  filter.updated_at = storage::get_int64(row, 7);
  return filter;
}

}  // namespace

std::vector<SavedFilter> SavedFilterStore::visible_to(soci::session& session,
                                                      long long user_id) const {
  storage::DynamicQuery query(kSelect);
  query.append(" WHERE f.owner_user_id = ").bind(user_id);
  query.append(" OR f.shared = 1 ORDER BY f.name, f.id");
  return query.rows(session, filter_from_row);
}

std::optional<SavedFilter> SavedFilterStore::find(soci::session& session, long long id) const {
  storage::DynamicQuery query(kSelect);
  query.append(" WHERE f.id = ").bind(id);
  auto filters = query.rows(session, filter_from_row);
  return filters.empty() ? std::nullopt : std::optional(filters.front());
}

long long SavedFilterStore::insert(soci::session& session, const SavedFilter& filter) const {
  long long id = 0;
  const int shared = filter.shared ? 1 : 0;
  const std::string text = filter.filter.dump();
  session << kInsert, soci::use(filter.name), soci::use(filter.owner_user_id), soci::use(shared),
      soci::use(text), soci::use(filter.created_at), soci::use(filter.updated_at), soci::into(id);
  return id;
}

void SavedFilterStore::update(soci::session& session, const SavedFilter& filter) const {
  const int shared = filter.shared ? 1 : 0;
  const std::string text = filter.filter.dump();
  session << kUpdate, soci::use(filter.name), soci::use(shared), soci::use(text),
      soci::use(filter.updated_at), soci::use(filter.id);
}

void SavedFilterStore::remove(soci::session& session, long long id) const {
  session << kDelete, soci::use(id);
}

}  // namespace vern::query
