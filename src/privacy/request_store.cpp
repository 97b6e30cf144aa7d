#include "privacy/request_store.hpp"

#include "crm/person.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::privacy {
namespace {

using storage::DynamicQuery;

// The person's name comes from their record, so it is never kept twice.
constexpr std::string_view kSelectRequest =
    "SELECT r.id, r.version, r.person_id, p.first_name, p.last_name, p.email, r.subject_name,"
    " r.type, r.received_at, r.channel, r.note, r.status, r.rejection_reason, r.due_date,"
    " r.extension_months, r.extension_reason, r.handled_by_user_id, r.handled_by,"
    " r.created_by_user_id, r.created_by, r.created_at, r.updated_at, r.completed_at"
    " FROM data_requests r LEFT JOIN persons p ON p.id = r.person_id";
constexpr std::string_view kLockRequest = "SELECT id FROM data_requests WHERE id = ";
constexpr std::string_view kOpenStatuses = "('open', 'in_progress')";

DataRequest request_from_row(const soci::row& row) {
  DataRequest request;
  request.id = storage::get_int64(row, 0);
  request.version = storage::get_int64(row, 1);
  request.person_id = storage::get_optional_int64(row, 2);
  if (request.person_id) {
    crm::Person person;
    person.first_name = storage::get_text(row, 3);
    person.last_name = storage::get_text(row, 4);
    person.email = storage::get_text(row, 5);
    request.person_name = person.display_name();
  }
  request.subject_name = storage::get_text(row, 6);
  request.type = parse_request_type(storage::get_text(row, 7)).value_or(RequestType::kAccess);
  request.received_at = storage::get_int64(row, 8);
  request.channel =
      parse_request_channel(storage::get_text(row, 9)).value_or(RequestChannel::kEmail);
  request.note = storage::get_text(row, 10);
  request.status = parse_request_status(storage::get_text(row, 11)).value_or(RequestStatus::kOpen);
  request.rejection_reason = storage::get_text(row, 12);
  request.due_date = parse_date(storage::get_text(row, 13)).value_or(Date{});
  request.extension_months = static_cast<int>(storage::get_int64(row, 14));
  request.extension_reason = storage::get_text(row, 15);
  request.handled_by_user_id = storage::get_optional_int64(row, 16);
  request.handled_by = storage::get_text(row, 17);
  request.created_by_user_id = storage::get_optional_int64(row, 18);
  request.created_by = storage::get_text(row, 19);
  request.created_at = storage::get_int64(row, 20);
  request.updated_at = storage::get_int64(row, 21);
  request.completed_at = storage::get_optional_int64(row, 22);
  return request;
}

void append_filter(DynamicQuery& query, const RequestFilter& filter) {
  query.append(" WHERE 1 = 1");
  if (!filter.statuses.empty()) {
    query.append(" AND r.status IN (");
    for (std::size_t i = 0; i < filter.statuses.size(); ++i) {
      query.append(i > 0 ? ", " : "").bind(std::string(to_string(filter.statuses[i])));
    }
    query.append(")");
  }
  if (filter.person_id) {
    query.append(" AND r.person_id = ").bind(*filter.person_id);
  }
}

enum class Write { kInsert, kUpdate };

/// The columns a request is stored in, each with its value, in one list for the insert and the
/// update; who made it and when are written only by the insert.
template <typename Visit>
void for_each_column(const DataRequest& request, Write write, Visit&& visit) {
  visit("person_id", request.person_id);
  visit("subject_name", request.subject_name);
  visit("type", std::string(to_string(request.type)));
  visit("received_at", request.received_at);
  visit("channel", std::string(to_string(request.channel)));
  visit("note", request.note);
  visit("status", std::string(to_string(request.status)));
  visit("rejection_reason", request.rejection_reason);
  visit("due_date", format_date(request.due_date));
  visit("extension_months", static_cast<long long>(request.extension_months));
  visit("extension_reason", request.extension_reason);
  visit("handled_by_user_id", request.handled_by_user_id);
  visit("handled_by", request.handled_by);
  if (write == Write::kInsert) {
    visit("created_by_user_id", request.created_by_user_id);
    visit("created_by", request.created_by);
    visit("created_at", request.created_at);
  }
  visit("updated_at", request.updated_at);
  visit("completed_at", request.completed_at);
  visit("version", request.version);
}

}  // namespace

