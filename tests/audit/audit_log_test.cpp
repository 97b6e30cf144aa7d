#include "audit/audit_log.hpp"

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::audit {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const Actor kAlice{11, "alice", Role::kUser};
const Actor kBob{12, "bob", Role::kPrivacyOfficer};
const Actor kReader = Actor::system("test");

std::vector<long long> ids_of(const AuditPage& page) {
  std::vector<long long> ids;
  for (const AuditEvent& event : page.items) {
    ids.push_back(event.id);
  }
  return ids;
}

class AuditLogTest : public vern::testing::DatabaseTest {
 protected:
  void SetUp() override {
    vern::testing::DatabaseTest::SetUp();
    log_ = std::make_unique<AuditLog>(db(), clock());
  }

  AuditLog& log() { return *log_; }

  /// Appends `count` events in one transaction, numbered on from the log's current end.
  void append_events(int count) {
    db().write([&](soci::session& session) {
      for (int i = 0; i < count; ++i) {
        log().append(session, kAlice, "person.read", "person", "42", 42, R"({"fields":["email"]})");
      }
    });
  }

  void execute(const std::string& sql) {
    db().write([&](soci::session& session) { session << sql; });
  }

  std::vector<AuditEvent> all_events() {
    AuditQuery query;
    query.limit = 500;
    return log().list(kReader, query).items;
  }

  /// Writes a row straight into the table, as someone with database access could.
  void insert_raw(const AuditEvent& event) {
    db().write([&](soci::session& session) {
      const std::string entity_id = event.entity_id.value_or("");
      session << "INSERT INTO audit_events (id, occurred_at, actor_user_id, actor, action, entity,"
                 " entity_id, person_id, details, prev_hash, hash) VALUES (:id, :occurred_at,"
                 " :actor_user_id, :actor, :action, :entity, :entity_id, NULL, :details,"
                 " :prev_hash, :hash)",
          soci::use(event.id), soci::use(event.occurred_at), soci::use(event.actor_user_id),
          soci::use(event.actor), soci::use(event.action), soci::use(event.entity),
          soci::use(entity_id), soci::use(event.details), soci::use(event.prev_hash),
          soci::use(event.hash);
    });
  }

  /// A forged event that links correctly to `previous` and carries a correct hash of its own.
  static AuditEvent forged_after(const AuditEvent& previous, long long id) {
    AuditEvent event;
    event.id = id;
    event.occurred_at = previous.occurred_at;
    event.actor_user_id = 99;
    event.actor = "mallory";
    event.action = "user.login";
    event.entity = "user";
    event.entity_id = "99";
    event.prev_hash = previous.hash;
    event.hash = chain_hash(event);
    return event;
  }

 private:
  std::unique_ptr<AuditLog> log_;
};

TEST_P(AuditLogTest, AppendNumbersEventsFromOneAndChainsEachToThePrevious) {
  append_events(3);
  const auto events = all_events();
  ASSERT_EQ(events.size(), 3U);
  // Newest first.
  EXPECT_EQ(events[2].id, 1);
  EXPECT_EQ(events[1].id, 2);
  EXPECT_EQ(events[0].id, 3);
  EXPECT_EQ(events[2].prev_hash, "");
  EXPECT_EQ(events[1].prev_hash, events[2].hash);
  EXPECT_EQ(events[0].prev_hash, events[1].hash);
  for (const AuditEvent& event : events) {
    EXPECT_EQ(event.hash, chain_hash(event));
  }
}

TEST_P(AuditLogTest, AppendRecordsWhoDidWhatToWhichEntityAndWhen) {
  log().append(kAlice, "person.update", "person", "42", 42, R"({"fields":["phone"]})");
  clock().advance(90);
  log().append(Actor::system("cli"), "user.create", "user");
  const auto events = all_events();
  ASSERT_EQ(events.size(), 2U);
  const AuditEvent& first = events[1];
  EXPECT_EQ(first.occurred_at, clock().now() - 90);
  EXPECT_EQ(first.actor_user_id, 11);
  EXPECT_EQ(first.actor, "alice");
  EXPECT_EQ(first.action, "person.update");
  EXPECT_EQ(first.entity, "person");
  EXPECT_EQ(first.entity_id, "42");
  EXPECT_EQ(first.person_id, 42);
  EXPECT_EQ(first.details, R"({"fields":["phone"]})");
  const AuditEvent& second = events[0];
  EXPECT_EQ(second.occurred_at, clock().now());
  EXPECT_EQ(second.actor_user_id, 0);
  EXPECT_EQ(second.actor, "cli");
  EXPECT_EQ(second.entity_id, std::nullopt);
  EXPECT_EQ(second.person_id, std::nullopt);
  EXPECT_EQ(second.details, "{}");
}

TEST_P(AuditLogTest, AnEntryInTheCallersTransactionRollsBackWithIt) {
  append_events(1);
  EXPECT_THROW(db().write([&](soci::session& session) {
    log().append(session, kAlice, "person.erase", "person", "42", 42);
    throw std::runtime_error("the change failed");
  }),
               std::runtime_error);
  append_events(1);
  EXPECT_EQ(all_events().size(), 2U);
  const VerifyResult result = log().verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.count, 2);
}

