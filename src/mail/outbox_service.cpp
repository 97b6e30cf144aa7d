#include "mail/outbox_service.hpp"

#include "common/error.hpp"
#include "common/page.hpp"
#include "mail/mailing_store.hpp"

namespace vern::mail {
namespace {

constexpr UnixTime kSecondsPerDay = 86'400;

}  // namespace

std::vector<OutboxMessage> OutboxService::list(const Actor& actor, const OutboxQuery& query) {
  require_role(actor, Role::kUser);
  OutboxQuery bounded = query;
  bounded.limit = bounded_limit(bounded.limit);
  const OutboxStore store(database_.dialect());
  auto messages =
      database_.read([&](soci::session& session) { return store.list(session, bounded); });
  nlohmann::json details{{"count", messages.size()}};
  if (query.status) {
    details["status"] = to_string(*query.status);
  }
  audit_.append(actor, "outbox.list", "outbox", std::nullopt, std::nullopt, details.dump());
  return messages;
}

OutboxCounts OutboxService::counts(const Actor& actor) {
  require_role(actor, Role::kUser);
  const OutboxStore store(database_.dialect());
  return database_.read([&](soci::session& session) { return store.counts(session); });
}

OutboxMessage OutboxService::retry(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  const OutboxStore store(database_.dialect());
  const MailingStore mailings(database_.dialect());
  auto message = database_.write([&](soci::session& session) {
    const auto found = store.find(session, id);
    if (!found) {
      throw Error::not_found("message");
    }
    if (!store.retry(session, id, clock_.now())) {
      throw Error(ErrorKind::kConflict,
                  "Only a failed message whose content is still kept can be sent again.");
    }
    if (found->mailing_id) {
      mailings.reopen(session, *found->mailing_id);
    }
    audit_.append(session, actor, "outbox.retry", "outbox", std::to_string(id), found->person_id);
    return *store.find(session, id);
  });
  doorbell_.ring();
  message.data.reset();
  return message;
}

long long OutboxService::depth() {
  const OutboxStore store(database_.dialect());
  return database_.read([&](soci::session& session) { return store.depth(session); });
}

long long OutboxService::purge(int days) {
  const OutboxStore store(database_.dialect());
  const UnixTime before = clock_.now() - static_cast<UnixTime>(days) * kSecondsPerDay;
  return database_.write([&](soci::session& session) { return store.purge_sent(session, before); });
}

}  // namespace vern::mail
