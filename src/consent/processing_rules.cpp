#include "consent/processing_rules.hpp"

#include "consent/consent_store.hpp"

namespace vern::consent {

std::string_view to_string(Exclusion reason) {
  switch (reason) {
    case Exclusion::kNoEmail:
      return "no_email";
    case Exclusion::kRestricted:
      return "restricted";
    case Exclusion::kObjects:
      return "objects";
    case Exclusion::kNoConsent:
      return "no_consent";
  }
  return {};
}

std::vector<Exclusion> BulkRules::reasons() const {
  switch (purpose_) {
    case BulkPurpose::kMarketing:
      return {Exclusion::kNoEmail, Exclusion::kRestricted, Exclusion::kObjects,
              Exclusion::kNoConsent};
    case BulkPurpose::kService:
    case BulkPurpose::kBreach:
      return {Exclusion::kNoEmail, Exclusion::kRestricted};
  }
  return {};
}

void BulkRules::append_applies(storage::DynamicQuery& query, Exclusion reason) const {
  switch (reason) {
    case Exclusion::kNoEmail:
      query.append("p.email = ''");
      return;
    case Exclusion::kRestricted:
      query.append("p.processing_restricted = 1");
      return;
    case Exclusion::kObjects:
      query.append("p.objects_to_direct_marketing = 1");
      return;
    case Exclusion::kNoConsent:
      query.append("NOT ");
      ConsentStore::append_state_condition(query, consent_type_.value_or(std::string()),
                                           State::kGranted);
      return;
  }
}

void BulkRules::append_included(storage::DynamicQuery& query) const {
  query.append("(1 = 1");
  for (const Exclusion reason : reasons()) {
    query.append(" AND NOT (");
    append_applies(query, reason);
    query.append(")");
  }
  query.append(")");
}

void BulkRules::append_excluded_for(storage::DynamicQuery& query, Exclusion reason) const {
  query.append("(");
  for (const Exclusion earlier : reasons()) {
    if (earlier == reason) {
      append_applies(query, reason);
      query.append(")");
      return;
    }
    append_applies(query.append("NOT ("), earlier);
    query.append(") AND ");
  }
  query.append("1 = 0)");  // not a reason for this purpose
}

}  // namespace vern::consent
