#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/dynamic_query.hpp"

namespace vern::consent {

/// What a bulk send or other bulk processing is for.
enum class BulkPurpose { kMarketing, kService, kBreach };

/// Why bulk processing leaves a person out, in the order the reasons are checked: a person is
/// counted under the first that applies.
enum class Exclusion { kNoEmail, kRestricted, kObjects, kNoConsent };

std::string_view to_string(Exclusion reason);

/// The one place that says whom bulk processing must leave out (mailings and every later bulk
/// feature call it rather than writing their own conditions):
/// - persons without an e-mail address;
/// - persons whose processing is restricted (Art. 18), from every bulk processing — breach
///   notifications too (DESIGN.md: a restricted person is kept out of mailings; staff reach
///   them one by one);
/// - persons who object to direct marketing (Art. 21), from marketing;
/// - for marketing, persons whose current consent of the required type is not `granted`.
class BulkRules {
 public:
  /// `consent_type`: the key of the consent type marketing needs (ignored for other purposes).
  BulkRules(BulkPurpose purpose, std::optional<std::string> consent_type)
      : purpose_(purpose), consent_type_(std::move(consent_type)) {}

  /// The reasons that apply to this purpose, in order.
  std::vector<Exclusion> reasons() const;
  /// Appends a condition over `persons p` that holds for the persons to include.
  void append_included(storage::DynamicQuery& query) const;
  /// Appends a condition over `persons p` that holds for the persons left out for `reason` and
  /// for no earlier one (so that the counts by reason add up).
  void append_excluded_for(storage::DynamicQuery& query, Exclusion reason) const;

 private:
  void append_applies(storage::DynamicQuery& query, Exclusion reason) const;

  BulkPurpose purpose_;
  std::optional<std::string> consent_type_;
};

}  // namespace vern::consent
