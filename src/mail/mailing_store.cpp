#include "mail/mailing_store.hpp"

#include "common/enum_names.hpp"
#include "query/filter_compiler.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::mail {
namespace {

using storage::DynamicQuery;

constexpr EnumNames<MailingStatus, 4> kStatusNames{{
    {MailingStatus::kDraft, "draft"},
    {MailingStatus::kQueuing, "queuing"},
    {MailingStatus::kSending, "sending"},
    {MailingStatus::kDone, "done"},
}};
constexpr EnumNames<consent::BulkPurpose, 3> kPurposeNames{{
    {consent::BulkPurpose::kMarketing, "marketing"},
    {consent::BulkPurpose::kService, "service"},
    {consent::BulkPurpose::kBreach, "breach"},
}};

constexpr std::string_view kSelect =
    "SELECT id, name, purpose, consent_type, filter, saved_filter_id, subject, body, status,"
    " total, excluded, cursor_person_id, created_by_user_id, created_by, sent_by_user_id,"
    " sent_by, created_at, updated_at, send_at, queued_at, finished_at, included FROM mailings";

nlohmann::json excluded_to_json(const AudienceCounts& counts) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [reason, count] : counts.excluded) {
    json[std::string(consent::to_string(reason))] = count;
  }
  return json;
}

std::vector<std::pair<consent::Exclusion, long long>> excluded_from_json(const std::string& text) {
  static constexpr std::array kReasons{
      consent::Exclusion::kNoEmail, consent::Exclusion::kRestricted, consent::Exclusion::kObjects,
      consent::Exclusion::kNoConsent};
  const auto json = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::pair<consent::Exclusion, long long>> excluded;
  for (const consent::Exclusion reason : kReasons) {
    const std::string key(consent::to_string(reason));
    if (json.is_object() && json.contains(key) && json[key].is_number_integer()) {
      excluded.emplace_back(reason, json[key].get<long long>());
    }
  }
  return excluded;
}

Mailing mailing_from_row(const soci::row& row) {
  Mailing mailing;
  mailing.id = storage::get_int64(row, 0);
  mailing.draft.name = storage::get_text(row, 1);
  mailing.draft.purpose =
      parse_purpose(storage::get_text(row, 2)).value_or(consent::BulkPurpose::kService);
  mailing.draft.consent_type = storage::get_optional_text(row, 3);
  if (const auto filter = storage::get_optional_text(row, 4)) {
    mailing.draft.filter = nlohmann::json::parse(*filter);
  }
  mailing.draft.saved_filter_id = storage::get_optional_int64(row, 5);
  mailing.draft.subject = storage::get_text(row, 6);
  mailing.draft.body = storage::get_text(row, 7);
  mailing.status = parse_mailing_status(storage::get_text(row, 8)).value_or(MailingStatus::kDraft);
  mailing.total = storage::get_int64(row, 9);
  mailing.audience.excluded = excluded_from_json(storage::get_text(row, 10));
  mailing.cursor_person_id = storage::get_int64(row, 11);
  mailing.created_by_user_id = storage::get_optional_int64(row, 12).value_or(0);
  mailing.created_by = storage::get_text(row, 13);
  mailing.sent_by_user_id = storage::get_optional_int64(row, 14).value_or(0);
  mailing.sent_by = storage::get_text(row, 15);
  mailing.created_at = storage::get_int64(row, 16);
  mailing.updated_at = storage::get_int64(row, 17);
  mailing.send_at = storage::get_optional_int64(row, 18);
  mailing.queued_at = storage::get_optional_int64(row, 19);
  mailing.finished_at = storage::get_optional_int64(row, 20);
  mailing.audience.included = storage::get_int64(row, 21);
  return mailing;
}

std::optional<Mailing> first_of(soci::session& session, const DynamicQuery& query) {
  std::optional<Mailing> found;
  query.for_each_row(session, [&](const soci::row& row) { found = mailing_from_row(row); });
  return found;
}

std::optional<long long> user_id(long long id) {
  return id != 0 ? std::optional<long long>(id) : std::nullopt;
}

DynamicQuery& bind_optional_text(DynamicQuery& query, const std::optional<std::string>& text) {
  if (text) {
    return query.bind(*text);
  }
  return query.append("NULL");
}

void append_audience(DynamicQuery& query, const storage::Dialect& dialect,
                     const Audience& audience) {
  if (audience.filter) {
    query.append(" AND ");
    query::compile_filter(*audience.filter, dialect, query);
  }
}

}  // namespace

std::string_view to_string(MailingStatus status) {
  return name_of(kStatusNames, status);
}
std::optional<MailingStatus> parse_mailing_status(std::string_view text) {
  return value_of(kStatusNames, text);
}
std::string_view to_string(consent::BulkPurpose purpose) {
  return name_of(kPurposeNames, purpose);
}
std::optional<consent::BulkPurpose> parse_purpose(std::string_view text) {
  return value_of(kPurposeNames, text);
}

long long MailingStore::insert(soci::session& session, const Mailing& mailing) const {
  const MailingDraft& draft = mailing.draft;
  DynamicQuery query(
      "INSERT INTO mailings (name, purpose, consent_type, filter, saved_filter_id, subject, body,"
      " status, created_by_user_id, created_by, created_at, updated_at) VALUES (");
  query.bind(draft.name).append(", ").bind(std::string(to_string(draft.purpose))).append(", ");
  bind_optional_text(query, draft.consent_type).append(", ");
  bind_optional_text(query, draft.filter ? std::optional(draft.filter->dump()) : std::nullopt);
  query.append(", ").bind(draft.saved_filter_id).append(", ").bind(draft.subject);
  query.append(", ").bind(draft.body).append(", 'draft', ");
  query.bind(user_id(mailing.created_by_user_id)).append(", ").bind(mailing.created_by);
  query.append(", ").bind(mailing.created_at).append(", ").bind(mailing.updated_at);
  query.append(") RETURNING id");
  return query.first_integer(session);
}

