#pragma once

#include <optional>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "crm/field_definition.hpp"
#include "storage/database.hpp"

namespace vern::crm {

/// What an admin sends to add a custom field.
struct NewField {
  std::string key;
  FieldType type = FieldType::kText;
  Labels labels;
  std::vector<FieldOption> options;
};

/// What an admin may change of a field; unset members stay as they are.
struct FieldChanges {
  std::optional<PortalAccess> portal;
  std::optional<int> portal_order;
  std::optional<Labels> labels;
  std::optional<std::vector<FieldOption>> options;  // custom option fields only
};

/// Whether deleting a field that holds values goes ahead.
enum class DeleteValues { kRefuse, kConfirmed };

/// Field definitions: every staff user reads them; admins add custom fields, change labels,
/// options and portal settings, and delete custom fields (with their values, once confirmed).
class FieldService {
 public:
  FieldService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  std::vector<FieldDefinition> list(const Actor& actor);
  FieldDefinition get(const Actor& actor, const std::string& key);
  FieldDefinition create(const Actor& actor, const NewField& field);
  FieldDefinition change(const Actor& actor, const std::string& key, const FieldChanges& changes);
  /// Returns how many persons' values were removed. A field holding values is a kConflict
  /// unless `confirm` is kConfirmed; built-in fields cannot be deleted.
  long long remove(const Actor& actor, const std::string& key, DeleteValues confirm);

  /// The keys a filter may name besides the fields.
  static bool is_reserved_key(std::string_view key);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::crm
