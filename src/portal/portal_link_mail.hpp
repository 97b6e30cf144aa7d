#pragma once

#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace vern::portal {

/// What the e-mail that carries a portal link says.
struct PortalLinkMail {
  std::string language;      // "nb", "sv" or "en"; anything else is written in English
  std::string first_name;    // the greeting's; may be empty
  std::string organisation;  // who holds the data
  std::string link;          // BASE_URL/p/TOKEN
  UnixTime expires_at = 0;
};

/// The e-mail's subject and plain text.
struct PortalLinkMailText {
  std::string subject;
  std::string text;
};

/// The e-mail in its language (Norwegian bokmål, Swedish or English): the organisation, the
/// link on a line of its own, the expiry written out in UTC, and what to do with an unwanted one.
PortalLinkMailText portal_link_mail_text(const PortalLinkMail& mail);

/// `time` as a date and time in UTC, written out in `language`: "Tuesday 1 December 2026 at
/// 09:46 UTC", "tirsdag 1. desember 2026 kl. 09.46 UTC", "tisdag 1 december 2026 kl. 09.46 UTC".
std::string written_utc_time(UnixTime time, std::string_view language);

}  // namespace vern::portal
