#include "consent/consent_service.hpp"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/person_store.hpp"

namespace vern::consent {
namespace {

constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxPurpose = 4000;
constexpr std::size_t kMaxNote = 1000;

bool valid_key(const std::string& key) {
  static const std::regex kPattern("^[a-z][a-z0-9_]{1,31}$");
  return std::regex_match(key, kPattern);
}

// Trims each text, checks it, and lets Norwegian and Swedish fall back to English.
crm::Labels checked_texts(const crm::Labels& input, const std::string& field, bool one_line,
                          std::size_t max_length, FieldErrors& errors) {
  crm::Labels texts{std::string(text::trim(input.en)), std::string(text::trim(input.nb)),
                    std::string(text::trim(input.sv))};
  if (texts.en.empty()) {
    errors.add(field + ".en", "An English text is required.");
  }
  for (const auto& [text, language] :
       {std::pair{&texts.en, "en"}, std::pair{&texts.nb, "nb"}, std::pair{&texts.sv, "sv"}}) {
    if ((one_line && !validation::is_single_line(*text)) || text::utf8_length(*text) > max_length) {
      errors.add(field + "." + language, one_line ? "A name is one line of at most 100 characters."
                                                  : "A purpose text has at most 4000 characters.");
    }
    if (text->empty()) {
      *text = texts.en;
    }
  }
  return texts;
}

Error type_not_found(const std::string& key) {
  return Error::not_found("No consent type with the key " + key.substr(0, 64) + ".");
}

Error key_taken(const std::string& key) {
  return {ErrorKind::kConflict,
          "A consent type with the key " + key + " exists already.",
          {{"key", "This key is taken."}}};
}

std::string event_details(const ConsentEvent& event) {
  return nlohmann::json{{"consent_type", event.consent_type},
                        {"granted", event.granted},
                        {"text_version", event.text_version},
                        {"source", to_string(event.source)}}
      .dump();
}

}  // namespace

std::vector<ConsentType> ConsentService::list_types(const Actor& actor) {
  require_role(actor, Role::kUser);
  return database_.read([](soci::session& session) { return ConsentStore().list_types(session); });
}

std::pair<ConsentType, std::vector<ConsentText>> ConsentService::get_type(const Actor& actor,
                                                                          const std::string& key) {
  require_role(actor, Role::kUser);
  return database_.read([&](soci::session& session) {
    const ConsentStore store;
    auto type = store.find_type(session, key);
    if (!type) {
      throw type_not_found(key);
    }
    return std::pair{*type, store.texts(session, type->id)};
  });
}

ConsentType ConsentService::create_type(const Actor& actor, const NewConsentType& input) {
  require_role(actor, Role::kAdmin);
  FieldErrors errors;
  ConsentType type;
  type.key = input.key;
  if (!valid_key(type.key)) {
    errors.add("key",
               "Use 2 to 32 lower-case letters, digits or underscores, starting with a letter.");
  }
  type.names = checked_texts(input.names, "names", true, kMaxName, errors);
  type.purposes = checked_texts(input.purposes, "purposes", false, kMaxPurpose, errors);
  if (!input.legal_basis) {
    errors.add("legal_basis", "Give the legal basis: a letter of Art. 6(1), a to f.");
  }
  errors.throw_if_any();
  type.legal_basis = *input.legal_basis;
  type.active = input.active;
  type.portal_changeable = input.portal_changeable;
  type.text_version = 1;
  type.created_at = type.updated_at = clock_.now();
  return database_.write([&](soci::session& session) {
    const ConsentStore store;
    if (store.find_type(session, type.key)) {
      throw key_taken(type.key);
    }
    try {
      type.id = store.insert_type(session, type);
    } catch (const soci::soci_error& error) {
      if (storage::is_constraint_violation(error)) {
        throw key_taken(type.key);  // another instance added it meanwhile (PostgreSQL)
      }
      throw;
    }
    audit_.append(session, actor, "consent_type.create", "consent_type", type.key);
    return type;
  });
}

ConsentType ConsentService::update_type(const Actor& actor, const std::string& key,
                                        const ConsentTypeChanges& changes) {
  require_role(actor, Role::kAdmin);
  FieldErrors errors;
  std::optional<crm::Labels> names;
  std::optional<crm::Labels> purposes;
  if (changes.names) {
    names = checked_texts(*changes.names, "names", true, kMaxName, errors);
  }
  if (changes.purposes) {
    purposes = checked_texts(*changes.purposes, "purposes", false, kMaxPurpose, errors);
  }
  errors.throw_if_any();
  return database_.write([&](soci::session& session) {
    const ConsentStore store;
    auto type = store.find_type(session, key);
    if (!type) {
      throw type_not_found(key);
    }
    nlohmann::json changed = nlohmann::json::array();
    const UnixTime now = clock_.now();
    if (names && (names->en != type->names.en || names->nb != type->names.nb ||
                  names->sv != type->names.sv)) {
      type->names = *names;
      changed.push_back("names");
    }
    if (purposes && (purposes->en != type->purposes.en || purposes->nb != type->purposes.nb ||
                     purposes->sv != type->purposes.sv)) {
      type->purposes = *purposes;
      type->text_version += 1;
      store.insert_text(session, type->id, {type->text_version, type->purposes, now});
      changed.push_back("purposes");
    }
    if (changes.legal_basis && *changes.legal_basis != type->legal_basis) {
      type->legal_basis = *changes.legal_basis;
      changed.push_back("legal_basis");
    }
    if (changes.active && *changes.active != type->active) {
      type->active = *changes.active;
      changed.push_back("active");
    }
    if (changes.portal_changeable && *changes.portal_changeable != type->portal_changeable) {
      type->portal_changeable = *changes.portal_changeable;
      changed.push_back("portal_changeable");
    }
    if (changed.empty()) {
      return *type;
    }
    type->updated_at = now;
    store.update_type(session, *type);
    audit_.append(session, actor, "consent_type.update", "consent_type", type->key, std::nullopt,
                  nlohmann::json{{"fields", changed}, {"text_version", type->text_version}}.dump());
    return *type;
  });
}

Removal ConsentService::remove_type(const Actor& actor, const std::string& key) {
  require_role(actor, Role::kAdmin);
  return database_.write([&](soci::session& session) {
    const ConsentStore store;
    auto type = store.find_type(session, key);
    if (!type) {
      throw type_not_found(key);
    }
    if (store.count_events_of_type(session, type->id) > 0) {
      // Consents given under it are proof and stay; the type only stops being offered.
      if (type->active) {
        type->active = false;
        type->updated_at = clock_.now();
        store.update_type(session, *type);
      }
      audit_.append(session, actor, "consent_type.deactivate", "consent_type", key);
      return Removal::kDeactivated;
    }
    store.delete_type(session, type->id);
    audit_.append(session, actor, "consent_type.delete", "consent_type", key);
    return Removal::kDeleted;
  });
}

PersonConsents ConsentService::of_person(const Actor& actor, long long person_id) {
  require_role(actor, Role::kUser);
  PersonConsents consents =
      database_.read([&](soci::session& session) { return load(session, person_id); });
  audit_.append(actor, "consent.read", "person", std::to_string(person_id), person_id);
  return consents;
}

PersonConsents ConsentService::load(soci::session& session, long long person_id) {
  if (!crm::PersonStore::exists(session, person_id)) {
    throw Error::not_found("No person with id " + std::to_string(person_id) + ".");
  }
  const ConsentStore store;
  PersonConsents found;
  found.events = store.events_of(session, person_id);
  const auto latest = store.latest_of(session, person_id);
  for (ConsentType& type : store.list_types(session)) {
    const bool answered =
        std::any_of(found.events.begin(), found.events.end(),
                    [&type](const ConsentEvent& e) { return e.consent_type == type.key; });
    if (answered) {
      for (ConsentText& text : store.texts(session, type.id)) {
        found.texts.emplace(std::pair{type.key, text.version}, std::move(text.purposes));
      }
    }
    const auto event = latest.find(type.key);
    if (!type.active && event == latest.end()) {
      continue;  // an inactive type the person never answered is of no interest
    }
    CurrentConsent current;
    current.type = std::move(type);
    if (event != latest.end()) {
      current.state = event->second.granted ? State::kGranted : State::kWithdrawn;
      current.latest = event->second;
    }
    found.current.push_back(std::move(current));
  }
  return found;
}

ConsentEvent ConsentService::record(const Actor& actor, long long person_id,
                                    const NewConsentEvent& input) {
  return database_.write(
      [&](soci::session& session) { return record(session, actor, person_id, input); });
}

ConsentEvent ConsentService::record(soci::session& session, const Actor& actor, long long person_id,
                                    const NewConsentEvent& input) {
  if (input.source != Source::kPortal) {
    require_role(actor, Role::kUser);
  }
  FieldErrors errors;
  const std::string note(text::trim(input.note));
  if (text::utf8_length(note) > kMaxNote) {
    errors.add("note", "A note has at most 1000 characters.");
  }
  if (!crm::PersonStore::exists(session, person_id)) {
    throw Error::not_found("No person with id " + std::to_string(person_id) + ".");
  }
  const ConsentStore store;
  const auto type = store.find_type(session, input.consent_type);
  if (!type || !type->active) {
    errors.add("consent_type",
               "No active consent type with the key " + input.consent_type.substr(0, 64) + ".");
  }
  errors.throw_if_any();
  ConsentEvent event;
  event.person_id = person_id;
  event.consent_type = type->key;
  event.granted = input.granted;
  event.text_version = type->text_version;
  event.source = input.source;
  event.note = note;
  if (actor.is_user()) {
    event.actor_user_id = actor.user_id;
  }
  event.actor = actor.name;
  event.occurred_at = clock_.now();
  event.id = store.append_event(session, type->id, event);
  audit_.append(session, actor, event.granted ? "consent.grant" : "consent.withdraw", "person",
                std::to_string(person_id), person_id, event_details(event));
  return event;
}

std::pair<std::vector<StateCounts>, ProcessingCounts> ConsentService::dashboard(
    const Actor& actor) {
  require_role(actor, Role::kUser);
  return database_.read([](soci::session& session) {
    const ConsentStore store;
    return std::pair{store.state_counts(session), store.processing_counts(session)};
  });
}

}  // namespace vern::consent
