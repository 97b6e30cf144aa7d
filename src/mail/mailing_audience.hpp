#pragma once

// What the authoring and the expansion of mailings share (mail/ only).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consent/processing_rules.hpp"
#include "crm/field_definition.hpp"
#include "mail/mailing.hpp"
#include "mail/mailing_store.hpp"
#include "query/filter.hpp"

namespace vern::mail {

inline constexpr std::string_view kMailingEntity = "mailing";

/// What a stored mailing needs to find and write to its recipients.
struct Compiled {
  std::optional<query::Filter> filter;
  consent::BulkRules rules;
  Audience audience() const { return Audience{filter, rules}; }
};

Compiled compile(const MailingDraft& draft, const std::vector<crm::FieldDefinition>& fields);

/// The rendered subject as one header line: line breaks from field values become spaces.
std::string one_line(std::string text);

/// A mailing's id as its audit events name it.
std::string entity_id(long long id);

}  // namespace vern::mail
