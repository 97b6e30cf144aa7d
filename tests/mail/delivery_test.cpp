#include "mail/delivery.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mail/message.hpp"
#include "mail/outbox.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::mail {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(RetrySchedule, DoublesFromTheBaseUpToTheMaximumAndStopsAfterADay) {
  const DeliveryOptions options;
  EXPECT_EQ(retry_delay(options, 1), 30);
  EXPECT_EQ(retry_delay(options, 2), 60);
  EXPECT_EQ(retry_delay(options, 3), 120);
  EXPECT_EQ(retry_delay(options, 8), 3840);
  EXPECT_EQ(retry_delay(options, 9), 7200);
  EXPECT_EQ(retry_delay(options, 40), 7200);
  // 30 s + 60 s + … + 3840 s = 7650 s after 8 retries; then 2 h each until a day has passed.
  UnixTime waited = 0;
  int attempts = 1;
  while (!retries_exhausted(options, attempts + 1)) {
    waited += retry_delay(options, attempts);
    ++attempts;
  }
  EXPECT_LT(waited, options.give_up_seconds);
  EXPECT_GE(waited + retry_delay(options, attempts), options.give_up_seconds);
  EXPECT_EQ(attempts, 19);
}

/// A transport that answers from a script, one outcome per message, and remembers what it got.
class ScriptedTransport final : public Transport {
 public:
  explicit ScriptedTransport(std::deque<SendResult> script) : script_(std::move(script)) {}
  SendResult send(const Envelope& envelope, const std::string& data) override {
    received.push_back(envelope.recipients.at(0) + "|" + data);
    if (after_send) {
      after_send();
    }
    if (script_.empty()) {
      return {SendResult::Outcome::kSent, "250 OK"};
    }
    SendResult result = script_.front();
    script_.pop_front();
    return result;
  }
  std::vector<std::string> received;
  std::function<void()> after_send;

 private:
  std::deque<SendResult> script_;
};

class DeliveryTest : public vern::testing::DatabaseTest {
 protected:
  std::vector<long long> enqueue(int count) {
    std::vector<NewOutboxMessage> messages;
    for (int i = 0; i < count; ++i) {
      NewOutboxMessage message;
      message.kind = "test";
      message.sender = "post@vern.example";
      message.recipient = "r" + std::to_string(i) + "@example.no";
      message.subject = "s";
      message.message_id = "m" + std::to_string(i);
      message.data = "data " + std::to_string(i);
      messages.push_back(message);
    }
    const OutboxStore store(db().dialect());
    db().write([&](soci::session& session) { store.enqueue(session, messages, clock().now()); });
    std::vector<long long> ids;
    for (const auto& message : db().read([&](soci::session& session) {
           return store.list(session, OutboxQuery{std::nullopt, std::nullopt, std::nullopt, 500});
         })) {
      ids.insert(ids.begin(), message.id);
    }
    return ids;
  }

  OutboxMessage find(long long id) {
    const OutboxStore store(db().dialect());
    return *db().read([&](soci::session& session) { return store.find(session, id); });
  }

  std::unique_ptr<Delivery> delivery(DeliveryOptions options = {}) {
    return std::make_unique<Delivery>(db(), clock(), doorbell_, counters_, nullptr, options);
  }

  Doorbell doorbell_;
  DeliveryCounters counters_;
  std::atomic<bool> running_{false};
};

TEST_P(DeliveryTest, SendsEachClaimedMessageAndRecordsWhatHappened) {
  const auto ids = enqueue(3);
  ScriptedTransport transport({{SendResult::Outcome::kSent, "250 OK"},
                               {SendResult::Outcome::kTemporary, "451 4.3.0 Mailbox busy"},
                               {SendResult::Outcome::kPermanent, "550 5.1.1 No such user"}});
  const auto sender = delivery();
  EXPECT_EQ(sender->deliver_batch("w", transport, running_), 3U);
  ASSERT_EQ(transport.received.size(), 3U);
  EXPECT_EQ(transport.received[0], "r0@example.no|data 0");
  EXPECT_EQ(find(ids[0]).status, OutboxStatus::kSent);
  const auto retried = find(ids[1]);
  EXPECT_EQ(retried.status, OutboxStatus::kQueued);
  EXPECT_EQ(retried.due_at, clock().now() + 30);
  EXPECT_EQ(retried.last_error, "451 4.3.0 Mailbox busy");
  const auto failed = find(ids[2]);
  EXPECT_EQ(failed.status, OutboxStatus::kFailed);
  EXPECT_EQ(failed.last_error, "550 5.1.1 No such user");
  EXPECT_EQ(counters_.sent.load(), 1);
  EXPECT_EQ(counters_.retried.load(), 1);
  EXPECT_EQ(counters_.failed.load(), 1);
  // Nothing is due until the retry's time.
  EXPECT_EQ(sender->deliver_batch("w", transport, running_), 0U);
  clock().advance(30);
  EXPECT_EQ(sender->deliver_batch("w", transport, running_), 1U);
  EXPECT_EQ(find(ids[1]).status, OutboxStatus::kSent);
}

