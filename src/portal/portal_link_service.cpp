#include "portal/portal_link_service.hpp"

#include <nlohmann/json.hpp>

#include "auth/session_store.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/person_records.hpp"
#include "mail/outbox.hpp"
#include "portal/portal_link_mail.hpp"
#include "portal/portal_link_store.hpp"
#include "privacy/data_package.hpp"
#include "privacy/portal_settings_store.hpp"

namespace vern::portal {
namespace {

constexpr std::string_view kLinkEntity = "portal_link";
constexpr std::string_view kFallbackOrganisation = "Vern";
constexpr std::size_t kTokenBytes = 32;  // 256 bits
constexpr std::int64_t kSecondsPerHour = 3600;
constexpr std::int64_t kTouchIntervalSeconds = 60;

/// Who acts on the subject's side: no staff user, and no rights beyond the portal's.
const Actor& portal_actor() {
  static const Actor kPortal{0, "portal", Role::kUser};
  return kPortal;
}

/// Bad tokens are counted in login_failures under their own key, apart from failed logins.
std::string throttle_key(const std::string& client_address) {
  return crypto::sha256_hex(std::string("portal:").append(client_address));
}

std::string entity_id(long long id) {
  return std::to_string(id);
}

std::string link_details(long long link_id) {
  return nlohmann::json{{"link_id", link_id}}.dump();
}

Error no_such_link(long long link_id) {
  return Error::not_found("No portal link with id " + std::to_string(link_id) + ".");
}

Error no_such_person(long long person_id) {
  return Error::not_found("No person with id " + std::to_string(person_id) + ".");
}

/// The e-mail that carries `link`'s token: composed here, so its bytes go into the outbox
/// row in the transaction that stores the link. An address that cannot be used for mail is a
/// kInvalid naming `email`.
mail::NewOutboxMessage link_message(const crm::Person& person, const PortalLink& link,
                                    const privacy::PortalSettings& settings, const std::string& url,
                                    const mail::Mailbox& from) {
  const std::string& organisation = settings.organisation.name;
  const PortalLinkMailText text = portal_link_mail_text(
      {link.language, person.first_name,
       organisation.empty() ? std::string(kFallbackOrganisation) : organisation, url,
       link.expires_at});
  mail::Message message;
  message.from = {from.address, organisation.empty() ? from.name : organisation};
  const std::string name = person.display_name();
  message.to = {person.email, name == person.email ? std::string() : name};
  if (!settings.organisation.contact_email.empty()) {
    message.reply_to = mail::Mailbox{settings.organisation.contact_email, organisation};
  }
  message.subject = text.subject;
  message.text = text.text;
  message.message_id = mail::new_message_id(mail::address_domain(from.address));
  message.date = link.created_at;
  mail::NewOutboxMessage queued;
  queued.person_id = person.id;
  queued.kind = std::string(mail::kPortalLinkKind);
  queued.sender = from.address;
  queued.recipient = person.email;
  queued.subject = message.subject;
  queued.message_id = message.message_id;
  try {
    queued.data = mail::compose(message);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kInvalid) {
      throw;
    }
    throw Error::invalid_field("email",
                               "Vern cannot send e-mail to this person's address. Correct it "
                               "first.");
  }
  return queued;
}

}  // namespace

PortalLinkService::PortalLinkService(storage::Database& database, audit::AuditLog& audit,
                                     const Clock& clock, mail::Doorbell& doorbell,
                                     PortalLinkOptions options)
    : database_(database),
      audit_(audit),
      clock_(clock),
      doorbell_(doorbell),
      options_(std::move(options)) {
  set_base_url(options_.base_url);
}

void PortalLinkService::set_base_url(std::string base_url) {
  while (base_url.ends_with('/')) {
    base_url.pop_back();
  }
  const std::lock_guard lock(base_url_mutex_);
  options_.base_url = std::move(base_url);
}

std::string PortalLinkService::base_url() const {
  const std::lock_guard lock(base_url_mutex_);
  return options_.base_url;
}

