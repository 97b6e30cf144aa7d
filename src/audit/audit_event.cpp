#include "audit/audit_event.hpp"

#include "common/crypto.hpp"

namespace vern::audit {

std::string chain_hash(const AuditEvent& event) {
  // A unit separator between fields keeps "ab"+"c" and "a"+"bc" apart.
  constexpr char kSeparator = '\x1f';
  std::string input;
  for (const std::string& part :
       {std::to_string(event.id), std::to_string(event.occurred_at),
        std::to_string(event.actor_user_id), event.actor, event.action, event.entity,
        event.entity_id.value_or("\x1e"),
        event.person_id ? std::to_string(*event.person_id) : std::string("\x1e"), event.details,
        event.prev_hash}) {
    input += part;
    input += kSeparator;
  }
  return crypto::sha256_hex(input);
}

}  // namespace vern::audit
