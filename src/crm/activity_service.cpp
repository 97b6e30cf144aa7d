#include "crm/activity_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/page.hpp"
#include "common/text.hpp"
#include "common/text_checks.hpp"
#include "common/validation.hpp"
#include "crm/activity_participant_store.hpp"
#include "crm/activity_store.hpp"
#include "crm/person_store.hpp"

namespace vern::crm {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxType = 100;
constexpr std::size_t kMaxDescription = 20000;

// Audit details name the fields, never their values.
std::string fields_details(const std::vector<std::string>& keys) {
  return nlohmann::json{{"fields", keys}}.dump();
}

void validate(const Activity& activity) {
  FieldErrors errors;
  if (activity.name.empty()) {
    errors.add("name", "A name is required.");
  }
  validation::check_line(activity.name, "name", kMaxName, errors);
  validation::check_line(activity.type, "type", kMaxType, errors);
  if (!activity.date.empty() && !validation::is_date(activity.date)) {
    errors.add("date", "Use a date as YYYY-MM-DD.");
  }
  validation::check_text(activity.description, "description", kMaxDescription, errors);
  errors.throw_if_any();
}

// Surrounding spaces are never meant in the one-line fields.
void trim_lines(Activity& activity) {
  for (std::string* value : {&activity.name, &activity.type, &activity.date}) {
    *value = std::string(text::trim(*value));
  }
}

long long after_id(const std::string& cursor) {
  if (cursor.empty()) {
    return 0;
  }
  const auto id = validation::parse_id(cursor);
  if (!id) {
    throw Error::invalid_field("after", "Not a cursor from this list.");
  }
  return *id;
}

Activity must_find(soci::session& session, long long id) {
  auto activity = ActivityStore().find(session, id);
  if (!activity) {
    throw Error::not_found("No activity with id " + std::to_string(id) + ".");
  }
  return *activity;
}

}  // namespace

ActivityPage ActivityService::list(const Actor& actor, const ActivityQuery& query) {
  require_role(actor, Role::kUser);
  const long long after = after_id(query.after);
  const int limit = bounded_limit(query.limit);
  // One extra row tells whether there is a next page.
  return page_of(database_.read([&](soci::session& session) {
    return ActivityStore().list(session, after, limit + 1);
  }),
                 limit, [](const Activity& activity) { return std::to_string(activity.id); });
}

Activity ActivityService::get(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  return database_.read([&](soci::session& session) { return must_find(session, id); });
}

Activity ActivityService::create(const Actor& actor, const Activity& input) {
  require_role(actor, Role::kUser);
  Activity activity;
  for (const ActivityField& field : activity_fields()) {
    activity.*field.member = input.*field.member;
  }
  trim_lines(activity);
  validate(activity);
  activity.created_at = activity.updated_at = clock_.now();
  return database_.write([&](soci::session& session) {
    activity.id = ActivityStore().insert(session, activity);
    audit_.append(session, actor, "activity.create", "activity", std::to_string(activity.id),
                  std::nullopt, fields_details(filled_keys(activity, activity_fields())));
    return activity;
  });
}

Activity ActivityService::update(const Actor& actor, long long id, const ActivityPatch& patch) {
  require_role(actor, Role::kUser);
  reject_unknown_keys(patch.values, activity_fields(), "No such activity field.");
  return database_.write([&](soci::session& session) {
    Activity activity = must_find(session, id);
    const Activity before = activity;
    for (const auto& [key, value] : patch.values) {
      activity.*find_activity_field(key)->member = value;
    }
    trim_lines(activity);
    validate(activity);
    const std::vector<std::string> changed = changed_keys(before, activity, activity_fields());
    if (changed.empty()) {
      return activity;
    }
    activity.updated_at = clock_.now();
    ActivityStore().update(session, activity);
    audit_.append(session, actor, "activity.update", "activity", std::to_string(id), std::nullopt,
                  fields_details(changed));
    return activity;
  });
}

void ActivityService::remove(const Actor& actor, long long id) {
  // Any staff user may delete an activity; the participations go with it, counted in the audit.
  require_role(actor, Role::kUser);
  database_.write([&](soci::session& session) {
    const long long participants = ParticipantStore().count(session, id);
    if (!ActivityStore().remove(session, id)) {
      throw Error::not_found("No activity with id " + std::to_string(id) + ".");
    }
    audit_.append(session, actor, "activity.delete", "activity", std::to_string(id), std::nullopt,
                  R"({"participants_removed":)" + std::to_string(participants) + "}");
  });
}

ParticipantPage ActivityService::participants(const Actor& actor, long long activity_id,
                                              const ParticipantQuery& query) {
  require_role(actor, Role::kUser);
  const long long after = after_id(query.after);
  const int limit = bounded_limit(query.limit);
  ParticipantPage page = database_.read([&](soci::session& session) {
    must_find(session, activity_id);
    return page_of(
        ParticipantStore().list(session, activity_id, after, limit + 1), limit,
        [](const Participant& participant) { return std::to_string(participant.person_id); });
  });
  audit_.append(actor, "activity.participants.read", "activity", std::to_string(activity_id),
                std::nullopt,
                R"({"fields":["first_name","last_name","status"],"count":)" +
                    std::to_string(page.items.size()) + "}");
  return page;
}

ParticipantUpdate ActivityService::set_participant(const Actor& actor, long long activity_id,
                                                   long long person_id, ParticipantStatus status) {
  require_role(actor, Role::kUser);
  return database_.write([&](soci::session& session) {
    must_find(session, activity_id);
    const ParticipantStore store;
    if (!PersonStore::exists(session, person_id)) {
      throw Error::not_found("No person with id " + std::to_string(person_id) + ".");
    }
    const auto before = store.find(session, activity_id, person_id);
    if (before && before->status == status) {
      return ParticipantUpdate{*before, false};
    }
    store.upsert(session, activity_id, person_id, status, clock_.now());
    audit_.append(session, actor,
                  before ? "activity.participant.update" : "activity.participant.add", "activity",
                  std::to_string(activity_id), person_id, R"({"fields":["status"]})");
    return ParticipantUpdate{*store.find(session, activity_id, person_id), !before};
  });
}

std::vector<PersonActivity> ActivityService::activities_of(const Actor& actor,
                                                           long long person_id) {
  require_role(actor, Role::kUser);
  auto activities = database_.read([&](soci::session& session) {
    if (!PersonStore::exists(session, person_id)) {
      throw Error::not_found("No person with id " + std::to_string(person_id) + ".");
    }
    return ParticipantStore().activities_of(session, person_id, kMaxPersonActivities);
  });
  audit_.append(actor, "person.activities.read", "person", std::to_string(person_id), person_id,
                R"({"fields":["status"],"count":)" + std::to_string(activities.size()) + "}");
  return activities;
}

void ActivityService::remove_participant(const Actor& actor, long long activity_id,
                                         long long person_id) {
  require_role(actor, Role::kUser);
  database_.write([&](soci::session& session) {
    must_find(session, activity_id);
    const ParticipantStore store;
    if (!store.find(session, activity_id, person_id)) {
      throw Error::not_found("The person is not a participant of this activity.");
    }
    store.remove(session, activity_id, person_id);
    audit_.append(session, actor, "activity.participant.remove", "activity",
                  std::to_string(activity_id), person_id);
  });
}

}  // namespace vern::crm
