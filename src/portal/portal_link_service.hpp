#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "mail/delivery.hpp"
#include "mail/message.hpp"
#include "portal/portal_link.hpp"
#include "storage/database.hpp"

namespace vern::portal {

/// How portal links reach people and how bad tokens are throttled.
struct PortalLinkOptions {
  std::string base_url = "http://127.0.0.1:8080";  // links are BASE_URL/p/TOKEN
  mail::Mailbox from{"no-reply@localhost.localdomain", "Vern"};
  std::int64_t throttle_window_seconds = 15 * 60;
  long long max_failures_per_address = 20;  // bad tokens from one address within the window
};

/// What sending a link to a person would do: the confirmation staff see first.
struct LinkPreview {
  long long person_id = 0;
  std::string person_name;
  std::string send_to;     // the person's e-mail; empty when they have none (nothing can be sent)
  std::string language;    // of the e-mail: "nb", "sv" or "en"
  int lifetime_hours = 0;  // the portal settings' lifetime
};

/// Portal links and the sessions they open. Staff send a link (any staff role): a token of 256
/// random bits goes out by e-mail through the outbox, in the transaction that stores its hash and
/// revokes the person's older links; it is never returned, logged, audited or stored in clear.
/// The subject's side swaps a token for a portal session (`open`), whose validity is checked
/// against its link at every request (`session`), so a revocation takes effect at once.
class PortalLinkService {
 public:
  PortalLinkService(storage::Database& database, audit::AuditLog& audit, const Clock& clock,
                    mail::Doorbell& doorbell, PortalLinkOptions options);

  /// What `send` would do for the person, without doing it: an audited read
  /// (`portal_link.preview`) of their address. kNotFound for no such person.
  LinkPreview preview(const Actor& actor, long long person_id);
  /// Creates a link for the person and e-mails it to their own address, in their language.
  /// `lifetime_hours` overrides the settings' lifetime (1 to 720). kNotFound for no such
  /// person; kInvalid naming `email` when they have none (nothing is made) and
  /// `lifetime_hours` when it is out of bounds. Audited `portal_link.create`; each older link
  /// it revokes `portal_link.revoke`.
  PortalLink send(const Actor& actor, long long person_id, std::optional<int> lifetime_hours);
  /// The person's links, newest first: an audited read (`portal_link.list`). kNotFound for no
  /// such person.
  std::vector<PortalLink> list(const Actor& actor, long long person_id);
  /// Ends the link and every session opened with it, at once. Audited `portal_link.revoke`;
  /// revoking a revoked link changes nothing and records nothing. kNotFound.
  void revoke(const Actor& actor, long long link_id);

  /// The subject opens BASE_URL/p/TOKEN: a usable link gives a new session (audited
  /// `portal.open`), an expired or revoked one kGone, anything else kUnknown. Throws kThrottled
  /// once `client_address` has sent too many bad tokens, whatever this one is.
  OpenedLink open(const std::string& token, const std::string& client_address);
  /// The session of a cookie, if it exists and neither it nor its link has expired and the link
  /// is not revoked. Records the link's last use (at most once a minute).
  std::optional<PortalSession> session(const std::string& session_token);
  /// Logs the subject out (audited `portal.logout`); an unknown token does nothing.
  void end_session(const std::string& session_token);

  /// Where links point. `vern serve` sets it once the server has its port when no
  /// `--base-url` was given; a trailing slash is dropped.
  void set_base_url(std::string base_url);
  std::string base_url() const;

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  mail::Doorbell& doorbell_;
  PortalLinkOptions options_;
  mutable std::mutex base_url_mutex_;
};

}  // namespace vern::portal
