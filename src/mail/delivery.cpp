#include "mail/delivery.hpp"

#include <spdlog/spdlog.h>

#include "common/crypto.hpp"

namespace vern::mail {
namespace {

constexpr std::size_t kInstanceBytes = 6;
constexpr auto kErrorPause = std::chrono::seconds(2);

}  // namespace

void Doorbell::ring() {
  {
    const std::lock_guard lock(mutex_);
    ++rings_;
  }
  rung_.notify_all();
}

void Doorbell::wait(std::uint64_t& seen, std::chrono::milliseconds timeout,
                    const std::atomic<bool>& stop) {
  std::unique_lock lock(mutex_);
  rung_.wait_for(lock, timeout, [&] { return rings_ != seen || stop.load(); });
  seen = rings_;
}

UnixTime retry_delay(const DeliveryOptions& options, int attempts) {
  UnixTime delay = options.retry_base_seconds;
  for (int i = 1; i < attempts && delay < options.retry_max_seconds; ++i) {
    delay *= 2;
  }
  return std::min(delay, options.retry_max_seconds);
}

bool retries_exhausted(const DeliveryOptions& options, int attempts) {
  UnixTime waited = 0;
  for (int i = 1; i < attempts; ++i) {
    waited += retry_delay(options, i);
    if (waited >= options.give_up_seconds) {
      return true;
    }
  }
  return false;
}

Delivery::Delivery(storage::Database& database, const Clock& clock, Doorbell& doorbell,
                   DeliveryCounters& counters, TransportFactory transports, DeliveryOptions options)
    : database_(database),
      clock_(clock),
      doorbell_(doorbell),
      counters_(counters),
      transports_(std::move(transports)),
      options_(options),
      instance_(crypto::random_token(kInstanceBytes)) {}

Delivery::~Delivery() {
  stop();
}

DeliveryResult Delivery::attempt(const OutboxMessage& message, Transport& transport) {
  DeliveryResult result;
  result.id = message.id;
  if (!message.data) {
    result.outcome = DeliveryResult::Outcome::kFailed;
    result.error = "The message's content was purged before it could be sent.";
    return result;
  }
  const SendResult sent =
      transport.send(Envelope{message.sender, {message.recipient}}, *message.data);
  switch (sent.outcome) {
    case SendResult::Outcome::kSent:
      result.outcome = DeliveryResult::Outcome::kSent;
      break;
    case SendResult::Outcome::kPermanent:
      result.outcome = DeliveryResult::Outcome::kFailed;
      result.error = sent.reply;
      break;
    case SendResult::Outcome::kTemporary:
      if (retries_exhausted(options_, message.attempts + 1)) {
        result.outcome = DeliveryResult::Outcome::kFailed;
        result.error = "Gave up after " + std::to_string(message.attempts) +
                       " attempts over a day. Last answer: " + sent.reply;
      } else {
        result.outcome = DeliveryResult::Outcome::kRetry;
        result.retry_at = clock_.now() + retry_delay(options_, message.attempts);
        result.error = sent.reply;
      }
      break;
  }
  return result;
}

void Delivery::record(const std::string& worker, const std::vector<DeliveryResult>& results) {
  if (results.empty()) {
    return;
  }
  const OutboxStore store(database_.dialect());
  const UnixTime now = clock_.now();
  database_.write([&](soci::session& session) {
    store.complete(session, worker, results, now);
    store.renew(session, worker, now + options_.lease_seconds);
  });
  for (const DeliveryResult& result : results) {
    switch (result.outcome) {
      case DeliveryResult::Outcome::kSent:
        counters_.sent.fetch_add(1);
        break;
      case DeliveryResult::Outcome::kRetry:
        counters_.retried.fetch_add(1);
        spdlog::warn("mail: outbox message {} will be retried (temporary failure)", result.id);
        break;
      case DeliveryResult::Outcome::kFailed:
        counters_.failed.fetch_add(1);
        spdlog::warn("mail: outbox message {} failed (permanent failure)", result.id);
        break;
    }
  }
}

std::size_t Delivery::deliver_batch(const std::string& worker, Transport& transport,
                                    const std::atomic<bool>& stop) {
  const OutboxStore store(database_.dialect());
  const UnixTime now = clock_.now();
  const auto claimed = database_.write([&](soci::session& session) {
    return store.claim(session, worker, now, now + options_.lease_seconds, options_.batch);
  });
  std::vector<DeliveryResult> results;
  auto flushed = std::chrono::steady_clock::now();
  for (const OutboxMessage& message : claimed) {
    if (stop.load()) {
      break;
    }
    results.push_back(attempt(message, transport));
    if (std::chrono::steady_clock::now() - flushed >= options_.flush) {
      record(worker, results);
      results.clear();
      flushed = std::chrono::steady_clock::now();
    }
  }
  record(worker, results);
  if (stop.load()) {
    database_.write([&](soci::session& session) { store.release(session, worker, clock_.now()); });
  }
  return claimed.size();
}

void Delivery::start() {
  stopping_ = false;
  for (int index = 0; index < options_.workers; ++index) {
    threads_.emplace_back([this, index] { run(index); });
  }
}

void Delivery::stop() {
  stopping_ = true;
  doorbell_.ring();
  for (auto& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

void Delivery::run(int index) {
  const std::string worker = instance_ + "-" + std::to_string(index);
  std::unique_ptr<Transport> transport;
  std::uint64_t rings = 0;
  while (!stopping_) {
    try {
      if (!transport) {
        transport = transports_();
      }
      if (deliver_batch(worker, *transport, stopping_) == 0) {
        doorbell_.wait(rings, options_.poll, stopping_);
      }
    } catch (const std::exception& error) {
      // The database may be away for a moment; the claims come back when their lease ends.
      spdlog::error("mail: delivery worker {}: {}", index, error.what());
      transport.reset();
      doorbell_.wait(rings, std::chrono::duration_cast<std::chrono::milliseconds>(kErrorPause),
                     stopping_);
    }
  }
}

}  // namespace vern::mail