long long RequestStore::insert(soci::session& session, const DataRequest& request) const {
  std::string names;
  for_each_column(request, Write::kInsert, [&names](std::string_view name, const auto&) {
    names.append(names.empty() ? "" : ", ").append(name);
  });
  DynamicQuery query("INSERT INTO data_requests (");
  query.append(names).append(") VALUES (");
  bool first = true;
  for_each_column(request, Write::kInsert, [&](std::string_view, const auto& value) {
    query.append(first ? "" : ", ").bind(value);
    first = false;
  });
  query.append(") RETURNING id");
  return query.first_integer(session);
}

std::optional<DataRequest> RequestStore::find(soci::session& session, long long id,
                                              bool lock) const {
  if (lock && dialect_.is_postgresql()) {
    // Locked on its own: PostgreSQL cannot lock the nullable side of the outer join.
    DynamicQuery locking(kLockRequest);
    locking.bind(id).append(dialect_.for_update());
    locking.first_integer(session);
  }
  DynamicQuery query(kSelectRequest);
  query.append(" WHERE r.id = ").bind(id);
  std::optional<DataRequest> found;
  query.for_each_row(session, [&](const soci::row& row) { found = request_from_row(row); });
  return found;
}

std::vector<DataRequest> RequestStore::list(soci::session& session, const RequestFilter& filter,
                                            const std::optional<RequestCursor>& after,
                                            int limit) const {
  DynamicQuery query(kSelectRequest);
  append_filter(query, filter);
  if (after) {
    const std::string due = format_date(after->due_date);
    query.append(" AND (r.due_date > ").bind(due);
    query.append(" OR (r.due_date = ").bind(due).append(" AND r.id > ").bind(after->id);
    query.append("))");
  }
  query.append(" ORDER BY r.due_date, r.id LIMIT ").bind(static_cast<long long>(limit));
  return query.rows(session, request_from_row);
}

long long RequestStore::count(soci::session& session, const RequestFilter& filter) const {
  DynamicQuery query("SELECT COUNT(*) FROM data_requests r");
  append_filter(query, filter);
  return query.first_integer(session);
}

void RequestStore::update(soci::session& session, const DataRequest& request) const {
  DynamicQuery query("UPDATE data_requests SET ");
  bool first = true;
  for_each_column(request, Write::kUpdate, [&](std::string_view name, const auto& value) {
    query.append(first ? "" : ", ").append(name).append(" = ").bind(value);
    first = false;
  });
  query.append(" WHERE id = ").bind(request.id);
  query.execute(session);
}

bool RequestStore::remove(soci::session& session, long long id) const {
  DynamicQuery query("DELETE FROM data_requests WHERE id = ");
  query.bind(id).append(" RETURNING id");
  return query.first_integer(session) != 0;
}

std::vector<std::pair<Date, long long>> RequestStore::count_open_by_due_date(
    soci::session& session) const {
  DynamicQuery query("SELECT due_date, COUNT(*) FROM data_requests WHERE status IN ");
  query.append(kOpenStatuses).append(" GROUP BY due_date ORDER BY due_date");
  std::vector<std::pair<Date, long long>> counts;
  query.for_each_row(session, [&](const soci::row& row) {
    if (const auto date = parse_date(storage::get_text(row, 0))) {
      counts.emplace_back(*date, storage::get_int64(row, 1));
    }
  });
  return counts;
}

std::vector<RequestSchedule> RequestStore::open_schedules(soci::session& session) const {
  DynamicQuery query(
      "SELECT id, person_id, received_at, extension_months, due_date FROM data_requests"
      " WHERE status IN ");
  query.append(kOpenStatuses).append(" ORDER BY id");
  std::vector<RequestSchedule> schedules;
  query.for_each_row(session, [&](const soci::row& row) {
    schedules.push_back({storage::get_int64(row, 0), storage::get_optional_int64(row, 1),
                         storage::get_int64(row, 2), static_cast<int>(storage::get_int64(row, 3)),
                         parse_date(storage::get_text(row, 4)).value_or(Date{})});
  });
  return schedules;
}

void RequestStore::set_due_date(soci::session& session, long long id, Date due_date) const {
  DynamicQuery query("UPDATE data_requests SET due_date = ");
  query.bind(format_date(due_date)).append(" WHERE id = ").bind(id);
  query.execute(session);
}

}  // namespace vern::privacy
