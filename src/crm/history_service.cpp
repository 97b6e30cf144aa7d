#include "crm/history_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/page.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/history_store.hpp"
#include "crm/history_type_store.hpp"
#include "crm/person_store.hpp"

namespace vern::crm {
namespace {

// Audit details name the fields, never their values.
std::string fields_details(const std::vector<std::string>& keys) {
  return nlohmann::json{{"fields", keys}}.dump();
}

// A cursor is "DATE_ID" of the last note on the page: both are needed to go on in date order.
constexpr char kCursorSeparator = '_';

std::string cursor_of(const HistoryEntry& entry) {
  return entry.date + kCursorSeparator + std::to_string(entry.id);
}

std::optional<HistoryCursor> parse_cursor(const std::string& text) {
  if (text.empty()) {
    return std::nullopt;
  }
  const auto separator = text.find(kCursorSeparator);
  const auto id = separator == std::string::npos
                      ? std::nullopt
                      : validation::parse_id(std::string_view(text).substr(separator + 1));
  if (!id || !validation::is_date(std::string_view(text).substr(0, separator))) {
    throw Error::invalid_field("after", "Not a cursor from this list.");
  }
  return HistoryCursor{text.substr(0, separator), *id};
}

void validate(soci::session& session, const HistoryEntry& entry, FieldErrors& errors) {
  if (entry.type.empty()) {
    errors.add("type", "A type is required.");
  } else if (!HistoryTypeStore().find(session, entry.type)) {
    errors.add("type", "No such history type.");
  }
  if (!validation::is_date(entry.date)) {
    errors.add("date", "Use a date as YYYY-MM-DD.");
  }
  if (text::trim(entry.text).empty()) {
    errors.add("text", "A text is required.");
  } else if (!validation::is_clean_text(entry.text)) {
    errors.add("text", "The text has control characters.");
  } else if (text::utf8_length(entry.text) > kMaxHistoryText) {
    errors.add("text", "At most 20000 characters.");
  }
}

void must_have_person(soci::session& session, long long person_id) {
  if (!PersonStore::exists(session, person_id)) {
    throw Error::not_found("No person with id " + std::to_string(person_id) + ".");
  }
}

HistoryEntry must_find(soci::session& session, long long id) {
  auto entry = HistoryStore().find(session, id);
  if (!entry) {
    throw Error::not_found("No history note with id " + std::to_string(id) + ".");
  }
  return *entry;
}

}  // namespace

HistoryPage HistoryService::list(const Actor& actor, long long person_id,
                                 const HistoryQuery& query) {
  require_role(actor, Role::kUser);
  const auto after = parse_cursor(query.after);
  const int limit = bounded_limit(query.limit);
  HistoryPage page = database_.read([&](soci::session& session) {
    must_have_person(session, person_id);
    return page_of(HistoryStore().list_for_person(session, person_id, after, limit + 1), limit,
                   cursor_of);
  });
  audit_.append(actor, "history.read", "person", std::to_string(person_id), person_id,
                R"({"count":)" + std::to_string(page.items.size()) + "}");
  return page;
}

HistoryEntry HistoryService::get(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  HistoryEntry entry =
      database_.read([&](soci::session& session) { return must_find(session, id); });
  audit_.append(actor, "history.read", "history", std::to_string(id), entry.person_id,
                R"({"count":1})");
  return entry;
}

HistoryEntry HistoryService::create(const Actor& actor, long long person_id,
                                    const NewHistoryEntry& input) {
  require_role(actor, Role::kUser);
  HistoryEntry entry;
  entry.person_id = person_id;
  entry.type = std::string(text::trim(input.type));
  entry.date = std::string(text::trim(input.date));
  entry.text = input.text;
  if (actor.is_user()) {
    entry.author_user_id = actor.user_id;
  }
  entry.author = actor.name;
  entry.created_at = entry.updated_at = clock_.now();
  return database_.write([&](soci::session& session) {
    must_have_person(session, person_id);
    FieldErrors errors;
    validate(session, entry, errors);
    errors.throw_if_any();
    entry.id = HistoryStore().insert(session, entry);
    audit_.append(session, actor, "history.create", "history", std::to_string(entry.id), person_id,
                  R"({"fields":["type","date","text"]})");
    return entry;
  });
}

HistoryEntry HistoryService::update(const Actor& actor, long long id,
                                    const HistoryChanges& changes) {
  require_role(actor, Role::kUser);
  return database_.write([&](soci::session& session) {
    HistoryEntry entry = must_find(session, id);
    const HistoryEntry before = entry;
    if (changes.type) {
      entry.type = std::string(text::trim(*changes.type));
    }
    if (changes.date) {
      entry.date = std::string(text::trim(*changes.date));
    }
    if (changes.text) {
      entry.text = *changes.text;
    }
    FieldErrors errors;
    validate(session, entry, errors);
    errors.throw_if_any();
    std::vector<std::string> changed;
    if (entry.type != before.type) {
      changed.emplace_back("type");
    }
    if (entry.date != before.date) {
      changed.emplace_back("date");
    }
    if (entry.text != before.text) {
      changed.emplace_back("text");
    }
    if (changed.empty()) {
      return entry;
    }
    entry.updated_at = clock_.now();
    HistoryStore().update(session, entry);
    audit_.append(session, actor, "history.update", "history", std::to_string(id), entry.person_id,
                  fields_details(changed));
    return entry;
  });
}

void HistoryService::remove(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  database_.write([&](soci::session& session) {
    const HistoryEntry entry = must_find(session, id);
    HistoryStore().remove(session, id);
    audit_.append(session, actor, "history.delete", "history", std::to_string(id), entry.person_id);
  });
}

}  // namespace vern::crm
