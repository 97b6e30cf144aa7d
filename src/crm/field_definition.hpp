#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace vern::crm {

/// The value types a field can have; they decide validation, storage and filter operators.
enum class FieldType {
  kText,
  kLongText,
  kNumber,
  kDate,
  kBoolean,
  kOption,
  kMultiOption,
  kEmail,
  kPhone,
  kUrl,
};

std::string_view to_string(FieldType type);
/// The custom fields' types by key: what reading and writing their values needs.
using CustomTypes = std::map<std::string, FieldType, std::less<>>;

std::optional<FieldType> parse_field_type(std::string_view text);

/// What the GDPR portal does with a field.
enum class PortalAccess { kHidden, kRead, kEdit };

std::string_view to_string(PortalAccess access);
std::optional<PortalAccess> parse_portal_access(std::string_view text);

/// A text in each language Vern speaks.
struct Labels {
  std::string en;
  std::string nb;
  std::string sv;

  /// The text for `locale`, falling back to English.
  const std::string& in(std::string_view locale) const;
};

struct FieldOption {
  std::string value;
  Labels labels;
};

/// A person field, built-in or custom: its key, type, labels, options and portal setting.
struct FieldDefinition {
  std::string key;
  FieldType type = FieldType::kText;
  bool builtin = false;
  Labels labels;
  std::vector<FieldOption> options;  // for kOption and kMultiOption
  PortalAccess portal = PortalAccess::kHidden;
  int portal_order = 0;

  bool has_option(std::string_view value) const;
  /// The option's label in `locale`, or `value` itself when there is no such option (any more).
  std::string option_label(std::string_view value, std::string_view locale) const;
};

/// The custom fields' types among `fields` (what PersonStore needs to read their values).
CustomTypes custom_types_of(const std::vector<FieldDefinition>& fields);

/// Options as stored and served: [{"value": "...", "labels": {"en", "nb", "sv"}}].
nlohmann::json options_to_json(const std::vector<FieldOption>& options);
/// The inverse; throws vern::Error (kInvalid, field `field`) for a malformed list.
std::vector<FieldOption> options_from_json(const nlohmann::json& json, const std::string& field);
nlohmann::json labels_to_json(const Labels& labels);
/// Reads {"en", "nb", "sv"} (each optional); throws kInvalid naming `field` otherwise.
Labels labels_from_json(const nlohmann::json& json, const std::string& field);

}  // namespace vern::crm
