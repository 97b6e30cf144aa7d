#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "mail/outbox.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::mail {
namespace {

NewOutboxMessage message(const std::string& recipient) {
  NewOutboxMessage message;
  message.kind = "test";
  message.sender = "post@vern.example";
  message.recipient = recipient;
  message.subject = "Subject for " + recipient;
  message.message_id = "id-" + recipient;
  message.data = "Subject: x\r\n\r\nbody for " + recipient + "\r\n";
  return message;
}

class OutboxStoreTest : public vern::testing::DatabaseTest {
 protected:
  OutboxStore store() { return OutboxStore(db().dialect()); }

  void enqueue(int count, const std::string& prefix = "r") {
    std::vector<NewOutboxMessage> messages;
    for (int i = 0; i < count; ++i) {
      messages.push_back(message(prefix + std::to_string(i) + "@example.no"));
    }
    db().write([&](soci::session& session) { store().enqueue(session, messages, clock().now()); });
  }

  std::vector<OutboxMessage> claim(const std::string& worker, int limit, UnixTime lease = 60) {
    const UnixTime now = clock().now();
    return db().write([&](soci::session& session) {
      return store().claim(session, worker, now, now + lease, limit);
    });
  }

  void complete(const std::string& worker, const std::vector<DeliveryResult>& results) {
    db().write(
        [&](soci::session& session) { store().complete(session, worker, results, clock().now()); });
  }

  OutboxMessage find(long long id) {
    return *db().read([&](soci::session& session) { return store().find(session, id); });
  }

  OutboxCounts counts() {
    return db().read([&](soci::session& session) { return store().counts(session); });
  }
};

TEST_P(OutboxStoreTest, ClaimsTheOldestDueMessagesWithTheirContent) {
  enqueue(5);
  const auto first = claim("w1", 3);
  ASSERT_EQ(first.size(), 3U);
  EXPECT_EQ(first[0].recipient, "r0@example.no");
  EXPECT_EQ(first[2].recipient, "r2@example.no");
  EXPECT_EQ(first[0].status, OutboxStatus::kSending);
  EXPECT_EQ(first[0].attempts, 1);
  ASSERT_TRUE(first[0].data.has_value());
  EXPECT_EQ(*first[0].data, "Subject: x\r\n\r\nbody for r0@example.no\r\n");
  // What one worker holds, another does not get.
  const auto second = claim("w2", 10);
  ASSERT_EQ(second.size(), 2U);
  EXPECT_EQ(second[0].recipient, "r3@example.no");
  EXPECT_TRUE(claim("w3", 10).empty());
  EXPECT_EQ(counts().at(OutboxStatus::kSending), 5);
  EXPECT_EQ(db().read([&](soci::session& session) { return store().depth(session); }), 5);
}

TEST_P(OutboxStoreTest, RecordsSentRetryAndFailedOnlyForTheWorkerThatHoldsTheClaim) {
  enqueue(3);
  const auto claimed = claim("w1", 3);
  ASSERT_EQ(claimed.size(), 3U);
  const UnixTime later = clock().now() + 120;
  // Another worker's word does not count.
  complete("w2", {{claimed[0].id, DeliveryResult::Outcome::kSent, 0, ""}});
  EXPECT_EQ(find(claimed[0].id).status, OutboxStatus::kSending);
  complete("w1", {{claimed[0].id, DeliveryResult::Outcome::kSent, 0, ""},
                  {claimed[1].id, DeliveryResult::Outcome::kRetry, later, "451 4.3.0 busy"},
                  {claimed[2].id, DeliveryResult::Outcome::kFailed, 0, "550 5.1.1 no such user"}});
  const auto sent = find(claimed[0].id);
  EXPECT_EQ(sent.status, OutboxStatus::kSent);
  EXPECT_EQ(sent.sent_at, clock().now());
  const auto retried = find(claimed[1].id);
  EXPECT_EQ(retried.status, OutboxStatus::kQueued);
  EXPECT_EQ(retried.due_at, later);
  EXPECT_EQ(retried.last_error, "451 4.3.0 busy");
  const auto failed = find(claimed[2].id);
  EXPECT_EQ(failed.status, OutboxStatus::kFailed);
  EXPECT_EQ(failed.last_error, "550 5.1.1 no such user");
  // The retry is not due before its time, and is then claimed as a second attempt.
  EXPECT_TRUE(claim("w1", 10).empty());
  clock().advance(120);
  const auto again = claim("w1", 10);
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].id, claimed[1].id);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_P(OutboxStoreTest, AClaimWhoseLeaseRanOutIsTakenOverAndTheDeadWorkersWordIsIgnored) {
  enqueue(2);
  const auto held = claim("dead", 2, 30);
  ASSERT_EQ(held.size(), 2U);
  clock().advance(29);
  EXPECT_TRUE(claim("alive", 10).empty());
  clock().advance(1);
  const auto taken = claim("alive", 10);
  ASSERT_EQ(taken.size(), 2U);
  EXPECT_EQ(taken[0].attempts, 2);
  complete("dead", {{held[0].id, DeliveryResult::Outcome::kFailed, 0, "late"}});
  EXPECT_EQ(find(held[0].id).status, OutboxStatus::kSending);
  complete("alive", {{taken[0].id, DeliveryResult::Outcome::kSent, 0, ""}});
  EXPECT_EQ(find(taken[0].id).status, OutboxStatus::kSent);
}

