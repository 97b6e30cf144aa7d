#include "crm/history_type_service.hpp"

#include <regex>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/history_type_store.hpp"

namespace vern::crm {
namespace {

constexpr std::size_t kMaxLabel = 100;

bool valid_key(const std::string& key) {
  static const std::regex kPattern("^[a-z][a-z0-9_]{1,31}$");
  return std::regex_match(key, kPattern);
}

void validate_label(const std::string& label, const std::string& field, FieldErrors& errors) {
  if (!validation::is_single_line(label) || text::utf8_length(label) > kMaxLabel) {
    errors.add(field, "A label is one line of at most 100 characters.");
  }
}

Error key_taken(const std::string& key) {
  return {ErrorKind::kConflict,
          "A history type with the key " + key + " exists already.",
          {{"key", "This key is taken."}}};
}

}  // namespace

std::vector<HistoryType> HistoryTypeService::list(const Actor& actor) {
  require_role(actor, Role::kUser);
  return database_.read([](soci::session& session) { return HistoryTypeStore().list(session); });
}

HistoryType HistoryTypeService::create(const Actor& actor, const HistoryType& input) {
  require_role(actor, Role::kAdmin);
  HistoryType type;
  type.key = input.key;
  type.labels = {std::string(text::trim(input.labels.en)), std::string(text::trim(input.labels.nb)),
                 std::string(text::trim(input.labels.sv))};
  FieldErrors errors;
  if (!valid_key(type.key)) {
    errors.add("key",
               "Use 2 to 32 lower-case letters, digits or underscores, starting with a letter.");
  }
  if (type.labels.en.empty()) {
    errors.add("labels.en", "An English label is required.");
  }
  validate_label(type.labels.en, "labels.en", errors);
  validate_label(type.labels.nb, "labels.nb", errors);
  validate_label(type.labels.sv, "labels.sv", errors);
  errors.throw_if_any();
  for (std::string* label : {&type.labels.nb, &type.labels.sv}) {
    if (label->empty()) {
      *label = type.labels.en;
    }
  }
  type.created_at = clock_.now();
  return database_.write([&](soci::session& session) {
    const HistoryTypeStore store;
    if (store.find(session, type.key)) {
      throw key_taken(type.key);
    }
    try {
      store.insert(session, type);
    } catch (const soci::soci_error& error) {
      // On PostgreSQL another instance may add the key between the check and the insert.
      if (storage::is_constraint_violation(error)) {
        throw key_taken(type.key);
      }
      throw;
    }
    audit_.append(session, actor, "history_type.create", "history_type", type.key);
    return type;
  });
}

void HistoryTypeService::remove(const Actor& actor, const std::string& key) {
  require_role(actor, Role::kAdmin);
  database_.write([&](soci::session& session) {
    const HistoryTypeStore store;
    const auto type = store.find(session, key);
    if (!type) {
      throw Error::not_found("No history type with the key " + key.substr(0, 64) + ".");
    }
    if (type->builtin) {
      throw Error(ErrorKind::kConflict, "Built-in history types cannot be deleted.");
    }
    if (const long long uses = store.count_uses(session, key); uses > 0) {
      throw Error(ErrorKind::kConflict, "The history type is used by " + std::to_string(uses) +
                                            " notes; it cannot be deleted.");
    }
    try {
      store.remove(session, key);
    } catch (const soci::soci_error& error) {
      // On PostgreSQL a note of this type may be added between the count and the delete.
      if (storage::is_constraint_violation(error)) {
        throw Error(ErrorKind::kConflict, "The history type is in use; it cannot be deleted.");
      }
      throw;
    }
    audit_.append(session, actor, "history_type.delete", "history_type", key);
  });
}

}  // namespace vern::crm