void MailingStore::update_draft(soci::session& session, const Mailing& mailing) const {
  const MailingDraft& draft = mailing.draft;
  DynamicQuery query("UPDATE mailings SET name = ");
  query.bind(draft.name).append(", purpose = ").bind(std::string(to_string(draft.purpose)));
  query.append(", consent_type = ");
  bind_optional_text(query, draft.consent_type).append(", filter = ");
  bind_optional_text(query, draft.filter ? std::optional(draft.filter->dump()) : std::nullopt);
  query.append(", saved_filter_id = ").bind(draft.saved_filter_id);
  query.append(", subject = ").bind(draft.subject).append(", body = ").bind(draft.body);
  query.append(", updated_at = ").bind(mailing.updated_at);
  query.append(" WHERE id = ").bind(mailing.id);
  query.execute(session);
}

void MailingStore::remove(soci::session& session, long long id) const {
  DynamicQuery query("DELETE FROM mailings WHERE id = ");
  query.bind(id).execute(session);
}

std::optional<Mailing> MailingStore::find(soci::session& session, long long id, bool lock) const {
  DynamicQuery query(kSelect);
  query.append(" WHERE id = ").bind(id);
  if (lock) {
    query.append(dialect_.for_update());
  }
  return first_of(session, query);
}

std::vector<Mailing> MailingStore::list(soci::session& session, std::optional<long long> before_id,
                                        int limit) const {
  DynamicQuery query(kSelect);
  if (before_id) {
    query.append(" WHERE id < ").bind(*before_id);
  }
  query.append(" ORDER BY id DESC LIMIT ").bind(static_cast<long long>(limit));
  return query.rows(session, mailing_from_row);
}

void MailingStore::start_sending(soci::session& session, const Mailing& mailing) const {
  DynamicQuery query("UPDATE mailings SET status = 'queuing', excluded = ");
  query.bind(excluded_to_json(mailing.audience).dump());
  query.append(", included = ").bind(mailing.audience.included);
  query.append(", sent_by_user_id = ").bind(user_id(mailing.sent_by_user_id));
  query.append(", sent_by = ").bind(mailing.sent_by);
  query.append(", send_at = ")
      .bind(mailing.send_at)
      .append(", updated_at = ")
      .bind(mailing.updated_at);
  query.append(", total = 0, cursor_person_id = 0 WHERE id = ").bind(mailing.id);
  query.execute(session);
}

std::optional<Mailing> MailingStore::next_queuing(soci::session& session) const {
  DynamicQuery query(kSelect);
  query.append(" WHERE status = 'queuing' ORDER BY id LIMIT 1");
  return first_of(session, query);
}

void MailingStore::advance(soci::session& session, long long id, long long cursor, long long added,
                           bool finished, UnixTime now) const {
  DynamicQuery query("UPDATE mailings SET cursor_person_id = ");
  query.bind(cursor).append(", total = total + ").bind(added);
  query.append(", updated_at = ").bind(now);
  if (finished) {
    query.append(", status = 'sending', queued_at = ").bind(now);
  }
  query.append(" WHERE id = ").bind(id);
  query.execute(session);
}

void MailingStore::finish_done(soci::session& session, UnixTime now) const {
  DynamicQuery query("UPDATE mailings SET status = 'done', finished_at = ");
  query.bind(now).append(", updated_at = ").bind(now);
  query.append(
      " WHERE status = 'sending' AND NOT EXISTS (SELECT 1 FROM outbox o"
      " WHERE o.mailing_id = mailings.id AND o.status IN ('queued', 'sending'))");
  query.execute(session);
}

void MailingStore::reopen(soci::session& session, long long id) const {
  DynamicQuery query(
      "UPDATE mailings SET status = 'sending', finished_at = NULL WHERE status = 'done' AND id = ");
  query.bind(id).execute(session);
}

AudienceCounts MailingStore::count(soci::session& session, const Audience& audience) const {
  AudienceCounts counts;
  DynamicQuery included("SELECT COUNT(*) FROM persons p WHERE ");
  audience.rules.append_included(included);
  append_audience(included, dialect_, audience);
  counts.included = included.first_integer(session);
  for (const consent::Exclusion reason : audience.rules.reasons()) {
    DynamicQuery excluded("SELECT COUNT(*) FROM persons p WHERE ");
    audience.rules.append_excluded_for(excluded, reason);
    append_audience(excluded, dialect_, audience);
    counts.excluded.emplace_back(reason, excluded.first_integer(session));
  }
  return counts;
}

std::vector<long long> MailingStore::included_ids(soci::session& session, const Audience& audience,
                                                  long long after_id, int limit) const {
  DynamicQuery query("SELECT p.id FROM persons p WHERE p.id > ");
  query.bind(after_id).append(" AND ");
  audience.rules.append_included(query);
  append_audience(query, dialect_, audience);
  query.append(" ORDER BY p.id LIMIT ").bind(static_cast<long long>(limit));
  std::vector<long long> ids;
  query.for_each_row(session,
                     [&](const soci::row& row) { ids.push_back(storage::get_int64(row, 0)); });
  return ids;
}

bool MailingStore::includes(soci::session& session, const Audience& audience,
                            long long person_id) const {
  DynamicQuery query("SELECT COUNT(*) FROM persons p WHERE p.id = ");
  query.bind(person_id).append(" AND ");
  audience.rules.append_included(query);
  append_audience(query, dialect_, audience);
  return query.first_integer(session) > 0;
}

}  // namespace vern::mail