LinkPreview PortalLinkService::preview(const Actor& actor, long long person_id) {
  require_role(actor, Role::kUser);
  LinkPreview preview = database_.read([&](soci::session& session) {
    const crm::PersonRecords records(session, database_.dialect());
    const auto person = records.person(person_id, records.fields());
    if (!person) {
      throw no_such_person(person_id);
    }
    return LinkPreview{person_id, person->display_name(), std::string(text::trim(person->email)),
                       privacy::package_language("", person->language),
                       privacy::PortalSettingsStore().get(session).link_lifetime_hours};
  });
  audit_.append(actor, "portal_link.preview", "person", entity_id(person_id), person_id);
  return preview;
}

PortalLink PortalLinkService::send(const Actor& actor, long long person_id,
                                   std::optional<int> lifetime_hours) {
  require_role(actor, Role::kUser);
  if (lifetime_hours &&
      (*lifetime_hours < kMinLifetimeHours || *lifetime_hours > kMaxLifetimeHours)) {
    throw Error::invalid_field("lifetime_hours",
                               "Choose a lifetime from 1 to 720 hours (30 days).");
  }
  const std::string token = crypto::random_token(kTokenBytes);
  std::string url = base_url();
  url.append("/p/").append(token);
  const PortalLinkStore links(database_.dialect());
  PortalLink sent = database_.write([&](soci::session& session) {
    const crm::PersonRecords records(session, database_.dialect());
    // Locked: two sends for one person take turns.
    const auto person = records.person(person_id, records.fields(), crm::PersonRecords::Lock::kYes);
    if (!person) {
      throw no_such_person(person_id);
    }
    if (text::trim(person->email).empty()) {
      throw Error::invalid_field("email",
                                 "This person has no e-mail address, so no portal link can be "
                                 "sent. Add their address first.");
    }
    const privacy::PortalSettings settings = privacy::PortalSettingsStore().get(session);
    const int hours = lifetime_hours.value_or(settings.link_lifetime_hours);
    PortalLink link;
    link.person_id = person_id;
    link.sent_to = person->email;
    link.language = privacy::package_language("", person->language);
    link.created_by_user_id = actor.is_user() ? std::optional(actor.user_id) : std::nullopt;
    link.created_by = actor.name;
    link.created_at = clock_.now();
    link.expires_at = link.created_at + hours * kSecondsPerHour;
    const mail::NewOutboxMessage message =
        link_message(*person, link, settings, url, options_.from);

    const auto replaced =
        links.revoke_usable_of_person(session, person_id, link.created_at, actor.name);
    PortalSessionStore().remove_for_links(session, replaced);
    for (const long long old_id : replaced) {
      audit_.append(session, actor, "portal_link.revoke", std::string(kLinkEntity),
                    entity_id(old_id), person_id,
                    nlohmann::json{{"link_id", old_id}, {"reason", "replaced"}}.dump());
    }
    link.id = links.insert(session, {link, crypto::sha256_hex(token)});
    mail::OutboxStore(database_.dialect()).enqueue(session, {message}, link.created_at);
    audit_.append(session, actor, "portal_link.create", std::string(kLinkEntity),
                  entity_id(link.id), person_id,
                  nlohmann::json{{"link_id", link.id}, {"lifetime_hours", hours}}.dump());
    return link;
  });
  doorbell_.ring();
  return sent;
}

std::vector<PortalLink> PortalLinkService::list(const Actor& actor, long long person_id) {
  require_role(actor, Role::kUser);
  auto links = database_.read([&](soci::session& session) {
    if (!crm::PersonRecords(session, database_.dialect()).exists(person_id)) {
      throw no_such_person(person_id);
    }
    return PortalLinkStore(database_.dialect()).list_for_person(session, person_id);
  });
  const UnixTime now = clock_.now();
  for (PortalLink& link : links) {
    link.status = link.status_at(now);
  }
  audit_.append(actor, "portal_link.list", "person", entity_id(person_id), person_id);
  return links;
}

void PortalLinkService::revoke(const Actor& actor, long long link_id) {
  require_role(actor, Role::kUser);
  const PortalLinkStore links(database_.dialect());
  database_.write([&](soci::session& session) {
    const auto link = links.find(session, link_id, true);
    if (!link) {
      throw no_such_link(link_id);
    }
    if (!links.revoke(session, link_id, clock_.now(), actor.name)) {
      return;  // revoked already: nothing changes, nothing to record
    }
    PortalSessionStore().remove_for_links(session, {link_id});
    audit_.append(session, actor, "portal_link.revoke", std::string(kLinkEntity),
                  entity_id(link_id), link->person_id, link_details(link_id));
  });
}