TEST_P(DeliveryTest, TemporaryFailuresAreRetriedWithBackoffUntilADayHasPassed) {
  const auto ids = enqueue(1);
  std::deque<SendResult> refusals(40, {SendResult::Outcome::kTemporary, "421 4.7.0 Try later"});
  ScriptedTransport transport(refusals);
  const auto sender = delivery();
  int attempts = 0;
  while (find(ids[0]).status == OutboxStatus::kQueued && attempts < 40) {
    clock().set(find(ids[0]).due_at);
    ASSERT_EQ(sender->deliver_batch("w", transport, running_), 1U);
    ++attempts;
  }
  const auto failed = find(ids[0]);
  EXPECT_EQ(failed.status, OutboxStatus::kFailed);
  EXPECT_EQ(attempts, 19);
  EXPECT_NE(failed.last_error.find("421 4.7.0 Try later"), std::string::npos);
  EXPECT_NE(failed.last_error.find("Gave up after 19 attempts"), std::string::npos);
}

TEST_P(DeliveryTest, StoppingMidBatchRecordsWhatWasSentAndGivesTheRestBack) {
  const auto ids = enqueue(5);
  ScriptedTransport transport({});
  transport.after_send = [&] {
    if (transport.received.size() == 2) {
      running_ = true;  // the stop flag: set while the second message is being sent
    }
  };
  const auto sender = delivery();
  EXPECT_EQ(sender->deliver_batch("w", transport, running_), 5U);
  EXPECT_EQ(transport.received.size(), 2U);
  EXPECT_EQ(find(ids[0]).status, OutboxStatus::kSent);
  EXPECT_EQ(find(ids[1]).status, OutboxStatus::kSent);
  for (int i = 2; i < 5; ++i) {
    const auto back = find(ids[static_cast<std::size_t>(i)]);
    EXPECT_EQ(back.status, OutboxStatus::kQueued) << i;
    EXPECT_EQ(back.attempts, 0) << i;
  }
}