TEST_P(AuditLogTest, VerifyFindsAnEmptyLogIntact) {
  const VerifyResult result = log().verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.count, 0);
}

TEST_P(AuditLogTest, VerifyCountsEveryEventOfAnIntactChain) {
  append_events(5);
  const VerifyResult result = log().verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.count, 5);
  EXPECT_EQ(result.first_broken_id, 0);
}

TEST_P(AuditLogTest, VerifyNamesTheFirstChangedEvent) {
  append_events(5);
  execute(R"(UPDATE audit_events SET details = '{"fields":[]}' WHERE id = 3)");
  execute(R"(UPDATE audit_events SET details = '{"fields":[]}' WHERE id = 4)");
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 3);
  EXPECT_THAT(result.problem, HasSubstr("changed"));
}

TEST_P(AuditLogTest, VerifyDetectsAChangedTimeOrActor) {
  append_events(3);
  execute("UPDATE audit_events SET occurred_at = occurred_at - 3600 WHERE id = 2");
  EXPECT_EQ(log().verify().first_broken_id, 2);
  execute("UPDATE audit_events SET occurred_at = occurred_at + 3600 WHERE id = 2");
  EXPECT_TRUE(log().verify().intact);
  execute("UPDATE audit_events SET actor = 'bob' WHERE id = 1");
  EXPECT_EQ(log().verify().first_broken_id, 1);
}

TEST_P(AuditLogTest, VerifyDetectsAChangedEventWhoseHashWasRecomputed) {
  append_events(4);
  auto events = all_events();
  AuditEvent third = events[1];
  ASSERT_EQ(third.id, 3);
  third.details = R"({"fields":[]})";
  third.hash = chain_hash(third);
  db().write([&](soci::session& session) {
    session << "UPDATE audit_events SET details = :details, hash = :hash WHERE id = 3",
        soci::use(third.details), soci::use(third.hash);
  });
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 4);
  EXPECT_THAT(result.problem, HasSubstr("link"));
}

TEST_P(AuditLogTest, VerifyDetectsADeletedMiddleEvent) {
  append_events(5);
  execute("DELETE FROM audit_events WHERE id = 3");
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 4);
  EXPECT_THAT(result.problem, HasSubstr("event 3 is missing"));
  EXPECT_EQ(result.count, 2);
}

TEST_P(AuditLogTest, VerifyDetectsADeletedFirstEvent) {
  append_events(3);
  execute("DELETE FROM audit_events WHERE id = 1");
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 2);
  EXPECT_THAT(result.problem, HasSubstr("event 1 is missing"));
}

TEST_P(AuditLogTest, VerifyDetectsADeletedLastEvent) {
  append_events(5);
  execute("DELETE FROM audit_events WHERE id = 5");
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 5);
  EXPECT_THAT(result.problem, HasSubstr("ends at event 4"));
}

TEST_P(AuditLogTest, VerifyDetectsThatEveryEventWasDeleted) {
  append_events(3);
  execute("DELETE FROM audit_events");
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 1);
}

TEST_P(AuditLogTest, VerifyDetectsAnEventInsertedAtTheEnd) {
  append_events(3);
  insert_raw(forged_after(all_events().front(), 4));
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 4);
}

TEST_P(AuditLogTest, VerifyDetectsAnEventInsertedAfterAGap) {
  append_events(3);
  insert_raw(forged_after(all_events().front(), 100));
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 100);
}

TEST_P(AuditLogTest, VerifyDetectsAnEventInsertedBeforeTheFirst) {
  append_events(3);
  AuditEvent genesis;
  genesis.occurred_at = clock().now();
  insert_raw(forged_after(genesis, 0));
  const VerifyResult result = log().verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_broken_id, 0);
  EXPECT_THAT(result.problem, HasSubstr("inserted"));
}

