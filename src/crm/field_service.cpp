#include "crm/field_service.hpp"

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/field_store.hpp"

namespace vern::crm {
namespace {

constexpr std::size_t kMaxLabel = 100;
constexpr std::size_t kMaxOptions = 200;

void validate_labels(const Labels& labels, FieldErrors& errors) {
  if (labels.en.empty()) {
    errors.add("labels.en", "An English label is required.");
  }
  for (const std::string* label : {&labels.en, &labels.nb, &labels.sv}) {
    if (text::utf8_length(*label) > kMaxLabel || !validation::is_clean_text(*label)) {
      errors.add("labels", "Labels are plain text of at most 100 characters.");
      return;
    }
  }
}

void validate_options(FieldType type, const std::vector<FieldOption>& options,
                      FieldErrors& errors) {
  const bool takes_options = type == FieldType::kOption || type == FieldType::kMultiOption;
  if (!takes_options) {
    if (!options.empty()) {
      errors.add("options", "Only option fields have options.");
    }
    return;
  }
  if (options.empty() || options.size() > kMaxOptions) {
    errors.add("options", "Give 1 to 200 options.");
    return;
  }
  static const std::regex kValue("^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$");
  std::set<std::string> seen;
  for (const FieldOption& option : options) {
    if (!std::regex_match(option.value, kValue)) {
      errors.add("options",
                 "Option values are 1 to 60 letters, digits, dots, dashes or "
                 "underscores: \"" +
                     option.value.substr(0, 60) + "\" is not.");
      return;
    }
    if (!seen.insert(option.value).second) {
      errors.add("options", "The option \"" + option.value + "\" appears twice.");
      return;
    }
  }
}

FieldDefinition must_find(soci::session& session, const std::string& key) {
  auto field = FieldStore().find(session, key);
  if (!field) {
    throw Error::not_found("No field with the key " + key.substr(0, 64) + ".");
  }
  return *field;
}

}  // namespace

bool FieldService::is_reserved_key(std::string_view key) {
  for (std::string_view reserved :
       {"id", "version", "created_at", "updated_at", "custom", "processing_restricted",
        "restriction_reason", "objects_to_direct_marketing", "legal_hold", "legal_hold_reason",
        "company", "consent", "activity", "history", "portal_link"}) {
    if (key == reserved) {
      return true;
    }
  }
  return false;
}

std::vector<FieldDefinition> FieldService::list(const Actor& actor) {
  require_role(actor, Role::kUser);
  return database_.read([](soci::session& session) { return FieldStore().list(session); });
}

FieldDefinition FieldService::get(const Actor& actor, const std::string& key) {
  require_role(actor, Role::kUser);
  return database_.read([&](soci::session& session) { return must_find(session, key); });
}

FieldDefinition FieldService::create(const Actor& actor, const NewField& input) {
  require_role(actor, Role::kAdmin);
  FieldErrors errors;
  static const std::regex kKey("^[a-z][a-z0-9_]{1,39}$");
  if (!std::regex_match(input.key, kKey)) {
    errors.add("key",
               "Use 2 to 40 lower-case letters, digits or underscores, starting with a "
               "letter.");
  } else if (is_reserved_key(input.key)) {
    errors.add("key", "This key is reserved.");
  }
  validate_labels(input.labels, errors);
  validate_options(input.type, input.options, errors);
  errors.throw_if_any();

  FieldDefinition field;
  field.key = input.key;
  field.type = input.type;
  field.labels = input.labels;
  field.options = input.options;
  return database_.write([&](soci::session& session) {
    const FieldStore store;
    if (store.find(session, field.key)) {
      throw Error(ErrorKind::kConflict, "A field with the key " + field.key + " exists already.",
                  {{"key", "This key is taken."}});
    }
    store.insert(session, field, clock_.now());
    audit_.append(session, actor, "field.create", "field", field.key, std::nullopt,
                  R"({"type":")" + std::string(to_string(field.type)) + "\"}");
    return must_find(session, field.key);
  });
}

FieldDefinition FieldService::change(const Actor& actor, const std::string& key,
                                     const FieldChanges& changes) {
  require_role(actor, Role::kAdmin);
  return database_.write([&](soci::session& session) {
    FieldDefinition field = must_find(session, key);
    FieldErrors errors;
    std::vector<std::string> changed;
    if (changes.labels) {
      validate_labels(*changes.labels, errors);
      field.labels = *changes.labels;
      changed.emplace_back("labels");
    }
    if (changes.options) {
      if (field.builtin) {
        errors.add("options", "The options of a built-in field cannot be changed.");
      }
      validate_options(field.type, *changes.options, errors);
      field.options = *changes.options;
      changed.emplace_back("options");
    }
    if (changes.portal) {
      field.portal = *changes.portal;
      changed.emplace_back("portal");
    }
    if (changes.portal_order) {
      field.portal_order = *changes.portal_order;
      changed.emplace_back("portal_order");
    }
    errors.throw_if_any();
    FieldStore().update(session, field);
    nlohmann::json details = {{"fields", changed}};
    audit_.append(session, actor, "field.change", "field", field.key, std::nullopt, details.dump());
    return field;
  });
}

long long FieldService::remove(const Actor& actor, const std::string& key, DeleteValues confirm) {
  require_role(actor, Role::kAdmin);
  return database_.write([&](soci::session& session) {
    const FieldStore store;
    const FieldDefinition field = must_find(session, key);
    if (field.builtin) {
      throw Error(ErrorKind::kConflict, "Built-in fields cannot be deleted.");
    }
    const long long holders = store.count_holders(session, key);
    if (holders > 0 && confirm != DeleteValues::kConfirmed) {
      throw Error(ErrorKind::kConflict, std::to_string(holders) +
                                            " persons have a value in this field. Confirm to "
                                            "delete the field and those values.");
    }
    store.remove(session, key);
    audit_.append(session, actor, "field.delete", "field", key, std::nullopt,
                  R"({"values_removed":)" + std::to_string(holders) + "}");
    return holders;
  });
}

}  // namespace vern::crm
