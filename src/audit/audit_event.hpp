#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"

namespace vern::audit {

/// One entry of the audit log. `details` is a JSON object that names fields, never their values.
struct AuditEvent {
  long long id = 0;
  UnixTime occurred_at = 0;
  long long actor_user_id = 0;  // 0 when the actor is not a staff user
  std::string actor;
  std::string action;  // e.g. "user.login", "person.read"
  std::string entity;  // e.g. "user", "person"
  std::optional<std::string> entity_id;
  std::optional<long long> person_id;
  std::string details = "{}";
  std::string prev_hash;
  std::string hash;
};

/// What to list: every set member narrows the result. Newest first, keyset-paginated by id.
struct AuditQuery {
  std::optional<long long> person_id;
  std::optional<std::string> actor;
  std::optional<std::string> action;
  std::optional<UnixTime> from;
  std::optional<UnixTime> to;
  std::optional<long long> before_id;  // the cursor: only events older than this id
  int limit = 50;
};

/// The query a list of the audit log takes from its parameters (person_id, actor, action, from,
/// to, and the cursor `after`), as the API and the audit page name them; `param` gives a
/// parameter's text ("" when absent). A bad value is a kInvalid naming the parameter. The limit
/// is left at its default.
AuditQuery parse_audit_query(const std::function<std::string(const std::string&)>& param);

struct AuditPage {
  std::vector<AuditEvent> items;
  std::optional<long long> next_before_id;
};

/// The outcome of walking the chain.
struct VerifyResult {
  bool intact = true;
  long long count = 0;
  long long first_broken_id = 0;  // when !intact: the first event that does not hold
  std::string problem;            // when !intact: what is wrong with it
};

/// The chain hash of an event: SHA-256 over its fields and the previous event's hash.
std::string chain_hash(const AuditEvent& event);

}  // namespace vern::audit
