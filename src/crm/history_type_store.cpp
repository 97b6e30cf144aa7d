#include "crm/history_type_store.hpp"

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::crm {
namespace {

constexpr std::string_view kSelectHistoryTypes =
    "SELECT key, label_en, label_nb, label_sv, builtin, created_at FROM history_types";
constexpr std::string_view kHistoryTypeOrder = " ORDER BY builtin DESC, key";
constexpr std::string_view kInsertHistoryType =
    "INSERT INTO history_types (key, builtin, label_en, label_nb, label_sv, created_at) "
    "VALUES (:key, 0, :en, :nb, :sv, :created_at)";
constexpr std::string_view kDeleteHistoryType = "DELETE FROM history_types WHERE key = :key";
constexpr std::string_view kCountHistoryTypeUses = "SELECT COUNT(*) FROM history WHERE type = :key";

HistoryType type_from_row(const soci::row& row) {
  HistoryType type;
  type.key = storage::get_text(row, 0);
  type.labels = {storage::get_text(row, 1), storage::get_text(row, 2), storage::get_text(row, 3)};
  type.builtin = storage::get_bool(row, 4);
  type.created_at = storage::get_int64(row, 5);
  return type;
}

}  // namespace

std::vector<HistoryType> HistoryTypeStore::list(soci::session& session) const {
  storage::DynamicQuery query(kSelectHistoryTypes);
  return query.append(kHistoryTypeOrder).rows(session, type_from_row);
}

std::optional<HistoryType> HistoryTypeStore::find(soci::session& session,
                                                  const std::string& key) const {
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kSelectHistoryTypes) + " WHERE key = :key", soci::use(key));
  for (const soci::row& row : rows) {
    return type_from_row(row);
  }
  return std::nullopt;
}

void HistoryTypeStore::insert(soci::session& session, const HistoryType& type) const {
  session << kInsertHistoryType, soci::use(type.key), soci::use(type.labels.en),
      soci::use(type.labels.nb), soci::use(type.labels.sv), soci::use(type.created_at);
}

void HistoryTypeStore::remove(soci::session& session, const std::string& key) const {
  session << kDeleteHistoryType, soci::use(key);
}

long long HistoryTypeStore::count_uses(soci::session& session, const std::string& key) const {
  long long count = 0;
  session << kCountHistoryTypeUses, soci::use(key), soci::into(count);
  return count;
}

}  // namespace vern::crm
