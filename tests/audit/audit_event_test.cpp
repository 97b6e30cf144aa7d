#include "audit/audit_event.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace vern::audit {
namespace {

AuditEvent sample_event() {
  AuditEvent event;
  event.id = 3;
  event.occurred_at = 1'790'000'000;
  event.actor_user_id = 7;
  event.actor = "alice";
  event.action = "person.read";
  event.entity = "person";
  event.entity_id = "42";
  event.person_id = 42;
  event.details = R"({"fields":["email"]})";
  event.prev_hash = std::string(64, 'a');
  return event;
}

TEST(ChainHash, IsLowerCaseHexSha256) {
  const std::string hash = chain_hash(sample_event());
  ASSERT_EQ(hash.size(), 64U);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(ChainHash, IsTheSameForTheSameEvent) {
  EXPECT_EQ(chain_hash(sample_event()), chain_hash(sample_event()));
}

TEST(ChainHash, IgnoresTheStoredHashItself) {
  AuditEvent event = sample_event();
  const std::string before = chain_hash(event);
  event.hash = "anything";
  EXPECT_EQ(chain_hash(event), before);
}

TEST(ChainHash, ChangesWithEveryChainedField) {
  const std::string original = chain_hash(sample_event());
  const std::vector<std::pair<const char*, std::function<void(AuditEvent&)>>> changes = {
      {"id", [](AuditEvent& e) { e.id = 4; }},
      {"occurred_at", [](AuditEvent& e) { e.occurred_at += 1; }},
      {"actor_user_id", [](AuditEvent& e) { e.actor_user_id = 8; }},
      {"actor", [](AuditEvent& e) { e.actor = "bob"; }},
      {"action", [](AuditEvent& e) { e.action = "person.update"; }},
      {"entity", [](AuditEvent& e) { e.entity = "company"; }},
      {"entity_id", [](AuditEvent& e) { e.entity_id = "43"; }},
      {"no entity_id", [](AuditEvent& e) { e.entity_id.reset(); }},
      {"person_id", [](AuditEvent& e) { e.person_id = 43; }},
      {"no person_id", [](AuditEvent& e) { e.person_id.reset(); }},
      {"details", [](AuditEvent& e) { e.details = "{}"; }},
      {"prev_hash", [](AuditEvent& e) { e.prev_hash = std::string(64, 'b'); }},
  };
  for (const auto& [field, change] : changes) {
    AuditEvent event = sample_event();
    change(event);
    EXPECT_NE(chain_hash(event), original) << field;
  }
}

TEST(ChainHash, KeepsFieldBoundariesApart) {
  AuditEvent first = sample_event();
  first.actor = "ab";
  first.action = "c";
  AuditEvent second = sample_event();
  second.actor = "a";
  second.action = "bc";
  EXPECT_NE(chain_hash(first), chain_hash(second));
}

TEST(ChainHash, TellsAMissingEntityIdFromAnEmptyOne) {
  AuditEvent missing = sample_event();
  missing.entity_id.reset();
  AuditEvent empty = sample_event();
  empty.entity_id = "";
  EXPECT_NE(chain_hash(missing), chain_hash(empty));
}

}  // namespace
}  // namespace vern::audit
