#include "portal/portal_link_store.hpp"

#include "common/enum_names.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::portal {
namespace {

using storage::DynamicQuery;

constexpr EnumNames<PortalLink::Status, 3> kStatusNames{{
    {PortalLink::Status::kActive, "active"},
    {PortalLink::Status::kExpired, "expired"},
    {PortalLink::Status::kRevoked, "revoked"},
}};

constexpr std::string_view kSelectLink =
    "SELECT id, person_id, sent_to, language, created_by_user_id, created_by, created_at,"
    " expires_at, first_used_at, last_used_at, revoked_at, revoked_by FROM portal_links";
constexpr std::string_view kInsertLink =
    "INSERT INTO portal_links (person_id, token_hash, sent_to, language, created_by_user_id,"
    " created_by, created_at, expires_at) VALUES (";
constexpr std::string_view kRevokeLink = "UPDATE portal_links SET revoked_at = ";
constexpr std::string_view kRecordUse =
    "UPDATE portal_links SET first_used_at = COALESCE(first_used_at, ";

constexpr std::string_view kInsertSession =
    "INSERT INTO portal_sessions (link_id, person_id, token_hash, csrf_token, created_at,"
    " last_seen_at, expires_at) VALUES (";
constexpr std::string_view kFindSession =
    "SELECT s.id, s.link_id, s.person_id, s.csrf_token, s.expires_at, l.expires_at,"
    " l.revoked_at, l.last_used_at FROM portal_sessions s"
    " JOIN portal_links l ON l.id = s.link_id WHERE s.token_hash = ";
constexpr std::string_view kTouchSession = "UPDATE portal_sessions SET last_seen_at = ";
constexpr std::string_view kDeleteSession = "DELETE FROM portal_sessions WHERE id = ";
constexpr std::string_view kDeleteLinkSessions = "DELETE FROM portal_sessions WHERE link_id IN ";
constexpr std::string_view kDeleteExpiredSessions =
    "DELETE FROM portal_sessions WHERE expires_at <= ";

PortalLink link_from_row(const soci::row& row) {
  PortalLink link;
  link.id = storage::get_int64(row, 0);
  link.person_id = storage::get_int64(row, 1);
  link.sent_to = storage::get_text(row, 2);
  link.language = storage::get_text(row, 3);
  link.created_by_user_id = storage::get_optional_int64(row, 4);
  link.created_by = storage::get_text(row, 5);
  link.created_at = storage::get_int64(row, 6);
  link.expires_at = storage::get_int64(row, 7);
  link.first_used_at = storage::get_optional_int64(row, 8);
  link.last_used_at = storage::get_optional_int64(row, 9);
  link.revoked_at = storage::get_optional_int64(row, 10);
  link.revoked_by = storage::get_text(row, 11);
  return link;
}

std::optional<PortalLink> first_link(soci::session& session, const DynamicQuery& query) {
  auto links = query.rows(session, link_from_row);
  return links.empty() ? std::nullopt : std::optional(std::move(links.front()));
}

}  // namespace

std::string_view to_string(PortalLink::Status status) {
  return name_of(kStatusNames, status);
}

long long PortalLinkStore::insert(soci::session& session, const NewPortalLink& link) const {
  const PortalLink& shown = link.link;
  DynamicQuery query(kInsertLink);
  query.bind(shown.person_id).append(", ").bind(link.token_hash);
  query.append(", ").bind(shown.sent_to).append(", ").bind(shown.language);
  query.append(", ").bind(shown.created_by_user_id).append(", ").bind(shown.created_by);
  query.append(", ").bind(shown.created_at).append(", ").bind(shown.expires_at);
  query.append(") RETURNING id");
  return query.first_integer(session);
}

std::optional<PortalLink> PortalLinkStore::find(soci::session& session, long long id,
                                                bool lock) const {
  DynamicQuery query(kSelectLink);
  query.append(" WHERE id = ").bind(id);
  if (lock) {
    query.append(dialect_.for_update());
  }
  return first_link(session, query);
}

