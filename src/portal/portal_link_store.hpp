#pragma once

#include <optional>
#include <string>
#include <vector>

#include "portal/portal_link.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::portal {

/// A link as stored: the staff view and the hash of its token.
struct NewPortalLink {
  PortalLink link;
  std::string token_hash;
};

/// SQL for portal links. Tokens arrive here only as their SHA-256.
class PortalLinkStore {
 public:
  explicit PortalLinkStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  long long insert(soci::session& session, const NewPortalLink& link) const;
  /// With `lock`, the row is locked for the rest of the transaction (PostgreSQL).
  std::optional<PortalLink> find(soci::session& session, long long id, bool lock = false) const;
  std::optional<PortalLink> find_by_token_hash(soci::session& session,
                                               const std::string& token_hash) const;
  /// The person's links, newest first.
  std::vector<PortalLink> list_for_person(soci::session& session, long long person_id) const;
  /// Revokes the link unless it is revoked already; false then.
  bool revoke(soci::session& session, long long id, UnixTime now,
              const std::string& revoked_by) const;
  /// Revokes every link of the person that is still usable; returns their ids.
  std::vector<long long> revoke_usable_of_person(soci::session& session, long long person_id,
                                                 UnixTime now, const std::string& revoked_by) const;
  /// Records a use: the first one stays, the last one moves to `now`.
  void record_use(soci::session& session, long long id, UnixTime now) const;

 private:
  const storage::Dialect& dialect_;
};

/// A portal session with what decides whether it still holds: its link's state.
struct PortalSessionRecord {
  PortalSession session;
  UnixTime link_expires_at = 0;
  bool link_revoked = false;
  std::optional<UnixTime> link_last_used_at;
};

/// SQL for portal sessions. Their tokens, too, arrive only as hashes.
class PortalSessionStore {
 public:
  long long insert(soci::session& session, const std::string& token_hash,
                   const PortalSession& record, UnixTime now) const;
  std::optional<PortalSessionRecord> find(soci::session& session,
                                          const std::string& token_hash) const;
  void touch(soci::session& session, long long id, UnixTime now) const;
  void remove(soci::session& session, long long id) const;
  void remove_for_links(soci::session& session, const std::vector<long long>& link_ids) const;
  void remove_expired(soci::session& session, UnixTime now) const;
};

}  // namespace vern::portal