TEST_P(OutboxStoreTest, RenewExtendsTheLeaseAndReleaseGivesClaimsBackWithoutCountingThem) {
  enqueue(3);
  const auto held = claim("w1", 3, 30);
  db().write([&](soci::session& session) { store().renew(session, "w1", clock().now() + 600); });
  clock().advance(60);
  EXPECT_TRUE(claim("w2", 10).empty());
  complete("w1", {{held[0].id, DeliveryResult::Outcome::kSent, 0, ""}});
  const long long released = db().write(
      [&](soci::session& session) { return store().release(session, "w1", clock().now()); });
  EXPECT_EQ(released, 2);
  const auto back = find(held[1].id);
  EXPECT_EQ(back.status, OutboxStatus::kQueued);
  EXPECT_EQ(back.attempts, 0);
  EXPECT_EQ(claim("w2", 10).size(), 2U);
}

TEST_P(OutboxStoreTest, RetryRequeuesOnlyFailedMessagesThatKeepTheirContent) {
  enqueue(2);
  const auto held = claim("w1", 2);
  complete("w1", {{held[0].id, DeliveryResult::Outcome::kFailed, 0, "550 no"},
                  {held[1].id, DeliveryResult::Outcome::kSent, 0, ""}});
  db().write([&](soci::session& session) {
    EXPECT_FALSE(store().retry(session, held[1].id, clock().now()));  // sent
    EXPECT_FALSE(store().retry(session, 999'999, clock().now()));     // unknown
    EXPECT_TRUE(store().retry(session, held[0].id, clock().now()));
  });
  const auto retried = find(held[0].id);
  EXPECT_EQ(retried.status, OutboxStatus::kQueued);
  EXPECT_EQ(retried.attempts, 0);
  EXPECT_EQ(retried.last_error, "");
  EXPECT_EQ(claim("w1", 10).size(), 1U);
}

TEST_P(OutboxStoreTest, PurgeEmptiesOnlyTheContentOfMessagesSentBeforeTheCutOff) {
  enqueue(3);
  const auto held = claim("w1", 3);
  complete("w1", {{held[0].id, DeliveryResult::Outcome::kSent, 0, ""},
                  {held[1].id, DeliveryResult::Outcome::kFailed, 0, "550"}});
  clock().advance(10);
  const auto purged = db().write(
      [&](soci::session& session) { return store().purge_sent(session, clock().now() - 5); });
  EXPECT_EQ(purged, 1);
  EXPECT_FALSE(find(held[0].id).data.has_value());
  EXPECT_EQ(find(held[0].id).subject, "Subject for r0@example.no");  // the record stays
  EXPECT_TRUE(find(held[1].id).data.has_value());                    // failed: kept to retry
  EXPECT_TRUE(find(held[2].id).data.has_value());                    // not sent yet
}

TEST_P(OutboxStoreTest, AMessageThatCouldNotBeComposedGoesInAsFailedWithItsReason) {
  auto broken = message("bad@example.no");
  broken.data.clear();
  broken.failed = "The address cannot be used.";
  db().write([&](soci::session& session) { store().enqueue(session, {broken}, clock().now()); });
  EXPECT_TRUE(claim("w1", 10).empty());
  const auto listed = db().read([&](soci::session& session) {
    return store().list(session,
                        OutboxQuery{OutboxStatus::kFailed, std::nullopt, std::nullopt, 10});
  });
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].last_error, "The address cannot be used.");
  EXPECT_FALSE(listed[0].data.has_value());  // listings leave the content out
}

TEST_P(OutboxStoreTest, ListsNewestFirstByStatusAndPages) {
  enqueue(5);
  const auto page = db().read([&](soci::session& session) {
    return store().list(session, OutboxQuery{OutboxStatus::kQueued, std::nullopt, std::nullopt, 2});
  });
  ASSERT_EQ(page.size(), 2U);
  EXPECT_EQ(page[0].recipient, "r4@example.no");
  const auto next = db().read([&](soci::session& session) {
    return store().list(session, OutboxQuery{std::nullopt, std::nullopt, page[1].id, 10});
  });
  ASSERT_EQ(next.size(), 3U);
  EXPECT_EQ(next[0].recipient, "r2@example.no");
}

// Two servers on one database claim at the same time: no message is claimed twice.
TEST_P(OutboxStoreTest, WorkersOfTwoServersNeverClaimTheSameMessage) {
  enqueue(200);
  auto other = test_database().open_another(2);
  std::vector<long long> mine;
  std::vector<long long> theirs;
  const auto run = [&](storage::Database& database, const std::string& worker,
                       std::vector<long long>& ids) {
    const OutboxStore outbox(database.dialect());
    for (;;) {
      const UnixTime now = clock().now();
      const auto claimed = database.write(
          [&](soci::session& session) { return outbox.claim(session, worker, now, now + 60, 7); });
      if (claimed.empty()) {
        return;
      }
      for (const auto& message : claimed) {
        ids.push_back(message.id);
      }
    }
  };
  std::thread first([&] { run(db(), "a", mine); });
  std::thread second([&] { run(*other, "b", theirs); });
  first.join();
  second.join();
  std::set<long long> all(mine.begin(), mine.end());
  for (const long long id : theirs) {
    EXPECT_TRUE(all.insert(id).second) << "message " << id << " was claimed twice";
  }
  EXPECT_EQ(all.size(), 200U);
}

INSTANTIATE_TEST_SUITE_P(Databases, OutboxStoreTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::mail