OpenedLink PortalLinkService::open(const std::string& token, const std::string& client_address) {
  const UnixTime now = clock_.now();
  const std::string address_key = throttle_key(client_address);
  const std::string hash = crypto::sha256_hex(token);
  const auth::LoginFailureStore failures;
  const PortalLinkStore links(database_.dialect());
  bool throttled = false;
  const auto found = database_.read([&](soci::session& session) -> std::optional<PortalLink> {
    throttled =
        failures.count_since(session, address_key, now - options_.throttle_window_seconds) >=
        options_.max_failures_per_address;
    if (throttled || token.empty()) {
      return std::nullopt;
    }
    return links.find_by_token_hash(session, hash);
  });
  if (throttled) {
    throw Error(ErrorKind::kThrottled,
                "Too many links that do not work were opened from this address. Wait a few "
                "minutes and try again.");
  }
  OpenedLink opened;
  return database_.write([&](soci::session& session) {
    // Read again under the lock: the link may have been revoked meanwhile.
    const auto link = found ? links.find(session, found->id, true) : std::nullopt;
    if (!link || !link->usable(now)) {
      failures.record(session, address_key, now);
      failures.remove_older_than(session, now - options_.throttle_window_seconds);
      if (link) {
        opened.outcome = OpenedLink::Outcome::kGone;
        opened.language = link->language;
        audit_.append(session, portal_actor(), "portal.open_refused", std::string(kLinkEntity),
                      entity_id(link->id), link->person_id,
                      nlohmann::json{{"link_id", link->id},
                                     {"reason", link->revoked_at ? "revoked" : "expired"}}
                          .dump());
      }
      return opened;
    }
    opened.outcome = OpenedLink::Outcome::kOpened;
    opened.language = link->language;
    opened.session_token = crypto::random_token(kTokenBytes);
    opened.session.link_id = link->id;
    opened.session.person_id = link->person_id;
    opened.session.csrf_token = crypto::random_token(kTokenBytes);
    opened.session.expires_at = link->expires_at;
    const PortalSessionStore sessions;
    sessions.remove_expired(session, now);
    opened.session.id =
        sessions.insert(session, crypto::sha256_hex(opened.session_token), opened.session, now);
    links.record_use(session, link->id, now);
    audit_.append(session, portal_actor(), "portal.open", std::string(kLinkEntity),
                  entity_id(link->id), link->person_id, link_details(link->id));
    return opened;
  });
}

std::optional<PortalSession> PortalLinkService::session(const std::string& session_token) {
  if (session_token.empty()) {
    return std::nullopt;
  }
  const UnixTime now = clock_.now();
  const std::string hash = crypto::sha256_hex(session_token);
  const PortalSessionStore sessions;
  const auto record =
      database_.read([&](soci::session& session) { return sessions.find(session, hash); });
  if (!record || record->session.expires_at <= now || record->link_revoked ||
      record->link_expires_at <= now) {
    return std::nullopt;
  }
  // Recorded at most once a minute: most requests then cost no write.
  if (!record->link_last_used_at || *record->link_last_used_at + kTouchIntervalSeconds <= now) {
    database_.write([&](soci::session& session) {
      PortalLinkStore(database_.dialect()).record_use(session, record->session.link_id, now);
      sessions.touch(session, record->session.id, now);
    });
  }
  return record->session;
}

void PortalLinkService::end_session(const std::string& session_token) {
  if (session_token.empty()) {
    return;
  }
  const std::string hash = crypto::sha256_hex(session_token);
  database_.write([&](soci::session& session) {
    const PortalSessionStore sessions;
    const auto record = sessions.find(session, hash);
    if (!record) {
      return;
    }
    sessions.remove(session, record->session.id);
    audit_.append(session, portal_actor(), "portal.logout", std::string(kLinkEntity),
                  entity_id(record->session.link_id), record->session.person_id,
                  link_details(record->session.link_id));
  });
}

}  // namespace vern::portal