TEST_P(AuditLogTest, VerifyDetectsAChangedHead) {
  append_events(3);
  execute("UPDATE audit_head SET event_count = 2");
  EXPECT_FALSE(log().verify().intact);
}

TEST_P(AuditLogTest, VerifyWalksAChainLongerThanOnePage) {
  append_events(2001);
  const VerifyResult intact = log().verify();
  EXPECT_TRUE(intact.intact) << intact.problem;
  EXPECT_EQ(intact.count, 2001);
  execute("UPDATE audit_events SET actor = 'bob' WHERE id = 2001");
  EXPECT_EQ(log().verify().first_broken_id, 2001);
}

TEST_P(AuditLogTest, ConcurrentAppendsFromTwoPoolsKeepOneChain) {
  auto other_database = test_database().open_another();
  AuditLog other_log(*other_database, clock());
  constexpr int kPerThread = 25;
  std::thread first([&] {
    for (int i = 0; i < kPerThread; ++i) {
      log().append(kAlice, "person.read", "person");
    }
  });
  std::thread second([&] {
    for (int i = 0; i < kPerThread; ++i) {
      other_log.append(kBob, "person.read", "person");
    }
  });
  first.join();
  second.join();
  const VerifyResult result = log().verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.count, 2 * kPerThread);
}

TEST_P(AuditLogTest, AppendsWaitingForACommitShareTheNextOne) {
  // Another instance holds the audit lock, so the first append's commit waits; two more
  // appends arrive meanwhile and must go in one commit together, after it.
  auto other_database = test_database().open_another();
  std::promise<void> locked;
  std::promise<void> release;
  std::thread holder([&] {
    other_database->write([&](soci::session& session) {
      if (auto lock = other_database->dialect().lock_for_transaction(storage::kAuditLock);
          !lock.empty()) {
        session << lock;
      }
      locked.set_value();
      release.get_future().wait();
    });
  });
  locked.get_future().wait();
  const auto wait_until = [&](auto&& condition) {
    for (int i = 0; i < 2000 && !condition(log().group_commit_stats()); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return condition(log().group_commit_stats());
  };
  std::thread leader([&] { log().append(kAlice, "person.read", "person", "1", 1); });
  EXPECT_TRUE(wait_until([](const GroupCommitStats& stats) { return stats.committing; }));
  std::thread second([&] { log().append(kBob, "person.read", "person", "2", 2); });
  std::thread third([&] { log().append(kBob, "person.read", "person", "3", 3); });
  EXPECT_TRUE(wait_until([](const GroupCommitStats& stats) { return stats.waiting == 2; }));
  release.set_value();
  for (std::thread* thread : {&holder, &leader, &second, &third}) {
    thread->join();
  }
  const GroupCommitStats stats = log().group_commit_stats();
  EXPECT_EQ(stats.events, 3U);
  EXPECT_EQ(stats.commits, 2U);
  const VerifyResult result = log().verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.count, 3);
}

TEST_P(AuditLogTest, ManyConcurrentAppendsKeepOneChainInFewerCommits) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        log().append(kAlice, "person.read", "person", std::to_string(t), t);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  const GroupCommitStats stats = log().group_commit_stats();
  EXPECT_EQ(stats.events, static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_LE(stats.commits, stats.events);
  EXPECT_EQ(stats.waiting, 0U);
  const VerifyResult result = log().verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.count, kThreads * kPerThread);
}

TEST_P(AuditLogTest, AFailedGroupCommitReachesEveryWaiterAsAnError) {
  execute("DROP TABLE audit_head");
  EXPECT_ANY_THROW(log().append(kAlice, "person.read", "person", "1", 1));
  const GroupCommitStats stats = log().group_commit_stats();
  EXPECT_EQ(stats.commits, 1U);
  EXPECT_EQ(stats.waiting, 0U);
}

TEST_P(AuditLogTest, ListNeedsAPrivacyOfficerOrAnAdmin) {
  append_events(1);
  try {
    log().list(kAlice, {});
    FAIL() << "a user may not read the audit log";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kForbidden);
  }
  EXPECT_EQ(log().list(kBob, {}).items.size(), 1U);
  EXPECT_EQ(log().list(Actor{13, "carol", Role::kAdmin}, {}).items.size(), 1U);
}

class AuditLogListTest : public AuditLogTest {
 protected:
  void SetUp() override {
    AuditLogTest::SetUp();
    start_ = clock().now();
    log().append(kAlice, "person.read", "person", "1", 1);  // 1 at start
    clock().advance(60);
    log().append(kBob, "person.read", "person", "2", 2);  // 2 at start + 60
    clock().advance(60);
    log().append(kAlice, "person.update", "person", "1", 1);  // 3 at start + 120
    clock().advance(60);
    log().append(kBob, "user.login", "user", "12");  // 4 at start + 180
    clock().advance(60);
    log().append(kAlice, "person.read", "person", "2", 2);  // 5 at start + 240
  }

