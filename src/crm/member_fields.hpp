#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace vern::crm {

/// One of a record's text fields and its member (a person's city, a company's name): the one list
/// per record that its store, its validation, merge patches, audit details and its JSON share.
template <typename Record>
struct MemberField {
  std::string_view key;
  std::string Record::*member;
};

/// The field of `fields` with `key`, or nullptr when there is none.
template <typename Record>
const MemberField<Record>* find_member_field(const std::vector<MemberField<Record>>& fields,
                                             std::string_view key) {
  for (const MemberField<Record>& field : fields) {
    if (field.key == key) {
      return &field;
    }
  }
  return nullptr;
}

/// The keys of the fields that hold text in `record`, in the order of `fields`: what the audit
/// event of a new record names.
template <typename Record>
std::vector<std::string> filled_keys(const Record& record,
                                     const std::vector<MemberField<Record>>& fields) {
  std::vector<std::string> filled;
  for (const MemberField<Record>& field : fields) {
    if (!(record.*field.member).empty()) {
      filled.emplace_back(field.key);
    }
  }
  return filled;
}

/// The keys of the fields whose text differs between two versions of a record, in the order of
/// `fields`.
template <typename Record>
std::vector<std::string> changed_keys(const Record& before, const Record& after,
                                      const std::vector<MemberField<Record>>& fields) {
  std::vector<std::string> changed;
  for (const MemberField<Record>& field : fields) {
    if (before.*field.member != after.*field.member) {
      changed.emplace_back(field.key);
    }
  }
  return changed;
}

/// Throws vern::Error kInvalid naming, with `message`, each key of `values` (a merge patch's) that
/// is none of `fields`.
template <typename Record, typename Values>
void reject_unknown_keys(const Values& values, const std::vector<MemberField<Record>>& fields,
                         const std::string& message) {
  FieldErrors errors;
  for (const auto& [key, value] : values) {
    if (find_member_field(fields, key) == nullptr) {
      errors.add(key, message);
    }
  }
  errors.throw_if_any();
}

}  // namespace vern::crm
