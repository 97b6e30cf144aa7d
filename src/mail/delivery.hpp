#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "mail/outbox.hpp"
#include "mail/transport.hpp"
#include "storage/database.hpp"

namespace vern::mail {

/// Wakes the mail workers when there is new work (a message queued, a mailing started), so they
/// need not poll often. Missed rings are harmless: the workers also look every so often.
class Doorbell {
 public:
  void ring();
  /// Waits until rung after the ring numbered `seen` (which it then updates), or `timeout`, or
  /// `stop` is true. Every waiter hears every ring.
  void wait(std::uint64_t& seen, std::chrono::milliseconds timeout, const std::atomic<bool>& stop);

 private:
  std::mutex mutex_;
  std::condition_variable rung_;
  std::uint64_t rings_ = 0;
};

/// How delivery behaves; the defaults suit production, tests shorten them.
struct DeliveryOptions {
  int workers = 2;               // threads, each with its own transport (and SMTP connection)
  int batch = 50;                // messages claimed at once
  UnixTime lease_seconds = 300;  // a claim not finished by then is taken over
  std::chrono::milliseconds poll{1000};   // how often an idle worker looks anyway
  std::chrono::milliseconds flush{500};   // results are recorded at least this often
  UnixTime retry_base_seconds = 30;       // the first retry waits this long, then twice as long…
  UnixTime retry_max_seconds = 2 * 3600;  // …but never longer than this
  UnixTime give_up_seconds = 24 * 3600;   // retries stop once they have spread over this long
};

/// Counts since the server started, for /metrics.
struct DeliveryCounters {
  std::atomic<long long> sent{0};
  std::atomic<long long> retried{0};  // temporary failures
  std::atomic<long long> failed{0};   // permanent failures and retries given up
};

/// The wait before retry number `attempts` (1 for the first retry), and whether retries have
/// now spread over the whole window and should stop.
UnixTime retry_delay(const DeliveryOptions& options, int attempts);
bool retries_exhausted(const DeliveryOptions& options, int attempts);

/// Sends what the outbox holds. Worker threads claim batches, send each message through their
/// own transport, and record each result; a temporary failure is retried later with
/// exponential backoff, a permanent one fails at once with the server's answer kept.
class Delivery {
 public:
  using TransportFactory = std::function<std::unique_ptr<Transport>()>;

  Delivery(storage::Database& database, const Clock& clock, Doorbell& doorbell,
           DeliveryCounters& counters, TransportFactory transports, DeliveryOptions options);
  ~Delivery();
  Delivery(const Delivery&) = delete;
  Delivery& operator=(const Delivery&) = delete;

  /// One round for one worker: claims a batch and delivers it. Returns how many messages it
  /// claimed (0: nothing was due). Stops early, giving the rest back, once `stop` is set.
  std::size_t deliver_batch(const std::string& worker, Transport& transport,
                            const std::atomic<bool>& stop);

  /// Starts the worker threads.
  void start();
  /// Stops them: each finishes the message it is sending, records what it sent and gives its
  /// other claims back to the queue.
  void stop();

 private:
  void run(int index);
  DeliveryResult attempt(const OutboxMessage& message, Transport& transport);
  void record(const std::string& worker, const std::vector<DeliveryResult>& results);

  storage::Database& database_;
  const Clock& clock_;
  Doorbell& doorbell_;
  DeliveryCounters& counters_;
  TransportFactory transports_;
  DeliveryOptions options_;
  std::string instance_;  // distinguishes this process's workers from other servers'
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace vern::mail