  std::vector<long long> ids_for(AuditQuery query) { return ids_of(log().list(kReader, query)); }

  UnixTime start_ = 0;
};

TEST_P(AuditLogListTest, ListsNewestFirst) {
  EXPECT_THAT(ids_for({}), ElementsAre(5, 4, 3, 2, 1));
}

TEST_P(AuditLogListTest, FiltersByPerson) {
  AuditQuery query;
  query.person_id = 1;
  EXPECT_THAT(ids_for(query), ElementsAre(3, 1));
}

TEST_P(AuditLogListTest, FiltersByActor) {
  AuditQuery query;
  query.actor = "bob";
  EXPECT_THAT(ids_for(query), ElementsAre(4, 2));
}

TEST_P(AuditLogListTest, FiltersByAction) {
  AuditQuery query;
  query.action = "person.read";
  EXPECT_THAT(ids_for(query), ElementsAre(5, 2, 1));
}

TEST_P(AuditLogListTest, FiltersByTimeFromInclusiveToExclusive) {
  AuditQuery query;
  query.from = start_ + 60;
  query.to = start_ + 180;
  EXPECT_THAT(ids_for(query), ElementsAre(3, 2));
  query.to.reset();
  EXPECT_THAT(ids_for(query), ElementsAre(5, 4, 3, 2));
  query.from.reset();
  query.to = start_ + 60;
  EXPECT_THAT(ids_for(query), ElementsAre(1));
}

TEST_P(AuditLogListTest, CombinesFilters) {
  AuditQuery query;
  query.actor = "alice";
  query.action = "person.read";
  query.person_id = 2;
  EXPECT_THAT(ids_for(query), ElementsAre(5));
  query.person_id = 3;
  EXPECT_TRUE(ids_for(query).empty());
}

TEST_P(AuditLogListTest, PaginatesWithTheIdCursor) {
  AuditQuery query;
  query.limit = 2;
  AuditPage page = log().list(kReader, query);
  EXPECT_THAT(ids_of(page), ElementsAre(5, 4));
  ASSERT_EQ(page.next_before_id, 4);

  query.before_id = page.next_before_id;
  page = log().list(kReader, query);
  EXPECT_THAT(ids_of(page), ElementsAre(3, 2));
  ASSERT_EQ(page.next_before_id, 2);

  query.before_id = page.next_before_id;
  page = log().list(kReader, query);
  EXPECT_THAT(ids_of(page), ElementsAre(1));
  EXPECT_EQ(page.next_before_id, std::nullopt);
}

TEST_P(AuditLogListTest, PaginatesWithinAFilter) {
  AuditQuery query;
  query.actor = "alice";
  query.limit = 2;
  AuditPage page = log().list(kReader, query);
  EXPECT_THAT(ids_of(page), ElementsAre(5, 3));
  query.before_id = page.next_before_id;
  page = log().list(kReader, query);
  EXPECT_THAT(ids_of(page), ElementsAre(1));
  EXPECT_EQ(page.next_before_id, std::nullopt);
}

TEST_P(AuditLogListTest, AFullLastPageHasNoNextPage) {
  AuditQuery query;
  query.limit = 5;
  const AuditPage page = log().list(kReader, query);
  EXPECT_EQ(page.items.size(), 5U);
  EXPECT_EQ(page.next_before_id, std::nullopt);
}

TEST_P(AuditLogListTest, ALimitBelowOneListsOneEvent) {
  AuditQuery query;
  query.limit = 0;
  EXPECT_THAT(ids_for(query), ElementsAre(5));
  query.limit = -3;
  EXPECT_THAT(ids_for(query), ElementsAre(5));
}

TEST_P(AuditLogTest, ALimitAboveFiveHundredListsFiveHundred) {
  append_events(501);
  AuditQuery query;
  query.limit = 100'000;
  const AuditPage page = log().list(kReader, query);
  EXPECT_EQ(page.items.size(), 500U);
  EXPECT_EQ(page.next_before_id, 2);
}

INSTANTIATE_TEST_SUITE_P(Databases, AuditLogTest, vern::testing::all_backends(),
                         vern::testing::backend_name);
INSTANTIATE_TEST_SUITE_P(Databases, AuditLogListTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::audit
