#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "consent/processing_rules.hpp"

namespace vern::mail {

/// Where a mailing is: being composed; being expanded into the outbox (one message per included
/// person); its messages on their way; every message sent or failed.
enum class MailingStatus { kDraft, kQueuing, kSending, kDone };

std::string_view to_string(MailingStatus status);
std::optional<MailingStatus> parse_mailing_status(std::string_view text);
std::string_view to_string(consent::BulkPurpose purpose);
std::optional<consent::BulkPurpose> parse_purpose(std::string_view text);

/// What staff write: the audience (a filter, or a saved filter whose filter is copied; neither
/// means everyone), what the mailing is for, and the subject and body as Mustache templates.
struct MailingDraft {
  std::string name;
  consent::BulkPurpose purpose = consent::BulkPurpose::kService;
  std::optional<std::string> consent_type;  // marketing: the consent it needs
  std::optional<nlohmann::json> filter;
  std::optional<long long> saved_filter_id;
  std::string subject;
  std::string body;
};

/// A change to a draft; unset members stay as they are. `filter` and `saved_filter_id` are
/// set together (the audience is replaced as a whole).
struct MailingChanges {
  std::optional<std::string> name;
  std::optional<consent::BulkPurpose> purpose;
  std::optional<std::optional<std::string>> consent_type;
  std::optional<std::pair<std::optional<nlohmann::json>, std::optional<long long>>> audience;
  std::optional<std::string> subject;
  std::optional<std::string> body;
};

/// How many persons a mailing reaches and how many it leaves out, by reason (each person
/// under the first reason that applies, so the numbers add up to the audience).
struct AudienceCounts {
  long long included = 0;
  std::vector<std::pair<consent::Exclusion, long long>> excluded;
};

struct Mailing {
  long long id = 0;
  MailingDraft draft;
  MailingStatus status = MailingStatus::kDraft;
  long long created_by_user_id = 0;
  std::string created_by;
  long long sent_by_user_id = 0;
  std::string sent_by;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::optional<UnixTime> send_at;      // when sending was asked for
  std::optional<UnixTime> queued_at;    // when every message was in the outbox
  std::optional<UnixTime> finished_at;  // when the last was sent or failed
  long long cursor_person_id = 0;       // expansion: the last person done

  // Counts: for a draft, the audience as it is now; once sent, fixed when sending began.
  AudienceCounts audience;
  // Progress once sent: messages in the outbox by status.
  long long total = 0;  // messages queued so far
  long long waiting = 0;
  long long sent = 0;
  long long failed = 0;

  /// How many messages a sent mailing is expected to make: the persons counted when sending
  /// began (the outbox fills up while the mailing is queued).
  long long expected_messages() const { return std::max(audience.included, total); }
};

/// A mailing rendered for one recipient.
struct MailingPreview {
  long long person_id = 0;
  std::string person_name;
  std::string to;
  std::string subject;
  std::string body;
  bool included = true;  // whether this person is in the audience now
};

}  // namespace vern::mail
