#include "consent/consent_store.hpp"

#include "common/error.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::consent {
namespace {

using storage::DynamicQuery;

constexpr std::string_view kSelectTypes =
    "SELECT t.id, t.key, t.name_en, t.name_nb, t.name_sv, t.legal_basis, t.active,"
    " t.portal_changeable, t.text_version, t.created_at, t.updated_at, x.purpose_en,"
    " x.purpose_nb, x.purpose_sv FROM consent_types t JOIN consent_texts x"
    " ON x.consent_type_id = t.id AND x.version = t.text_version";
constexpr std::string_view kSelectEvents =
    "SELECT e.id, e.person_id, t.key, e.granted, e.text_version, e.source, e.note,"
    " e.actor_user_id, e.actor, e.occurred_at FROM consent_events e"
    " JOIN consent_types t ON t.id = e.consent_type_id";

ConsentType type_from_row(const soci::row& row) {
  ConsentType type;
  type.id = storage::get_int64(row, 0);
  type.key = storage::get_text(row, 1);
  type.names = {storage::get_text(row, 2), storage::get_text(row, 3), storage::get_text(row, 4)};
  type.legal_basis = parse_legal_basis(storage::get_text(row, 5)).value_or(LegalBasis::kA);
  type.active = storage::get_bool(row, 6);
  type.portal_changeable = storage::get_bool(row, 7);
  type.text_version = storage::get_int64(row, 8);
  type.created_at = storage::get_int64(row, 9);
  type.updated_at = storage::get_int64(row, 10);
  type.purposes = {storage::get_text(row, 11), storage::get_text(row, 12),
                   storage::get_text(row, 13)};
  return type;
}

ConsentEvent event_from_row(const soci::row& row) {
  ConsentEvent event;
  event.id = storage::get_int64(row, 0);
  event.person_id = storage::get_int64(row, 1);
  event.consent_type = storage::get_text(row, 2);
  event.granted = storage::get_bool(row, 3);
  event.text_version = storage::get_int64(row, 4);
  event.source = parse_source(storage::get_text(row, 5)).value_or(Source::kCrm);
  event.note = storage::get_text(row, 6);
  event.actor_user_id = storage::get_optional_int64(row, 7);
  event.actor = storage::get_text(row, 8);
  event.occurred_at = storage::get_int64(row, 9);
  return event;
}

}  // namespace

std::vector<ConsentType> ConsentStore::list_types(soci::session& session) const {
  std::vector<ConsentType> types;
  DynamicQuery query(kSelectTypes);
  query.append(" ORDER BY t.key");
  query.for_each_row(session, [&](const soci::row& row) { types.push_back(type_from_row(row)); });
  return types;
}

std::optional<ConsentType> ConsentStore::find_type(soci::session& session,
                                                   const std::string& key) const {
  std::optional<ConsentType> found;
  DynamicQuery query(kSelectTypes);
  query.append(" WHERE t.key = ").bind(key);
  query.for_each_row(session, [&](const soci::row& row) { found = type_from_row(row); });
  return found;
}

long long ConsentStore::insert_type(soci::session& session, const ConsentType& type) const {
  DynamicQuery query(
      "INSERT INTO consent_types (key, name_en, name_nb, name_sv, legal_basis, active,"
      " portal_changeable, text_version, created_at, updated_at) VALUES (");
  query.bind(type.key).append(", ").bind(type.names.en).append(", ").bind(type.names.nb);
  query.append(", ")
      .bind(type.names.sv)
      .append(", ")
      .bind(std::string(to_string(type.legal_basis)));
  query.append(", ").bind(type.active ? 1 : 0).append(", ").bind(type.portal_changeable ? 1 : 0);
  query.append(", ").bind(type.text_version).append(", ").bind(type.created_at);
  query.append(", ").bind(type.updated_at).append(") RETURNING id");
  const long long id = query.first_integer(session);
  insert_text(session, id, {type.text_version, type.purposes, type.created_at});
  return id;
}

void ConsentStore::update_type(soci::session& session, const ConsentType& type) const {
  DynamicQuery query("UPDATE consent_types SET name_en = ");
  query.bind(type.names.en).append(", name_nb = ").bind(type.names.nb);
  query.append(", name_sv = ").bind(type.names.sv);
  query.append(", legal_basis = ").bind(std::string(to_string(type.legal_basis)));
  query.append(", active = ").bind(type.active ? 1 : 0);
  query.append(", portal_changeable = ").bind(type.portal_changeable ? 1 : 0);
  query.append(", text_version = ").bind(type.text_version);
  query.append(", updated_at = ").bind(type.updated_at).append(" WHERE id = ").bind(type.id);
  query.execute(session);
}

void ConsentStore::insert_text(soci::session& session, long long type_id,
                               const ConsentText& text) const {
  DynamicQuery query(
      "INSERT INTO consent_texts (consent_type_id, version, purpose_en, purpose_nb, purpose_sv,"
      " created_at) VALUES (");
  query.bind(type_id).append(", ").bind(text.version).append(", ").bind(text.purposes.en);
  query.append(", ").bind(text.purposes.nb).append(", ").bind(text.purposes.sv);
  query.append(", ").bind(text.created_at).append(")");
  query.execute(session);
}

