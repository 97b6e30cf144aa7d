#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace vern::portal {

/// A link to the GDPR portal as staff see it: never its token.
struct PortalLink {
  long long id = 0;
  long long person_id = 0;
  std::string sent_to;   // the e-mail address it went to
  std::string language;  // of the e-mail: "nb", "sv" or "en"
  std::optional<long long> created_by_user_id;
  std::string created_by;
  UnixTime created_at = 0;
  UnixTime expires_at = 0;
  std::optional<UnixTime> first_used_at;
  std::optional<UnixTime> last_used_at;
  std::optional<UnixTime> revoked_at;
  std::string revoked_by;

  /// Where the link stood when it was read (revoked wins over expired).
  enum class Status { kActive, kExpired, kRevoked };
  Status status = Status::kActive;

  /// Neither revoked nor expired at `now`.
  bool usable(UnixTime now) const { return !revoked_at && now < expires_at; }
  Status status_at(UnixTime now) const {
    return revoked_at ? Status::kRevoked : now < expires_at ? Status::kActive : Status::kExpired;
  }
};

/// "active", "expired" or "revoked", as the API names a link's status.
std::string_view to_string(PortalLink::Status status);

/// A portal session: the browser of the person who opened a link. It lasts no longer than the
/// link and ends when the link is revoked.
struct PortalSession {
  long long id = 0;
  long long link_id = 0;
  long long person_id = 0;
  std::string csrf_token;
  UnixTime expires_at = 0;
};

/// What opening `/p/TOKEN` gives: a new session (its token goes into the cookie), or why not.
struct OpenedLink {
  enum class Outcome { kOpened, kUnknown, kGone };
  Outcome outcome = Outcome::kUnknown;
  std::string session_token;  // kOpened only
  PortalSession session;      // kOpened only
  std::string language;       // of the link (kOpened and kGone), for the page that follows
};

inline constexpr int kMinLifetimeHours = 1;
inline constexpr int kMaxLifetimeHours = 30 * 24;

}  // namespace vern::portal
