#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "mail/delivery.hpp"
#include "mail/mailing_service.hpp"
#include "mail/outbox_service.hpp"

namespace vern::mail {

struct MailWorkerOptions {
  DeliveryOptions delivery;
  int retention_days = 30;  // sent messages' content is purged after this many days
  std::chrono::milliseconds purge_every{std::chrono::hours(1)};
};

/// The mail work inside `vern serve`: the delivery workers, and one more thread that expands
/// mailings into the outbox batch by batch, marks finished mailings done, and purges old
/// content. All their state is in the database, so several servers can run them side by side
/// and a restarted server carries on.
class MailWorkers {
 public:
  MailWorkers(storage::Database& database, const Clock& clock, Doorbell& doorbell,
              DeliveryCounters& counters, MailingService& mailings, OutboxService& outbox,
              Delivery::TransportFactory transports, MailWorkerOptions options);
  ~MailWorkers();
  MailWorkers(const MailWorkers&) = delete;
  MailWorkers& operator=(const MailWorkers&) = delete;

  void start();
  /// Finishes what is being sent and gives the rest of the claims back (SIGTERM).
  void stop();

 private:
  void housekeeping();

  Doorbell& doorbell_;
  MailingService& mailings_;
  OutboxService& outbox_;
  MailWorkerOptions options_;
  Delivery delivery_;
  std::atomic<bool> stopping_{false};
  std::thread housekeeper_;
};

}  // namespace vern::mail
