#include "crm/person_service.hpp"

#include <algorithm>
#include <map>

#include "common/error.hpp"
#include "common/page.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/field_store.hpp"
#include "crm/field_value.hpp"
#include "crm/person_store.hpp"

namespace vern::crm {
namespace {

using FieldMap = std::map<std::string, FieldDefinition, std::less<>>;

constexpr std::size_t kMaxBatch = kMaxListLimit;

struct FieldCatalogue {
  FieldMap by_key;
  CustomTypes custom_types;
};

FieldCatalogue load_fields(soci::session& session) {
  FieldCatalogue catalogue;
  for (FieldDefinition& field : FieldStore().list(session)) {
    if (!field.builtin) {
      catalogue.custom_types.emplace(field.key, field.type);
    }
    catalogue.by_key.emplace(field.key, std::move(field));
  }
  return catalogue;
}

bool is_read_only(std::string_view key) {
  return key == "id" || key == "version" || key == "created_at" || key == "updated_at";
}

bool is_gdpr_flag(std::string_view key) {
  return key == "processing_restricted" || key == "restriction_reason" ||
         key == "objects_to_direct_marketing" || key == "legal_hold" || key == "legal_hold_reason";
}

/// What a set of values changed: built-in keys and custom keys, for the store and the audit.
struct Changes {
  std::vector<std::string> fields;
  std::vector<std::string> custom_keys;
};

void apply_custom(Person& person, const nlohmann::json& custom, const FieldCatalogue& catalogue,
                  FieldErrors& errors, Changes& changes) {
  if (!custom.is_object()) {
    errors.add("custom", "Must be an object of custom field keys.");
    return;
  }
  for (const auto& [key, value] : custom.items()) {
    const std::string path = "custom." + key;
    const auto field = catalogue.by_key.find(key);
    if (field == catalogue.by_key.end() || field->second.builtin) {
      errors.add(path.substr(0, 100), "Unknown custom field.");
      continue;
    }
    if (auto problem = check_field_value(field->second, value)) {
      errors.add(path, *problem);
      continue;
    }
    const nlohmann::json normalised = normalise_field_value(field->second, value);
    if (normalised.is_null()) {
      person.custom.erase(key);
    } else {
      person.custom[key] = normalised;
    }
    changes.custom_keys.push_back(key);
    changes.fields.push_back(path);
  }
}

void apply_company(Person& person, const nlohmann::json& value, FieldErrors& errors) {
  if (value.is_null()) {
    person.company_id.reset();
  } else if (value.is_number_integer() && value.get<long long>() > 0) {
    person.company_id = value.get<long long>();
  } else {
    errors.add("company_id", "Must be a company id or null.");
  }
}

Changes apply_values(Person& person, const nlohmann::json& values,
                     const FieldCatalogue& catalogue) {
  FieldErrors errors;
  Changes changes;
  if (!values.is_object()) {
    throw Error(ErrorKind::kBadRequest, "The body must be a JSON object.");
  }
  for (const auto& [key, value] : values.items()) {
    if (key == "custom") {
      apply_custom(person, value, catalogue, errors, changes);
      continue;
    }
    if (key == "company_id") {
      apply_company(person, value, errors);
      changes.fields.push_back(key);
      continue;
    }
    if (is_read_only(key)) {
      errors.add(key, "This field is read-only.");
      continue;
    }
    if (is_gdpr_flag(key)) {
      errors.add(key, "This is changed through its own action, not by editing the person.");
      continue;
    }
    const TextField* text_field = find_member_field(person_text_fields(), key);
    const auto field = catalogue.by_key.find(key);
    if (text_field == nullptr || field == catalogue.by_key.end()) {
      errors.add(key.substr(0, 100), "Unknown field.");
      continue;
    }
    if (auto problem = check_field_value(field->second, value)) {
      errors.add(key, *problem);
      continue;
    }
    const nlohmann::json normalised = normalise_field_value(field->second, value);
    person.*text_field->member = normalised.is_string() ? normalised.get<std::string>() : "";
    changes.fields.push_back(key);
  }
  errors.throw_if_any();
  return changes;
}

void check_person(soci::session& session, const PersonStore& store, const Person& person) {
  FieldErrors errors;
  if (person.first_name.empty() && person.last_name.empty() && person.email.empty()) {
    errors.add("last_name", "Give a name or an e-mail address.");
  }
  if (person.company_id && !store.company_exists(session, *person.company_id)) {
    errors.add("company_id", "No company with this id.");
  }
  errors.throw_if_any();
}

std::string fields_details(const Changes& changes) {
  return nlohmann::json{{"fields", changes.fields}}.dump();
}

Error person_not_found(long long id) {
  return Error::not_found("No person with id " + std::to_string(id) + ".");
}

}  // namespace

Person PersonService::create(const Actor& actor, const nlohmann::json& values) {
  require_role(actor, Role::kUser);
  return database_.write([&](soci::session& session) {
    const PersonStore store(database_.dialect());
    const FieldCatalogue catalogue = load_fields(session);
    Person person;
    const Changes changes = apply_values(person, values, catalogue);
    check_person(session, store, person);
    person.created_at = person.updated_at = clock_.now();
    person.id = store.insert(session, person);
    store.write_custom(session, person.id, person.custom, changes.custom_keys,
                       catalogue.custom_types);
    audit_.append(session, actor, "person.create", "person", std::to_string(person.id), person.id,
                  fields_details(changes));
    return *store.find(session, person.id, catalogue.custom_types);
  });
}

Person PersonService::get(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  Person person = database_.read([&](soci::session& session) {
    const CustomTypes types = FieldStore().custom_types(session);
    auto found = PersonStore(database_.dialect()).find(session, id, types);
    if (!found) {
      throw person_not_found(id);
    }
    return *found;
  });
  // No one reads a person unrecorded: the answer waits until the event is durable.
  audit_.append(actor, "person.read", "person", std::to_string(id), id);
  return person;
}

std::vector<Person> PersonService::get_many(const Actor& actor, const std::vector<long long>& ids,
                                            const std::string& purpose) {
  require_role(actor, Role::kUser);
  if (ids.size() > kMaxBatch) {
    throw Error::invalid_field("limit", "At most 500 persons at a time.");
  }
  auto persons = database_.read([&](soci::session& session) {
    const CustomTypes types = FieldStore().custom_types(session);
    return PersonStore(database_.dialect()).find_many(session, ids, types);
  });
  if (!persons.empty()) {
    audit_.append(actor, "person.list", "person", std::nullopt, std::nullopt,
                  nlohmann::json{{"purpose", purpose}, {"count", persons.size()}}.dump());
  }
  return persons;
}

PersonPatch PersonService::patch(const Actor& actor, long long id,
                                 const nlohmann::json& merge_patch,
                                 std::optional<long long> expected_version) {
  require_role(actor, Role::kUser);
  return database_.write([&](soci::session& session) {
    const PersonStore store(database_.dialect());
    const FieldCatalogue catalogue = load_fields(session);
    auto person = store.find(session, id, catalogue.custom_types, /*lock=*/true);
    if (!person) {
      throw person_not_found(id);
    }
    if (expected_version && *expected_version != person->version) {
      throw Error(ErrorKind::kPreconditionFailed,
                  "Someone changed this person meanwhile: you have version " +
                      std::to_string(*expected_version) + ", the current one is " +
                      std::to_string(person->version) + ". Reload and apply your change again.");
    }
    const long long loaded_version = person->version;
    const Person before = *person;
    const Changes changes = apply_values(*person, merge_patch, catalogue);
    check_person(session, store, *person);
    person->updated_at = clock_.now();
    if (!store.update(session, *person, loaded_version)) {
      throw Error(ErrorKind::kPreconditionFailed, "Someone changed this person meanwhile.");
    }
    store.write_custom(session, id, person->custom, changes.custom_keys, catalogue.custom_types);
    audit_.append(session, actor, "person.update", "person", std::to_string(id), id,
                  fields_details(changes));
    PersonPatch patched{*store.find(session, id, catalogue.custom_types), {}};
    patched.changed = changed_fields(before, patched.person);
    return patched;
  });
}

bool PersonService::may_delete(const Actor& actor) {
  return has_role(actor, Role::kAdmin);
}

bool PersonService::may_hold(const Actor& actor) {
  return has_role(actor, Role::kPrivacyOfficer);
}

void PersonService::remove(const Actor& actor, long long id) {
  require_role(actor, Role::kAdmin);
  database_.write([&](soci::session& session) {
    const PersonStore store(database_.dialect());
    if (!store.find(session, id, {}, /*lock=*/true)) {
      throw person_not_found(id);
    }
    store.remove(session, id);
    audit_.append(session, actor, "person.delete", "person", std::to_string(id), id);
  });
}

Person PersonService::set_processing(const Actor& actor, long long id,
                                     const ProcessingChanges& changes) {
  require_role(actor, Role::kUser);
  if ((changes.legal_hold || changes.legal_hold_reason) && !may_hold(actor)) {
    require_role(actor, Role::kPrivacyOfficer);
  }
  return database_.write([&](soci::session& session) {
    const PersonStore store(database_.dialect());
    auto person = store.find(session, id, {}, /*lock=*/true);
    if (!person) {
      throw person_not_found(id);
    }
    const UnixTime now = clock_.now();
    FieldErrors errors;
    const auto reason = [&errors](const std::optional<std::string>& given,
                                  const std::string& current, const char* field) {
      std::string text(text::trim(given.value_or(current)));
      if (!validation::is_clean_text(text) || text::utf8_length(text) > 500) {
        errors.add(field, "A reason has at most 500 characters.");
      }
      return text;
    };
    std::vector<std::string> events;
    // Restriction (Art. 18): on with a reason, off clears it.
    const bool restricted = changes.processing_restricted.value_or(person->processing_restricted);
    std::string restriction_reason =
        reason(changes.restriction_reason, person->restriction_reason, "restriction_reason");
    if (restricted && restriction_reason.empty()) {
      errors.add("restriction_reason", "Say why processing is restricted.");
    }
    if (!restricted) {
      restriction_reason.clear();
    }
    // Legal hold: the same.
    const bool held = changes.legal_hold.value_or(person->legal_hold);
    std::string hold_reason =
        reason(changes.legal_hold_reason, person->legal_hold_reason, "legal_hold_reason");
    if (held && hold_reason.empty()) {
      errors.add("legal_hold_reason", "Say why the data is held.");
    }
    if (!held) {
      hold_reason.clear();
    }
    errors.throw_if_any();
    const bool objects =
        changes.objects_to_direct_marketing.value_or(person->objects_to_direct_marketing);

    if (restricted != person->processing_restricted ||
        restriction_reason != person->restriction_reason) {
      events.push_back(restricted ? (person->processing_restricted ? "person.restriction_change"
                                                                   : "person.restrict")
                                  : "person.unrestrict");
      if (restricted != person->processing_restricted) {
        person->restricted_at = restricted ? std::optional(now) : std::nullopt;
      }
      person->processing_restricted = restricted;
      person->restriction_reason = restriction_reason;
    }
    if (objects != person->objects_to_direct_marketing) {
      events.push_back(objects ? "person.object" : "person.withdraw_objection");
      person->objects_to_direct_marketing = objects;
      person->objection_at = objects ? std::optional(now) : std::nullopt;
    }
    if (held != person->legal_hold || hold_reason != person->legal_hold_reason) {
      events.push_back(held
                           ? (person->legal_hold ? "person.legal_hold_change" : "person.legal_hold")
                           : "person.legal_hold_release");
      if (held != person->legal_hold) {
        person->legal_hold_at = held ? std::optional(now) : std::nullopt;
      }
      person->legal_hold = held;
      person->legal_hold_reason = hold_reason;
    }
    if (events.empty()) {
      return *person;
    }
    person->updated_at = now;
    store.write_processing(session, *person);
    for (const std::string& action : events) {
      audit_.append(session, actor, action, "person", std::to_string(id), id);
    }
    return *store.find(session, id, FieldStore().custom_types(session));
  });
}

}  // namespace vern::crm