std::optional<PortalLink> PortalLinkStore::find_by_token_hash(soci::session& session,
                                                              const std::string& token_hash) const {
  DynamicQuery query(kSelectLink);
  query.append(" WHERE token_hash = ").bind(token_hash);
  return first_link(session, query);
}

std::vector<PortalLink> PortalLinkStore::list_for_person(soci::session& session,
                                                         long long person_id) const {
  DynamicQuery query(kSelectLink);
  query.append(" WHERE person_id = ").bind(person_id).append(" ORDER BY id DESC");
  return query.rows(session, link_from_row);
}

bool PortalLinkStore::revoke(soci::session& session, long long id, UnixTime now,
                             const std::string& revoked_by) const {
  DynamicQuery query(kRevokeLink);
  query.bind(now).append(", revoked_by = ").bind(revoked_by);
  query.append(" WHERE id = ").bind(id).append(" AND revoked_at IS NULL RETURNING id");
  return query.first_integer(session) != 0;
}

std::vector<long long> PortalLinkStore::revoke_usable_of_person(
    soci::session& session, long long person_id, UnixTime now,
    const std::string& revoked_by) const {
  DynamicQuery query(kRevokeLink);
  query.bind(now).append(", revoked_by = ").bind(revoked_by);
  query.append(" WHERE person_id = ").bind(person_id);
  query.append(" AND revoked_at IS NULL AND expires_at > ").bind(now).append(" RETURNING id");
  std::vector<long long> ids;
  query.for_each_row(session,
                     [&](const soci::row& row) { ids.push_back(storage::get_int64(row, 0)); });
  return ids;
}

void PortalLinkStore::record_use(soci::session& session, long long id, UnixTime now) const {
  DynamicQuery query(kRecordUse);
  query.bind(now).append("), last_used_at = ").bind(now).append(" WHERE id = ").bind(id);
  query.execute(session);
}

long long PortalSessionStore::insert(soci::session& session, const std::string& token_hash,
                                     const PortalSession& record, UnixTime now) const {
  DynamicQuery query(kInsertSession);
  query.bind(record.link_id).append(", ").bind(record.person_id);
  query.append(", ").bind(token_hash).append(", ").bind(record.csrf_token);
  query.append(", ").bind(now).append(", ").bind(now).append(", ").bind(record.expires_at);
  query.append(") RETURNING id");
  return query.first_integer(session);
}

std::optional<PortalSessionRecord> PortalSessionStore::find(soci::session& session,
                                                            const std::string& token_hash) const {
  DynamicQuery query(kFindSession);
  query.bind(token_hash);
  std::optional<PortalSessionRecord> found;
  query.for_each_row(session, [&](const soci::row& row) {
    PortalSessionRecord record;
    record.session.id = storage::get_int64(row, 0);
    record.session.link_id = storage::get_int64(row, 1);
    record.session.person_id = storage::get_int64(row, 2);
    record.session.csrf_token = storage::get_text(row, 3);
    record.session.expires_at = storage::get_int64(row, 4);
    record.link_expires_at = storage::get_int64(row, 5);
    record.link_revoked = storage::get_optional_int64(row, 6).has_value();
    record.link_last_used_at = storage::get_optional_int64(row, 7);
    found = std::move(record);
  });
  return found;
}

void PortalSessionStore::touch(soci::session& session, long long id, UnixTime now) const {
  DynamicQuery query(kTouchSession);
  query.bind(now).append(" WHERE id = ").bind(id).execute(session);
}

void PortalSessionStore::remove(soci::session& session, long long id) const {
  DynamicQuery query(kDeleteSession);
  query.bind(id).execute(session);
}

void PortalSessionStore::remove_for_links(soci::session& session,
                                          const std::vector<long long>& link_ids) const {
  if (link_ids.empty()) {
    return;
  }
  DynamicQuery query(kDeleteLinkSessions);
  query.bind_list(link_ids).execute(session);
}

void PortalSessionStore::remove_expired(soci::session& session, UnixTime now) const {
  DynamicQuery query(kDeleteExpiredSessions);
  query.bind(now).execute(session);
}

}  // namespace vern::portal
