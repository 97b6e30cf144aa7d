#include "audit/audit_store.hpp"

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::audit {
namespace {

constexpr std::string_view kEventColumns =
    "id, occurred_at, actor_user_id, actor, action, entity, entity_id, person_id, details, "
    "prev_hash, hash";
constexpr std::string_view kSelectHead =
    "SELECT last_event_id, last_hash, event_count FROM audit_head WHERE id = 1";
constexpr std::string_view kInsertEvent =
    "INSERT INTO audit_events (id, occurred_at, actor_user_id, actor, action, entity, entity_id, "
    "person_id, details, prev_hash, hash) VALUES (";

AuditEvent event_from_row(const soci::row& row) {
  AuditEvent event;
  event.id = storage::get_int64(row, 0);
  event.occurred_at = storage::get_int64(row, 1);
  event.actor_user_id = storage::get_optional_int64(row, 2).value_or(0);
  event.actor = storage::get_text(row, 3);
  event.action = storage::get_text(row, 4);
  event.entity = storage::get_text(row, 5);
  event.entity_id = storage::get_optional_text(row, 6);
  event.person_id = storage::get_optional_int64(row, 7);
  event.details = storage::get_text(row, 8);
  event.prev_hash = storage::get_text(row, 9);
  event.hash = storage::get_text(row, 10);
  return event;
}

AuditHead head_from_query(soci::session& session, const storage::DynamicQuery& query) {
  AuditHead head;
  query.for_each_row(session, [&](const soci::row& row) {
    head.last_event_id = storage::get_int64(row, 0);
    head.last_hash = storage::get_text(row, 1);
    head.event_count = storage::get_int64(row, 2);
  });
  return head;
}

}  // namespace

AuditHead AuditStore::lock_head(soci::session& session) const {
  storage::DynamicQuery query(kSelectHead);
  query.append(dialect_.for_update());
  return head_from_query(session, query);
}

AuditHead AuditStore::read_head(soci::session& session) const {
  return head_from_query(session, storage::DynamicQuery(kSelectHead));
}

void AuditStore::insert_all(soci::session& session, const std::vector<AuditEvent>& events) const {
  for (const AuditEvent& event : events) {
    // Absent values are written as NULL in the text, so the statement for each shape is
    // prepared once per connection.
    storage::DynamicQuery query(kInsertEvent);
    query.bind(event.id).append(", ").bind(event.occurred_at).append(", ");
    query.bind(event.actor_user_id != 0 ? std::optional(event.actor_user_id) : std::nullopt);
    query.append(", ").bind(event.actor).append(", ").bind(event.action);
    query.append(", ").bind(event.entity).append(", ");
    if (event.entity_id) {
      query.bind(*event.entity_id);
    } else {
      query.append("NULL");
    }
    query.append(", ").bind(event.person_id).append(", ").bind(event.details);
    query.append(", ").bind(event.prev_hash).append(", ").bind(event.hash).append(")");
    query.execute(session);
  }
}

void AuditStore::update_head(soci::session& session, const AuditHead& head) const {
  storage::DynamicQuery query("UPDATE audit_head SET last_event_id = ");
  query.bind(head.last_event_id).append(", last_hash = ").bind(head.last_hash);
  query.append(", event_count = ").bind(head.event_count).append(" WHERE id = 1");
  query.execute(session);
}

std::vector<AuditEvent> AuditStore::page_after(soci::session& session, long long after_id,
                                               int limit) const {
  const std::string sql = "SELECT " + std::string(kEventColumns) +
                          " FROM audit_events WHERE id > :after ORDER BY id LIMIT :limit";
  std::vector<AuditEvent> events;
  soci::rowset<soci::row> rows = (session.prepare << sql, soci::use(after_id), soci::use(limit));
  for (const soci::row& row : rows) {
    events.push_back(event_from_row(row));
  }
  return events;
}

std::vector<AuditEvent> AuditStore::query(soci::session& session, const AuditQuery& query) const {
  storage::DynamicQuery sql("SELECT " + std::string(kEventColumns) +
                            " FROM audit_events WHERE 1 = 1");
  if (query.person_id) {
    sql.append(" AND person_id = ").bind(*query.person_id);
  }
  if (query.actor) {
    sql.append(" AND actor = ").bind(*query.actor);
  }
  if (query.action) {
    sql.append(" AND action = ").bind(*query.action);
  }
  if (query.from) {
    sql.append(" AND occurred_at >= ").bind(*query.from);
  }
  if (query.to) {
    sql.append(" AND occurred_at < ").bind(*query.to);
  }
  if (query.before_id) {
    sql.append(" AND id < ").bind(*query.before_id);
  }
  sql.append(" ORDER BY id DESC LIMIT ").bind(query.limit);
  return sql.rows(session, event_from_row);
}

}  // namespace vern::audit
