#include "audit/audit_event.hpp"

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"

namespace vern::audit {
namespace {

std::optional<UnixTime> time_param(const std::string& text, const std::string& name) {
  if (text.empty()) {
    return std::nullopt;
  }
  // A bare date means the start of that day (UTC).
  auto time = parse_rfc3339(text.size() == 10 ? text + "T00:00:00Z" : text);
  if (!time) {
    throw Error::invalid_field(name, "Use a date (2026-11-29) or an RFC 3339 time.");
  }
  return time;
}

std::optional<std::string> text_param(std::string text) {
  return text.empty() ? std::nullopt : std::optional(std::move(text));
}

}  // namespace

AuditQuery parse_audit_query(const std::function<std::string(const std::string&)>& param) {
  AuditQuery query;
  query.person_id = validation::optional_id(param("person_id"), "person_id");
  query.actor = text_param(param("actor"));
  query.action = text_param(param("action"));
  query.from = time_param(param("from"), "from");
  query.to = time_param(param("to"), "to");
  query.before_id = validation::optional_id(param("after"), "after");
  return query;
}

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
