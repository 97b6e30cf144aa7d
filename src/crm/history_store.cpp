#include "crm/history_store.hpp"

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::crm {
namespace {

constexpr std::string_view kSelectHistory =
    "SELECT id, person_id, type, date, text, author_user_id, author, created_at, updated_at "
    "FROM history";
constexpr std::string_view kInsertHistory =
    "INSERT INTO history (person_id, type, date, text, author_user_id, author, created_at, "
    "updated_at) VALUES (:person_id, :type, :date, :text, :author_user_id, :author, :created_at, "
    ":updated_at) RETURNING id";
constexpr std::string_view kUpdateHistory =
    "UPDATE history SET type = :type, date = :date, text = :text, updated_at = :updated_at "
    "WHERE id = :id";
constexpr std::string_view kDeleteHistory = "DELETE FROM history WHERE id = :id";

HistoryEntry entry_from_row(const soci::row& row) {
  HistoryEntry entry;
  entry.id = storage::get_int64(row, 0);
  entry.person_id = storage::get_int64(row, 1);
  entry.type = storage::get_text(row, 2);
  entry.date = storage::get_text(row, 3);
  entry.text = storage::get_text(row, 4);
  entry.author_user_id = storage::get_optional_int64(row, 5);
  entry.author = storage::get_text(row, 6);
  entry.created_at = storage::get_int64(row, 7);
  entry.updated_at = storage::get_int64(row, 8);
  return entry;
}

}  // namespace

long long HistoryStore::insert(soci::session& session, const HistoryEntry& entry) const {
  const long long author_user_id = entry.author_user_id.value_or(0);
  soci::indicator author_indicator = entry.author_user_id ? soci::i_ok : soci::i_null;
  long long id = 0;
  session << kInsertHistory, soci::use(entry.person_id), soci::use(entry.type),
      soci::use(entry.date), soci::use(entry.text), soci::use(author_user_id, author_indicator),
      soci::use(entry.author), soci::use(entry.created_at), soci::use(entry.updated_at),
      soci::into(id);
  return id;
}

void HistoryStore::insert_all(soci::session& session,
                              const std::vector<HistoryEntry>& entries) const {
  if (entries.empty()) {
    return;
  }
  // Prepared once, executed for each note with the bound values changed.
  const std::string_view returning = " RETURNING id";
  const std::string sql(kInsertHistory.substr(0, kInsertHistory.size() - returning.size()));
  HistoryEntry row;
  long long author_user_id = 0;
  soci::indicator author_indicator = soci::i_ok;
  soci::statement statement =
      (session.prepare << sql, soci::use(row.person_id), soci::use(row.type), soci::use(row.date),
       soci::use(row.text), soci::use(author_user_id, author_indicator), soci::use(row.author),
       soci::use(row.created_at), soci::use(row.updated_at));
  for (const HistoryEntry& entry : entries) {
    row = entry;
    author_user_id = entry.author_user_id.value_or(0);
    author_indicator = entry.author_user_id ? soci::i_ok : soci::i_null;
    statement.execute(true);
  }
}

std::optional<HistoryEntry> HistoryStore::find(soci::session& session, long long id) const {
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kSelectHistory) + " WHERE id = :id", soci::use(id));
  for (const soci::row& row : rows) {
    return entry_from_row(row);
  }
  return std::nullopt;
}

std::vector<HistoryEntry> HistoryStore::list_for_person(soci::session& session, long long person_id,
                                                        const std::optional<HistoryCursor>& after,
                                                        int limit) const {
  storage::DynamicQuery query(kSelectHistory);
  query.append(" WHERE person_id = ").bind(person_id);
  if (after) {
    query.append(" AND (date < ").bind(after->date);
    query.append(" OR (date = ").bind(after->date).append(" AND id < ").bind(after->id);
    query.append("))");
  }
  query.append(" ORDER BY date DESC, id DESC LIMIT ").bind(static_cast<long long>(limit));
  return query.rows(session, entry_from_row);
}

void HistoryStore::update(soci::session& session, const HistoryEntry& entry) const {
  session << kUpdateHistory, soci::use(entry.type), soci::use(entry.date), soci::use(entry.text),
      soci::use(entry.updated_at), soci::use(entry.id);
}

void HistoryStore::remove(soci::session& session, long long id) const {
  session << kDeleteHistory, soci::use(id);
}

}  // namespace vern::crm
