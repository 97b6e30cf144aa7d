#include "crm/activity_participant_store.hpp"

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::crm {
namespace {

constexpr std::string_view kSelectParticipant =
    "SELECT p.activity_id, p.person_id, s.first_name, s.last_name, p.status, p.updated_at "
    "FROM participants p JOIN persons s ON s.id = p.person_id";
constexpr std::string_view kUpsertParticipant =
    "INSERT INTO participants (activity_id, person_id, status, updated_at) "
    "VALUES (:activity_id, :person_id, :status, :updated_at) "
    "ON CONFLICT (activity_id, person_id) DO UPDATE SET status = excluded.status, "
    "updated_at = excluded.updated_at";
constexpr std::string_view kDeleteParticipant =
    "DELETE FROM participants WHERE activity_id = :activity_id AND person_id = :person_id";
constexpr std::string_view kSelectPersonActivities =
    "SELECT a.id, a.name, a.type, a.date, p.status, a.description FROM participants p "
    "JOIN activities a ON a.id = p.activity_id WHERE p.person_id = ";
constexpr std::string_view kPersonActivitiesOrder = " ORDER BY a.date DESC, a.id DESC LIMIT ";
constexpr std::string_view kCountParticipants =
    "SELECT COUNT(*) FROM participants WHERE activity_id = :activity_id";

Participant participant_from_row(const soci::row& row) {
  Participant participant;
  participant.activity_id = storage::get_int64(row, 0);
  participant.person_id = storage::get_int64(row, 1);
  participant.first_name = storage::get_text(row, 2);
  participant.last_name = storage::get_text(row, 3);
  participant.status =
      parse_participant_status(storage::get_text(row, 4)).value_or(ParticipantStatus::kInvited);
  participant.updated_at = storage::get_int64(row, 5);
  return participant;
}

}  // namespace

std::optional<Participant> ParticipantStore::find(soci::session& session, long long activity_id,
                                                  long long person_id) const {
  const std::string sql = std::string(kSelectParticipant) +
                          " WHERE p.activity_id = :activity_id AND p.person_id = "
                          ":person_id";
  soci::rowset<soci::row> rows =
      (session.prepare << sql, soci::use(activity_id), soci::use(person_id));
  for (const soci::row& row : rows) {
    return participant_from_row(row);
  }
  return std::nullopt;
}

std::vector<Participant> ParticipantStore::list(soci::session& session, long long activity_id,
                                                long long after_person_id, int limit) const {
  const std::string sql = std::string(kSelectParticipant) +
                          " WHERE p.activity_id = :activity_id AND p.person_id > :after "
                          "ORDER BY p.person_id LIMIT :limit";
  std::vector<Participant> participants;
  soci::rowset<soci::row> rows = (session.prepare << sql, soci::use(activity_id),
                                  soci::use(after_person_id), soci::use(limit));
  for (const soci::row& row : rows) {
    participants.push_back(participant_from_row(row));
  }
  return participants;
}

std::vector<PersonActivity> ParticipantStore::activities_of(soci::session& session,
                                                            long long person_id, int limit) const {
  std::vector<PersonActivity> activities;
  storage::DynamicQuery query(kSelectPersonActivities);
  query.bind(person_id).append(kPersonActivitiesOrder).bind(static_cast<long long>(limit));
  query.for_each_row(session, [&activities](const soci::row& row) {
    PersonActivity activity;
    activity.activity_id = storage::get_int64(row, 0);
    activity.name = storage::get_text(row, 1);
    activity.type = storage::get_text(row, 2);
    activity.date = storage::get_text(row, 3);
    activity.status =
        parse_participant_status(storage::get_text(row, 4)).value_or(ParticipantStatus::kInvited);
    activity.description = storage::get_text(row, 5);
    activities.push_back(std::move(activity));
  });
  return activities;
}

void ParticipantStore::upsert(soci::session& session, long long activity_id, long long person_id,
                              ParticipantStatus status, UnixTime now) const {
  const std::string name(to_string(status));
  session << kUpsertParticipant, soci::use(activity_id), soci::use(person_id), soci::use(name),
      soci::use(now);
}

void ParticipantStore::remove(soci::session& session, long long activity_id,
                              long long person_id) const {
  session << kDeleteParticipant, soci::use(activity_id), soci::use(person_id);
}

long long ParticipantStore::count(soci::session& session, long long activity_id) const {
  long long count = 0;
  session << kCountParticipants, soci::use(activity_id), soci::into(count);
  return count;
}

}  // namespace vern::crm
