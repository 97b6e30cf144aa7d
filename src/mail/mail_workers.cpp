#include "mail/mail_workers.hpp"

#include <spdlog/spdlog.h>

namespace vern::mail {

MailWorkers::MailWorkers(storage::Database& database, const Clock& clock, Doorbell& doorbell,
                         DeliveryCounters& counters, MailingService& mailings,
                         OutboxService& outbox, Delivery::TransportFactory transports,
                         MailWorkerOptions options)
    : doorbell_(doorbell),
      mailings_(mailings),
      outbox_(outbox),
      options_(options),
      delivery_(database, clock, doorbell, counters, std::move(transports), options.delivery) {}

MailWorkers::~MailWorkers() {
  stop();
}

void MailWorkers::start() {
  stopping_ = false;
  delivery_.start();
  housekeeper_ = std::thread([this] { housekeeping(); });
}

void MailWorkers::stop() {
  stopping_ = true;
  doorbell_.ring();
  if (housekeeper_.joinable()) {
    housekeeper_.join();
  }
  delivery_.stop();
}

void MailWorkers::housekeeping() {
  std::uint64_t rings = 0;
  auto purged = std::chrono::steady_clock::now() - options_.purge_every;
  while (!stopping_) {
    bool busy = false;
    try {
      // A mailing's batches one after another, until it is all in the outbox.
      const auto queued = mailings_.expand_next(MailingService::kExpandBatch, &stopping_);
      busy = queued.has_value();
      mailings_.finish_done();
      if (std::chrono::steady_clock::now() - purged >= options_.purge_every) {
        purged = std::chrono::steady_clock::now();
        if (const long long count = outbox_.purge(options_.retention_days); count > 0) {
          spdlog::info("mail: purged the content of {} sent messages", count);
        }
      }
    } catch (const std::exception& error) {
      spdlog::error("mail: {}", error.what());
    }
    if (!busy) {
      doorbell_.wait(rings, options_.delivery.poll, stopping_);
    }
  }
}

}  // namespace vern::mail