TEST_P(DeliveryTest, WorkerThreadsDeliverEverythingAndStopCleanly) {
  enqueue(120);
  std::mutex mutex;
  std::vector<std::string> delivered;
  class Collecting final : public Transport {
   public:
    Collecting(std::mutex& mutex, std::vector<std::string>& into) : mutex_(mutex), into_(into) {}
    SendResult send(const Envelope& envelope, const std::string&) override {
      const std::lock_guard lock(mutex_);
      into_.push_back(envelope.recipients.at(0));
      return {SendResult::Outcome::kSent, "250"};
    }

   private:
    std::mutex& mutex_;
    std::vector<std::string>& into_;
  };
  DeliveryOptions options;
  options.workers = 3;
  options.batch = 7;
  options.poll = 20ms;
  Delivery sender(
      db(), clock(), doorbell_, counters_,
      [&] { return std::make_unique<Collecting>(mutex, delivered); }, options);
  sender.start();
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (counters_.sent.load() < 120 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  sender.stop();
  EXPECT_EQ(counters_.sent.load(), 120);
  std::sort(delivered.begin(), delivered.end());
  EXPECT_EQ(std::unique(delivered.begin(), delivered.end()), delivered.end()) << "a duplicate";
  EXPECT_EQ(delivered.size(), 120U);
  const OutboxStore store(db().dialect());
  EXPECT_EQ(db().read([&](soci::session& session) { return store.depth(session); }), 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, DeliveryTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

// ---- Against real SMTP servers -----------------------------------------------------------------

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// scripts/smtp_sink.py in a child process on a free port, refusing its first messages as told.
class SinkProcess {
 public:
  SinkProcess(int fail_first, const std::string& fail_reply) {
    std::string pattern = (fs::temp_directory_path() / "vern-sink-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp");
    }
    folder_ = pattern;
    const std::string script = std::string(VERN_SOURCE_DIR) + "/scripts/smtp_sink.py";
    const std::string port_file = (folder_ / "port").string();
    const std::string mail = (folder_ / "mail").string();
    const std::string fails = std::to_string(fail_first);
    pid_ = fork();
    if (pid_ == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      execl("/usr/bin/python3", "python3", script.c_str(), "--dir", mail.c_str(), "--port", "0",
            "--port-file", port_file.c_str(), "--fail-first", fails.c_str(), "--fail-reply",
            fail_reply.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200 && !fs::exists(port_file); ++i) {
      std::this_thread::sleep_for(50ms);
    }
    std::string port = read_file(port_file);
    while (!port.empty() && port.back() == '\n') {
      port.pop_back();
    }
    url_ = port.empty() ? std::string() : "smtp://127.0.0.1:" + port;
  }
  ~SinkProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }
  SinkProcess(const SinkProcess&) = delete;
  SinkProcess& operator=(const SinkProcess&) = delete;

  const std::string& url() const { return url_; }
  /// The stored messages' contents.
  std::vector<std::string> messages() const {
    std::vector<std::string> found;
    if (fs::exists(folder_ / "mail")) {
      for (const auto& entry : fs::directory_iterator(folder_ / "mail")) {
        if (entry.path().extension() == ".eml") {
          found.push_back(read_file(entry.path()));
        }
      }
    }
    return found;
  }

 private:
  fs::path folder_;
  pid_t pid_ = -1;
  std::string url_;
};

class SmtpDeliveryTest : public DeliveryTest {
 protected:
  long long enqueue_composed(const std::string& subject) {
    Message message;
    message.from = {"post@vern.example", "Vern"};
    message.to = {"kari@example.no", "Kari Nordmann"};
    message.subject = subject;
    message.text = "Hei Kari,\nvelkommen.\n";
    message.message_id = new_message_id("vern.example");
    message.date = clock().now();
    NewOutboxMessage queued;
    queued.kind = "test";
    queued.sender = message.from.address;
    queued.recipient = message.to.address;
    queued.subject = subject;
    queued.message_id = message.message_id;
    queued.data = compose(message);
    composed_ = queued.data;
    const OutboxStore store(db().dialect());
    db().write([&](soci::session& session) { store.enqueue(session, {queued}, clock().now()); });
    return db().read([&](soci::session& session) {
      return store.list(session, OutboxQuery{std::nullopt, std::nullopt, std::nullopt, 1})
          .front()
          .id;
    });
  }
  std::string composed_;
};

TEST_P(SmtpDeliveryTest, ATemporaryRefusalIsRetriedAndThenDelivered) {
  SinkProcess sink(1, "451 4.3.0 Try again later");
  ASSERT_FALSE(sink.url().empty()) << "the SMTP test server did not start";
  const long long id = enqueue_composed("Første forsøk – andre gang");
  SmtpTransport transport({sink.url(), "", "", false, 10});
  const auto sender = delivery();
  ASSERT_EQ(sender->deliver_batch("w", transport, running_), 1U);
  const auto refused = find(id);
  EXPECT_EQ(refused.status, OutboxStatus::kQueued);
  EXPECT_EQ(refused.last_error, "451 4.3.0 Try again later");
  EXPECT_TRUE(sink.messages().empty());
  clock().advance(30);
  ASSERT_EQ(sender->deliver_batch("w", transport, running_), 1U);
  EXPECT_EQ(find(id).status, OutboxStatus::kSent);
  std::vector<std::string> stored;
  for (int i = 0; i < 100 && stored.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    stored = sink.messages();
  }
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0], composed_);
}

TEST_P(SmtpDeliveryTest, APermanentRefusalFailsAtOnceWithTheServersAnswerKept) {
  SinkProcess sink(1, "554 5.7.1 Message refused by policy");
  ASSERT_FALSE(sink.url().empty()) << "the SMTP test server did not start";
  const long long id = enqueue_composed("Refused");
  SmtpTransport transport({sink.url(), "", "", false, 10});
  const auto sender = delivery();
  ASSERT_EQ(sender->deliver_batch("w", transport, running_), 1U);
  const auto failed = find(id);
  EXPECT_EQ(failed.status, OutboxStatus::kFailed);
  EXPECT_EQ(failed.last_error, "554 5.7.1 Message refused by policy");
  EXPECT_EQ(failed.attempts, 1);
}

TEST_P(SmtpDeliveryTest, NoServerListeningIsATemporaryFailure) {
  const long long id = enqueue_composed("Nobody home");
  SmtpTransport transport({"smtp://127.0.0.1:1", "", "", false, 5});
  const auto sender = delivery();
  ASSERT_EQ(sender->deliver_batch("w", transport, running_), 1U);
  const auto waiting = find(id);
  EXPECT_EQ(waiting.status, OutboxStatus::kQueued);
  EXPECT_FALSE(waiting.last_error.empty());
}

INSTANTIATE_TEST_SUITE_P(Databases, SmtpDeliveryTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::mail
