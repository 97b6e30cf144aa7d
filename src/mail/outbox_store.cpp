#include "common/enum_names.hpp"
#include "mail/outbox.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"
#include "storage/soci.hpp"

namespace vern::mail {
namespace {

using storage::DynamicQuery;

constexpr EnumNames<OutboxStatus, 4> kStatusNames{{
    {OutboxStatus::kQueued, "queued"},
    {OutboxStatus::kSending, "sending"},
    {OutboxStatus::kSent, "sent"},
    {OutboxStatus::kFailed, "failed"},
}};

// Without data: listings leave it out, claims add it.
constexpr std::string_view kColumns =
    "id, mailing_id, person_id, kind, sender, recipient, subject, message_id, status, attempts,"
    " due_at, last_error, created_at, updated_at, sent_at";
constexpr std::size_t kDataColumn = 15;

OutboxMessage message_from_row(const soci::row& row, bool with_data) {
  OutboxMessage message;
  message.id = storage::get_int64(row, 0);
  message.mailing_id = storage::get_optional_int64(row, 1);
  message.person_id = storage::get_optional_int64(row, 2);
  message.kind = storage::get_text(row, 3);
  message.sender = storage::get_text(row, 4);
  message.recipient = storage::get_text(row, 5);
  message.subject = storage::get_text(row, 6);
  message.message_id = storage::get_text(row, 7);
  message.status = parse_outbox_status(storage::get_text(row, 8)).value_or(OutboxStatus::kFailed);
  message.attempts = static_cast<int>(storage::get_int64(row, 9));
  message.due_at = storage::get_int64(row, 10);
  message.last_error = storage::get_text(row, 11);
  message.created_at = storage::get_int64(row, 12);
  message.updated_at = storage::get_int64(row, 13);
  message.sent_at = storage::get_optional_int64(row, 14);
  if (with_data) {
    message.data = storage::get_optional_text(row, kDataColumn);
  }
  return message;
}

std::vector<OutboxMessage> select_messages(soci::session& session, const DynamicQuery& query,
                                           bool with_data) {
  std::vector<OutboxMessage> messages;
  query.for_each_row(
      session, [&](const soci::row& row) { messages.push_back(message_from_row(row, with_data)); });
  return messages;
}

/// Runs an UPDATE and returns how many rows it changed (both databases count RETURNING rows).
long long changed_rows(soci::session& session, DynamicQuery& update) {
  update.append(" RETURNING id");
  long long changed = 0;
  update.for_each_row(session, [&](const soci::row&) { ++changed; });
  return changed;
}

}  // namespace

std::string_view to_string(OutboxStatus status) {
  return name_of(kStatusNames, status);
}

std::optional<OutboxStatus> parse_outbox_status(std::string_view text) {
  return value_of(kStatusNames, text);
}

void OutboxStore::enqueue(soci::session& session, const std::vector<NewOutboxMessage>& messages,
                          UnixTime now) const {
  if (messages.empty()) {
    return;
  }
  // Prepared once and executed for each message with the bound values changed: on SQLite this
  // is as quick as a multi-row INSERT and keeps the statement the same whatever the count.
  NewOutboxMessage row;
  std::string status;
  std::string error;
  long long mailing_id = 0;
  long long person_id = 0;
  soci::indicator mailing_indicator = soci::i_ok;
  soci::indicator person_indicator = soci::i_ok;
  soci::indicator data_indicator = soci::i_ok;
  soci::statement statement =
      (session.prepare << "INSERT INTO outbox (mailing_id, person_id, kind, sender, recipient,"
                          " subject, message_id, data, status, last_error, attempts, due_at,"
                          " created_at, updated_at) VALUES (:mailing, :person, :kind, :sender,"
                          " :recipient, :subject, :message_id, :data, :status, :error, 0, :due,"
                          " :created, :updated)",
       soci::use(mailing_id, mailing_indicator), soci::use(person_id, person_indicator),
       soci::use(row.kind), soci::use(row.sender), soci::use(row.recipient), soci::use(row.subject),
       soci::use(row.message_id), soci::use(row.data, data_indicator), soci::use(status),
       soci::use(error), soci::use(now), soci::use(now), soci::use(now));
  for (const NewOutboxMessage& message : messages) {
    row = message;
    status = message.failed ? "failed" : "queued";
    data_indicator = message.failed ? soci::i_null : soci::i_ok;  // nothing to send, ever
    error = message.failed.value_or("");
    mailing_id = message.mailing_id.value_or(0);
    mailing_indicator = message.mailing_id ? soci::i_ok : soci::i_null;
    person_id = message.person_id.value_or(0);
    person_indicator = message.person_id ? soci::i_ok : soci::i_null;
    statement.execute(true);
  }
}

std::vector<OutboxMessage> OutboxStore::claim(soci::session& session, const std::string& worker,
                                              UnixTime now, UnixTime lease_until, int limit) const {
  // The condition repeats the partial index's own, so both databases can use it; SQLite is told
  // to, as without statistics it would rather sort every waiting message by due_at each time.
  DynamicQuery due(dialect_.is_postgresql() ? "SELECT id FROM outbox"
                                            : "SELECT id FROM outbox INDEXED BY outbox_due");
  due.append(" WHERE status IN ('queued', 'sending') AND due_at <= ");
  due.bind(now).append(" ORDER BY due_at, id LIMIT ").bind(static_cast<long long>(limit));
  if (dialect_.is_postgresql()) {
    due.append(" FOR UPDATE SKIP LOCKED");
  }
  std::vector<long long> ids;
  due.for_each_row(session,
                   [&](const soci::row& row) { ids.push_back(storage::get_int64(row, 0)); });
  if (ids.empty()) {
    return {};
  }
  DynamicQuery take("UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_by = ");
  take.bind(worker).append(", due_at = ").bind(lease_until).append(", updated_at = ").bind(now);
  take.append(" WHERE id IN ").bind_list(ids);
  take.execute(session);

  DynamicQuery read("SELECT ");
  read.append(kColumns).append(", data FROM outbox WHERE id IN ").bind_list(ids);
  read.append(" ORDER BY due_at, id");
  return select_messages(session, read, true);
}

void OutboxStore::complete(soci::session& session, const std::string& worker,
                           const std::vector<DeliveryResult>& results, UnixTime now) const {
  for (const DeliveryResult& result : results) {
    DynamicQuery query("UPDATE outbox SET updated_at = ");
    query.bind(now);
    switch (result.outcome) {
      case DeliveryResult::Outcome::kSent:
        query.append(", status = 'sent', claimed_by = NULL, last_error = '', sent_at = ").bind(now);
        query.append(", data = CASE WHEN kind = ").bind(std::string(kPortalLinkKind));
        query.append(" THEN NULL ELSE data END");
        break;
      case DeliveryResult::Outcome::kRetry:
        query.append(", status = 'queued', claimed_by = NULL, due_at = ").bind(result.retry_at);
        query.append(", last_error = ").bind(result.error);
        break;
      case DeliveryResult::Outcome::kFailed:
        query.append(", status = 'failed', claimed_by = NULL, last_error = ").bind(result.error);
        break;
    }
    query.append(" WHERE id = ").bind(result.id);
    query.append(" AND status = 'sending' AND claimed_by = ").bind(worker);
    query.execute(session);
  }
}

void OutboxStore::renew(soci::session& session, const std::string& worker,
                        UnixTime lease_until) const {
  DynamicQuery query("UPDATE outbox SET due_at = ");
  query.bind(lease_until).append(" WHERE status = 'sending' AND claimed_by = ").bind(worker);
  query.execute(session);
}

long long OutboxStore::release(soci::session& session, const std::string& worker,
                               UnixTime now) const {
  DynamicQuery query(
      "UPDATE outbox SET status = 'queued', claimed_by = NULL, attempts = attempts - 1,"
      " due_at = ");
  query.bind(now).append(", updated_at = ").bind(now);
  query.append(" WHERE status = 'sending' AND claimed_by = ").bind(worker);
  return changed_rows(session, query);
}

bool OutboxStore::retry(soci::session& session, long long id, UnixTime now) const {
  DynamicQuery query(
      "UPDATE outbox SET status = 'queued', attempts = 0, last_error = '', claimed_by = NULL,"
      " due_at = ");
  query.bind(now).append(", updated_at = ").bind(now).append(" WHERE id = ").bind(id);
  query.append(" AND status = 'failed' AND data IS NOT NULL AND data <> ''");
  return changed_rows(session, query) > 0;
}

long long OutboxStore::purge_sent(soci::session& session, UnixTime sent_before) const {
  DynamicQuery query(
      "UPDATE outbox SET data = NULL WHERE status = 'sent' AND data IS NOT NULL AND sent_at < ");
  query.bind(sent_before);
  return changed_rows(session, query);
}

std::optional<OutboxMessage> OutboxStore::find(soci::session& session, long long id) const {
  DynamicQuery query("SELECT ");
  query.append(kColumns).append(", data FROM outbox WHERE id = ").bind(id);
  auto messages = select_messages(session, query, true);
  if (messages.empty()) {
    return std::nullopt;
  }
  return std::move(messages.front());
}

std::vector<OutboxMessage> OutboxStore::list(soci::session& session,
                                             const OutboxQuery& query) const {
  DynamicQuery select("SELECT ");
  select.append(kColumns).append(" FROM outbox WHERE 1 = 1");
  if (query.status) {
    select.append(" AND status = ").bind(std::string(to_string(*query.status)));
  }
  if (query.mailing_id) {
    select.append(" AND mailing_id = ").bind(*query.mailing_id);
  }
  if (query.before_id) {
    select.append(" AND id < ").bind(*query.before_id);
  }
  select.append(" ORDER BY id DESC LIMIT ").bind(static_cast<long long>(query.limit));
  return select_messages(session, select, false);
}

OutboxCounts OutboxStore::counts(soci::session& session,
                                 std::optional<long long> mailing_id) const {
  OutboxCounts counts;
  for (const auto& [status, name] : kStatusNames) {
    counts[status] = 0;
  }
  DynamicQuery query("SELECT status, COUNT(*) FROM outbox");
  if (mailing_id) {
    query.append(" WHERE mailing_id = ").bind(*mailing_id);
  }
  query.append(" GROUP BY status");
  query.for_each_row(session, [&](const soci::row& row) {
    if (const auto status = parse_outbox_status(storage::get_text(row, 0))) {
      counts[*status] = storage::get_int64(row, 1);
    }
  });
  return counts;
}

long long OutboxStore::depth(soci::session& session) const {
  return DynamicQuery("SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'sending')")
      .first_integer(session);
}

}  // namespace vern::mail
