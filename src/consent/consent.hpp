#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "crm/field_definition.hpp"

namespace vern::consent {

/// The lawful basis of processing, by its letter in Art. 6(1) GDPR: (a) consent, (b) contract,
/// (c) legal obligation, (d) vital interests, (e) public task, (f) legitimate interests.
enum class LegalBasis { kA, kB, kC, kD, kE, kF };

std::string_view to_string(LegalBasis basis);
std::optional<LegalBasis> parse_legal_basis(std::string_view text);
/// "Art. 6(1)(a) consent", for pages.
std::string_view describe(LegalBasis basis);

/// Where a consent event came from.
enum class Source { kCrm, kPortal, kApi, kImport, kForm };

std::string_view to_string(Source source);
std::optional<Source> parse_source(std::string_view text);

/// A person's consent of one type, derived from the latest event: none before the first one.
enum class State { kGranted, kWithdrawn, kNone };

std::string_view to_string(State state);
std::optional<State> parse_state(std::string_view text);

/// A purpose a person can consent to, defined by admins. The purpose text is versioned: changing
/// it raises `text_version`, and every version's text stays (ConsentText).
struct ConsentType {
  long long id = 0;
  std::string key;
  crm::Labels names;
  crm::Labels purposes;  // the text of the current version
  LegalBasis legal_basis = LegalBasis::kA;
  bool active = true;
  bool portal_changeable = false;  // the person may grant or withdraw it in the portal
  long long text_version = 1;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

/// One version of a consent type's purpose text.
struct ConsentText {
  long long version = 0;
  crm::Labels purposes;
  UnixTime created_at = 0;
};

/// What an admin sends to create a consent type.
struct NewConsentType {
  std::string key;
  crm::Labels names;
  crm::Labels purposes;
  std::optional<LegalBasis> legal_basis;
  bool active = true;
  bool portal_changeable = false;
};

/// A change to a consent type; unset members stay as they are. The key never changes.
struct ConsentTypeChanges {
  std::optional<crm::Labels> names;
  std::optional<crm::Labels> purposes;
  std::optional<LegalBasis> legal_basis;
  std::optional<bool> active;
  std::optional<bool> portal_changeable;
};

/// A grant or a withdrawal: append-only, the proof of what the person agreed to, when, through
/// which channel and under which version of the purpose text.
struct ConsentEvent {
  long long id = 0;
  long long person_id = 0;
  std::string consent_type;  // the type's key
  bool granted = false;
  long long text_version = 0;
  Source source = Source::kCrm;
  std::string note;
  std::optional<long long> actor_user_id;  // unset for the portal, imports and the system
  std::string actor;
  UnixTime occurred_at = 0;
};

/// What staff, the API, the importer or the portal send to record an event.
struct NewConsentEvent {
  std::string consent_type;
  bool granted = false;
  Source source = Source::kCrm;
  std::string note;
};

/// A person's current consent of one type, from its latest event.
struct CurrentConsent {
  ConsentType type;
  State state = State::kNone;
  std::optional<ConsentEvent> latest;  // unset when the state is none
};

/// A person's consents: the current state of each active type (and of inactive ones the person
/// has events for), every event, newest first, and the purpose text of each version an event was
/// given under — the exact words the person agreed to — by type key and version.
struct PersonConsents {
  std::vector<CurrentConsent> current;
  std::vector<ConsentEvent> events;
  std::map<std::pair<std::string, long long>, crm::Labels> texts;

  /// The purpose text `event` was given under (empty when unknown).
  const crm::Labels& text_of(const ConsentEvent& event) const;
};

}  // namespace vern::consent
