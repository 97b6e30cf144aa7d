#include "privacy/request_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/page.hpp"
#include "common/text.hpp"
#include "common/text_checks.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"
#include "crm/person_store.hpp"
#include "privacy/holiday_store.hpp"
#include "privacy/request_store.hpp"

namespace vern::privacy {
namespace {

/// Who handles requests.
constexpr Role kHandlerRole = Role::kPrivacyOfficer;

constexpr std::string_view kEntity = "data_request";
// A receipt time a little ahead of the server's clock is a client's clock running fast.
constexpr UnixTime kClockSkew = 5 * 60;
// A cursor is "DATE_ID" of the last request on the page: both are needed to go on in order.
constexpr char kCursorSeparator = '_';

std::string cursor_of(const DataRequest& request) {
  return format_date(request.due_date) + kCursorSeparator + std::to_string(request.id);
}

std::optional<RequestCursor> parse_cursor(const std::string& text) {
  if (text.empty()) {
    return std::nullopt;
  }
  const auto separator = text.find(kCursorSeparator);
  const std::string_view view(text);
  const auto id = separator == std::string::npos ? std::nullopt
                                                 : validation::parse_id(view.substr(separator + 1));
  const auto date = parse_date(view.substr(0, separator));
  if (!id || !date) {
    throw Error::invalid_field("after", "Not a cursor from this list.");
  }
  return RequestCursor{*date, *id};
}

std::string trimmed(const std::string& text) {
  return std::string(text::trim(text));
}

/// The receipt time of RFC 3339 text or of a date (its start, UTC); empty text is now.
std::optional<UnixTime> parse_received(const std::string& text, UnixTime now) {
  if (text.empty()) {
    return now;
  }
  if (const auto date = parse_date(text)) {
    return std::chrono::sys_seconds{std::chrono::sys_days{*date}}.time_since_epoch().count();
  }
  return parse_rfc3339(text);
}

/// Applies the members of `changes` that describe the request (not its status) to `request`,
/// naming each bad value.
void apply_description(DataRequest& request, const RequestChanges& changes, UnixTime now,
                       FieldErrors& errors) {
  if (changes.person_id) {
    request.person_id = *changes.person_id;
  }
  if (changes.subject_name) {
    request.subject_name = trimmed(*changes.subject_name);
    validation::check_line(request.subject_name, "subject_name", kMaxSubjectName, errors);
  }
  if (changes.type) {
    const auto type = parse_request_type(trimmed(*changes.type));
    if (type) {
      request.type = *type;
    } else {
      errors.add("type",
                 "Choose access, rectification, erasure, portability, restriction or objection.");
    }
  }
  if (changes.channel) {
    const auto channel = parse_request_channel(trimmed(*changes.channel));
    if (channel) {
      request.channel = *channel;
    } else {
      errors.add("channel", "Choose phone, email, letter or portal.");
    }
  }
  if (changes.received_at) {
    const auto received = parse_received(trimmed(*changes.received_at), now);
    if (!received) {
      errors.add("received_at", "Use an RFC 3339 time (2026-11-29T09:46:56Z) or a date.");
    } else if (*received > now + kClockSkew) {
      errors.add("received_at", "A request cannot be received in the future.");
    } else {
      request.received_at = *received;
    }
  }
  if (changes.note) {
    request.note = *changes.note;
    validation::check_text(request.note, "note", kMaxRequestNote, errors);
  }
}

/// The subject is either a person of the CRM or a name, never both: a person's name comes from
/// their record, so erasing the person leaves no name behind on the request.
void check_subject(soci::session& session, const DataRequest& request, FieldErrors& errors) {
  if (request.person_id) {
    if (!crm::PersonStore::exists(session, *request.person_id)) {
      errors.add("person_id", "No such person.");
    }
    if (!request.subject_name.empty()) {
      errors.add("subject_name",
                 "Leave it empty for a person in the CRM: their name comes from their record.");
    }
  } else if (request.subject_name.empty()) {
    errors.add("subject_name", "Give the person's id, or the name of someone not in the CRM.");
  }
}

void check_rejection(const DataRequest& request, FieldErrors& errors) {
  if (request.status == RequestStatus::kRejected && request.rejection_reason.empty()) {
    errors.add("rejection_reason", "A rejection needs its reason.");
  } else if (request.status != RequestStatus::kRejected && !request.rejection_reason.empty()) {
    errors.add("rejection_reason", "Only a rejected request has a rejection reason.");
  }
  validation::check_text(request.rejection_reason, "rejection_reason", kMaxRequestReason, errors);
}

/// The names of the members that differ, for the audit.
std::vector<std::string> changed_fields(const DataRequest& before, const DataRequest& after) {
  std::vector<std::string> fields;
  const auto note = [&](bool differs, const char* name) {
    if (differs) {
      fields.emplace_back(name);
    }
  };
  note(before.person_id != after.person_id, "person_id");
  note(before.subject_name != after.subject_name, "subject_name");
  note(before.type != after.type, "type");
  note(before.received_at != after.received_at, "received_at");
  note(before.channel != after.channel, "channel");
  note(before.note != after.note, "note");
  note(before.status != after.status, "status");
  note(before.rejection_reason != after.rejection_reason, "rejection_reason");
  note(before.due_date != after.due_date, "due_date");
  return fields;
}

DataRequest must_find(const std::optional<DataRequest>& request, long long id) {
  if (!request) {
    throw Error::not_found("No request with id " + std::to_string(id) + ".");
  }
  return *request;
}

void check_version(const DataRequest& request, std::optional<long long> expected) {
  if (expected && *expected != request.version) {
    throw Error(ErrorKind::kPreconditionFailed,
                "The request was changed by someone else: it is now at version " +
                    std::to_string(request.version) + ".");
  }
}

Error closed_error() {
  return {ErrorKind::kConflict,
          "The request is closed (completed or rejected): its status no longer changes."};
}

void mark_handled(DataRequest& request, const Actor& actor) {
  request.handled_by_user_id =
      actor.is_user() ? std::optional<long long>(actor.user_id) : std::nullopt;
  request.handled_by = actor.name;
}

}  // namespace

Date RequestService::today() const {
  return utc_date(clock_.now());
}

DataRequest RequestService::create(const Actor& actor, const NewRequest& input) {
  require_role(actor, Role::kUser);
  const UnixTime now = clock_.now();
  DataRequest request;
  FieldErrors errors;
  apply_description(request,
                    {input.person_id, input.subject_name, input.type, input.channel,
                     input.received_at, input.note, std::nullopt, std::nullopt, std::nullopt},
                    now, errors);
  request.version = 1;
  request.status = RequestStatus::kOpen;
  request.created_by_user_id =
      actor.is_user() ? std::optional<long long>(actor.user_id) : std::nullopt;
  request.created_by = actor.name;
  request.created_at = request.updated_at = now;
  return database_.write([&](soci::session& session) {
    const HolidayStore holidays(database_.dialect());
    holidays.lock(session);
    check_subject(session, request, errors);
    errors.throw_if_any();
    const RequestStore store(database_.dialect());
    request.due_date = request_due_date(request.received_at, 0, holidays.dates(session));
    request.id = store.insert(session, request);
    std::vector<std::string> fields = {"type", "received_at", "channel"};
    fields.emplace_back(request.person_id ? "person_id" : "subject_name");
    if (!request.note.empty()) {
      fields.emplace_back("note");
    }
    audit_.append(session, actor, "request.create", std::string(kEntity),
                  std::to_string(request.id), request.person_id,
                  nlohmann::json{{"fields", fields},
                                 {"type", to_string(request.type)},
                                 {"status", to_string(request.status)}}
                      .dump());
    return must_find(store.find(session, request.id), request.id);
  });
}

DataRequest RequestService::get(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  DataRequest request = database_.read([&](soci::session& session) {
    return must_find(RequestStore(database_.dialect()).find(session, id), id);
  });
  audit_.append(actor, "request.read", std::string(kEntity), std::to_string(id), request.person_id,
                R"({"count":1})");
  return request;
}

RequestPage RequestService::list(const Actor& actor, const RequestQuery& query) {
  require_role(actor, Role::kUser);
  const auto after = parse_cursor(query.after);
  const int limit = bounded_limit(query.limit);
  const RequestFilter filter{query.statuses, query.person_id};
  RequestPage page = database_.read([&](soci::session& session) {
    const RequestStore store(database_.dialect());
    RequestPage found = page_of(store.list(session, filter, after, limit + 1), limit, cursor_of);
    if (query.count) {
      found.total = store.count(session, filter);
    }
    return found;
  });
  nlohmann::json statuses = nlohmann::json::array();
  for (const RequestStatus status : query.statuses) {
    statuses.push_back(to_string(status));
  }
  audit_.append(actor, "request.list", std::string(kEntity), std::nullopt, query.person_id,
                nlohmann::json{{"status", statuses}, {"count", page.items.size()}}.dump());
  return page;
}

bool RequestService::may_handle(const Actor& actor) {
  return has_role(actor, kHandlerRole);
}

DataRequest RequestService::update(const Actor& actor, long long id,
                                   const RequestChanges& changes) {
  require_role(actor, kHandlerRole);
  const UnixTime now = clock_.now();
  FieldErrors errors;
  std::optional<RequestStatus> status;
  if (changes.status) {
    status = parse_request_status(trimmed(*changes.status));
    if (!status) {
      errors.add("status", "Choose open, in_progress, completed or rejected.");
    }
  }
  return database_.write([&](soci::session& session) {
    const HolidayStore holidays(database_.dialect());
    holidays.lock(session);
    const RequestStore store(database_.dialect());
    DataRequest request = must_find(store.find(session, id, true), id);
    check_version(request, changes.expected_version);
    const DataRequest before = request;
    apply_description(request, changes, now, errors);
    if (changes.rejection_reason) {
      request.rejection_reason = trimmed(*changes.rejection_reason);
    }
    if (status && *status != before.status) {
      if (is_closed(before.status)) {
        throw closed_error();
      }
      request.status = *status;
      mark_handled(request, actor);
      if (is_closed(*status)) {
        request.completed_at = now;
      }
    }
    check_rejection(request, errors);
    check_subject(session, request, errors);
    errors.throw_if_any();
    if (request.received_at != before.received_at) {
      request.due_date =
          request_due_date(request.received_at, request.extension_months, holidays.dates(session));
    }
    const std::vector<std::string> fields = changed_fields(before, request);
    if (fields.empty()) {
      return before;
    }
    request.version = before.version + 1;
    request.updated_at = now;
    store.update(session, request);
    audit_.append(session, actor, "request.update", std::string(kEntity), std::to_string(id),
                  request.person_id ? request.person_id : before.person_id,
                  nlohmann::json{{"fields", fields}, {"status", to_string(request.status)}}.dump());
    return must_find(store.find(session, id), id);
  });
}

DataRequest RequestService::extend(const Actor& actor, long long id, int months,
                                   const std::string& reason,
                                   std::optional<long long> expected_version) {
  require_role(actor, kHandlerRole);
  FieldErrors errors;
  if (months < 1 || months > kMaxExtensionMonths) {
    errors.add("months", "Extend by 1 or 2 months.");
  }
  const std::string why = trimmed(reason);
  if (why.empty()) {
    errors.add("reason", "An extension needs its reason, which the subject must be told.");
  }
  validation::check_text(why, "reason", kMaxRequestReason, errors);
  return database_.write([&](soci::session& session) {
    const HolidayStore holidays(database_.dialect());
    holidays.lock(session);
    const RequestStore store(database_.dialect());
    DataRequest request = must_find(store.find(session, id, true), id);
    check_version(request, expected_version);
    if (is_closed(request.status)) {
      throw Error(ErrorKind::kConflict, "A closed request cannot be extended.");
    }
    if (errors.empty() && request.extension_months + months > kMaxExtensionMonths) {
      errors.add("months", "At most two months in all: this request is extended by " +
                               std::to_string(request.extension_months) + " already.");
    }
    errors.throw_if_any();
    request.extension_months += months;
    // Each extension's reason is kept, one per line, oldest first.
    request.extension_reason =
        request.extension_reason.empty() ? why : request.extension_reason + "\n" + why;
    request.due_date =
        request_due_date(request.received_at, request.extension_months, holidays.dates(session));
    mark_handled(request, actor);
    request.version += 1;
    request.updated_at = clock_.now();
    store.update(session, request);
    audit_.append(session, actor, "request.extend", std::string(kEntity), std::to_string(id),
                  request.person_id,
                  nlohmann::json{{"months", months},
                                 {"extension_months", request.extension_months},
                                 {"fields", {"extension_months", "extension_reason", "due_date"}}}
                      .dump());
    return must_find(store.find(session, id), id);
  });
}

void RequestService::remove(const Actor& actor, long long id) {
  require_role(actor, kHandlerRole);
  database_.write([&](soci::session& session) {
    const RequestStore store(database_.dialect());
    const DataRequest request = must_find(store.find(session, id, true), id);
    store.remove(session, id);
    audit_.append(
        session, actor, "request.delete", std::string(kEntity), std::to_string(id),
        request.person_id,
        nlohmann::json{{"type", to_string(request.type)}, {"status", to_string(request.status)}}
            .dump());
  });
}

std::vector<DueWeek> RequestService::open_by_due_week(const Actor& actor, int weeks) {
  require_role(actor, Role::kUser);
  const auto counts = database_.read([&](soci::session& session) {
    return RequestStore(database_.dialect()).count_open_by_due_date(session);
  });
  return group_by_due_week(counts, today(), weeks);
}

}  // namespace vern::privacy