std::vector<ConsentText> ConsentStore::texts(soci::session& session, long long type_id) const {
  std::vector<ConsentText> texts;
  DynamicQuery query(
      "SELECT version, purpose_en, purpose_nb, purpose_sv, created_at FROM consent_texts"
      " WHERE consent_type_id = ");
  query.bind(type_id).append(" ORDER BY version DESC");
  query.for_each_row(session, [&](const soci::row& row) {
    texts.push_back(
        {storage::get_int64(row, 0),
         {storage::get_text(row, 1), storage::get_text(row, 2), storage::get_text(row, 3)},
         storage::get_int64(row, 4)});
  });
  return texts;
}

long long ConsentStore::count_events_of_type(soci::session& session, long long type_id) const {
  DynamicQuery query("SELECT COUNT(*) FROM consent_events WHERE consent_type_id = ");
  query.bind(type_id);
  return query.first_integer(session);
}

void ConsentStore::delete_type(soci::session& session, long long type_id) const {
  DynamicQuery query("DELETE FROM consent_types WHERE id = ");
  query.bind(type_id);
  query.execute(session);
}

long long ConsentStore::append_event(soci::session& session, long long type_id,
                                     const ConsentEvent& event) const {
  DynamicQuery insert(
      "INSERT INTO consent_events (person_id, consent_type_id, granted, text_version, source,"
      " note, actor_user_id, actor, occurred_at) VALUES (");
  insert.bind(event.person_id).append(", ").bind(type_id).append(", ");
  insert.bind(event.granted ? 1 : 0).append(", ").bind(event.text_version).append(", ");
  insert.bind(std::string(to_string(event.source))).append(", ").bind(event.note);
  insert.append(", ").bind(event.actor_user_id).append(", ").bind(event.actor);
  insert.append(", ").bind(event.occurred_at).append(") RETURNING id");
  const long long id = insert.first_integer(session);
  DynamicQuery current(
      "INSERT INTO person_consents (person_id, consent_type_id, granted, event_id) VALUES (");
  current.bind(event.person_id).append(", ").bind(type_id).append(", ");
  current.bind(event.granted ? 1 : 0).append(", ").bind(id);
  current.append(
      ") ON CONFLICT (person_id, consent_type_id) DO UPDATE SET granted = excluded.granted,"
      " event_id = excluded.event_id");
  current.execute(session);
  return id;
}

std::vector<ConsentEvent> ConsentStore::events_of(soci::session& session,
                                                  long long person_id) const {
  std::vector<ConsentEvent> events;
  DynamicQuery query(kSelectEvents);
  query.append(" WHERE e.person_id = ").bind(person_id).append(" ORDER BY e.id DESC");
  query.for_each_row(session, [&](const soci::row& row) { events.push_back(event_from_row(row)); });
  return events;
}

std::map<std::string, ConsentEvent> ConsentStore::latest_of(soci::session& session,
                                                            long long person_id) const {
  std::map<std::string, ConsentEvent> latest;
  DynamicQuery query(kSelectEvents);
  query.append(" JOIN person_consents c ON c.event_id = e.id WHERE c.person_id = ");
  query.bind(person_id);
  query.for_each_row(session, [&](const soci::row& row) {
    ConsentEvent event = event_from_row(row);
    latest.emplace(event.consent_type, std::move(event));
  });
  return latest;
}

std::vector<StateCounts> ConsentStore::state_counts(soci::session& session) const {
  std::vector<StateCounts> counts;
  DynamicQuery query(
      "SELECT t.key, t.name_en, t.name_nb, t.name_sv,"
      " (SELECT COUNT(*) FROM person_consents c WHERE c.consent_type_id = t.id"
      " AND c.granted = 1),"
      " (SELECT COUNT(*) FROM person_consents c WHERE c.consent_type_id = t.id"
      " AND c.granted = 0),"
      " (SELECT COUNT(*) FROM persons) FROM consent_types t WHERE t.active = 1 ORDER BY t.key");
  query.for_each_row(session, [&](const soci::row& row) {
    StateCounts count;
    count.consent_type = storage::get_text(row, 0);
    count.names = {storage::get_text(row, 1), storage::get_text(row, 2), storage::get_text(row, 3)};
    count.granted = storage::get_int64(row, 4);
    count.withdrawn = storage::get_int64(row, 5);
    count.none = storage::get_int64(row, 6) - count.granted - count.withdrawn;
    counts.push_back(std::move(count));
  });
  return counts;
}

ProcessingCounts ConsentStore::processing_counts(soci::session& session) const {
  ProcessingCounts counts;
  // Each count reads its own index (migration 6) rather than every person.
  DynamicQuery query(
      "SELECT (SELECT COUNT(*) FROM persons),"
      " (SELECT COUNT(*) FROM persons WHERE processing_restricted = 1),"
      " (SELECT COUNT(*) FROM persons WHERE objects_to_direct_marketing = 1),"
      " (SELECT COUNT(*) FROM persons WHERE legal_hold = 1)");
  query.for_each_row(session, [&](const soci::row& row) {
    counts = {storage::get_int64(row, 0), storage::get_int64(row, 1), storage::get_int64(row, 2),
              storage::get_int64(row, 3)};
  });
  return counts;
}

}  // namespace vern::consent
