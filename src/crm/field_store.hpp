#pragma once

#include <optional>
#include <vector>

#include "common/clock.hpp"
#include "crm/field_definition.hpp"
#include "storage/soci.hpp"

namespace vern::crm {

/// SQL for field definitions.
class FieldStore {
 public:
  /// Every field, built-in first, in their display order.
  std::vector<FieldDefinition> list(soci::session& session) const;
  /// The custom fields' types alone: all that reading persons needs, without the labels and
  /// options every other use of the definitions parses.
  CustomTypes custom_types(soci::session& session) const;
  std::optional<FieldDefinition> find(soci::session& session, const std::string& key) const;
  void insert(soci::session& session, const FieldDefinition& field, UnixTime now) const;
  void update(soci::session& session, const FieldDefinition& field) const;
  void remove(soci::session& session, const std::string& key) const;
  /// How many persons hold a value for the field.
  long long count_holders(soci::session& session, const std::string& key) const;
};

}  // namespace vern::crm
