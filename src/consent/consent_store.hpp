#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "consent/consent.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/soci.hpp"

namespace vern::consent {

/// How many persons are in each state of one consent type (for the dashboard).
struct StateCounts {
  std::string consent_type;
  crm::Labels names;
  long long granted = 0;
  long long withdrawn = 0;
  long long none = 0;
};

/// How many persons there are, and how many are restricted, object to direct marketing, or
/// are under a legal hold (for the dashboard).
struct ProcessingCounts {
  long long persons = 0;
  long long restricted = 0;
  long long objecting = 0;
  long long held = 0;
};

/// SQL for consent types, their text versions, consent events and the derived current state
/// (person_consents). Events are only ever inserted: the schema refuses updates and deletes.
class ConsentStore {
 public:
  /// Every type, by key, each with the purpose text of its current version.
  std::vector<ConsentType> list_types(soci::session& session) const;
  std::optional<ConsentType> find_type(soci::session& session, const std::string& key) const;
  /// Inserts the type and version 1 of its purpose text; returns the id.
  long long insert_type(soci::session& session, const ConsentType& type) const;
  /// Writes names, legal basis, flags, text_version and updated_at.
  void update_type(soci::session& session, const ConsentType& type) const;
  void insert_text(soci::session& session, long long type_id, const ConsentText& text) const;
  /// Every version of a type's purpose text, newest first.
  std::vector<ConsentText> texts(soci::session& session, long long type_id) const;
  long long count_events_of_type(soci::session& session, long long type_id) const;
  void delete_type(soci::session& session, long long type_id) const;

  /// Inserts the event and makes it the person's current state of its type; returns its id.
  long long append_event(soci::session& session, long long type_id,
                         const ConsentEvent& event) const;
  /// The person's events, newest first.
  std::vector<ConsentEvent> events_of(soci::session& session, long long person_id) const;
  /// The person's latest event of each type they have one for, by type key.
  std::map<std::string, ConsentEvent> latest_of(soci::session& session, long long person_id) const;
  /// Persons per state for each active type, by key.
  std::vector<StateCounts> state_counts(soci::session& session) const;
  ProcessingCounts processing_counts(soci::session& session) const;

  /// Appends to a query over persons `p` the condition that the person's current state of the
  /// consent type `key` is `state`: the one SQL of that question, which the filter language and
  /// the bulk rules share. Binds the key.
  static void append_state_condition(storage::DynamicQuery& query, const std::string& key,
                                     State state);
};

}  // namespace vern::consent
