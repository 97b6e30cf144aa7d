#include "mail/mailing_service.hpp"

#include <atomic>
#include <exception>
#include <future>
#include <iterator>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"
#include "consent/consent_store.hpp"
#include "crm/field_store.hpp"
#include "crm/history_store.hpp"
#include "crm/person_store.hpp"
#include "mail/mail_template.hpp"
#include "mail/mailing_audience.hpp"
#include "mail/mailing_store.hpp"
#include "mail/outbox.hpp"
#include "query/filter.hpp"
#include "query/filter_checks.hpp"

namespace vern::mail {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxSubject = 500;
constexpr std::size_t kMaxBody = 100'000;

Mailing must_find(soci::session& session, const MailingStore& store, long long id,
                  bool lock = false) {
  auto mailing = store.find(session, id, lock);
  if (!mailing) {
    throw Error::not_found("mailing");
  }
  return std::move(*mailing);
}

void require_draft(const Mailing& mailing) {
  if (mailing.status != MailingStatus::kDraft) {
    throw Error(ErrorKind::kConflict, "This mailing is being sent or was sent: it cannot change.");
  }
}

Role minimum_role(consent::BulkPurpose purpose) {
  return purpose == consent::BulkPurpose::kBreach ? Role::kPrivacyOfficer : Role::kUser;
}

}  // namespace

bool MailingService::may_use(const Actor& actor, consent::BulkPurpose purpose) {
  return has_role(actor, minimum_role(purpose));
}

void MailingService::check_may_use(const Actor& actor, consent::BulkPurpose purpose) const {
  require_role(actor, minimum_role(purpose));
}

void MailingService::validate(const Actor& actor, MailingDraft& draft) {
  check_may_use(actor, draft.purpose);
  FieldErrors errors;
  draft.name = std::string(text::trim(draft.name));
  if (draft.name.empty() || text::utf8_length(draft.name) > kMaxName) {
    errors.add("name", "Give the mailing a name of at most 200 characters.");
  } else if (!validation::is_single_line(draft.name)) {
    errors.add("name", "A name is one line of text.");
  }
  if (draft.consent_type && text::trim(*draft.consent_type).empty()) {
    draft.consent_type.reset();
  }
  if (draft.filter && draft.saved_filter_id) {
    errors.add("filter", "Give a filter or a saved filter, not both.");
  } else if (draft.saved_filter_id) {
    try {
      draft.filter = saved_filters_.get(actor, *draft.saved_filter_id).filter;
    } catch (const Error& error) {
      if (error.kind() != ErrorKind::kNotFound) {
        throw;
      }
      errors.add("saved_filter_id", "There is no saved filter with this id that you may use.");
    }
  }
  if (draft.subject.empty() || text::utf8_length(draft.subject) > kMaxSubject) {
    errors.add("subject", "Write a subject of at most 500 characters.");
  } else if (!validation::is_single_line(draft.subject)) {
    errors.add("subject", "A subject is one line of text.");
  }
  if (text::trim(draft.body).empty() || text::utf8_length(draft.body) > kMaxBody) {
    errors.add("body", "Write a body of at most 100,000 characters.");
  } else if (!validation::is_clean_text(draft.body)) {
    errors.add("body", "The body must be text (UTF-8, no control characters).");
  }
  database_.read([&](soci::session& session) {
    const auto fields = crm::FieldStore().list(session);
    if (draft.purpose == consent::BulkPurpose::kMarketing) {
      const auto type = draft.consent_type
                            ? consent::ConsentStore().find_type(session, *draft.consent_type)
                            : std::nullopt;
      if (!draft.consent_type) {
        errors.add("consent_type", "A marketing mailing needs the consent type it relies on.");
      } else if (!type) {
        errors.add("consent_type", "There is no consent type with this key.");
      } else if (!type->active) {
        errors.add("consent_type", "This consent type is no longer in use.");
      }
    } else if (draft.consent_type) {
      errors.add("consent_type", "Only marketing mailings rely on a consent type.");
    }
    if (draft.filter) {
      try {
        query::parse_known_filter(session, *draft.filter, fields);
      } catch (const Error& error) {
        for (const auto& field_error : error.field_errors()) {
          errors.add(field_error.field, field_error.message);
        }
      }
    }
    const auto names = template_names(fields);
    for (const auto& [field, text] :
         {std::pair<std::string, const std::string*>{"subject", &draft.subject},
          std::pair<std::string, const std::string*>{"body", &draft.body}}) {
      try {
        MailTemplate(field, *text, names);
      } catch (const Error& error) {
        for (const auto& field_error : error.field_errors()) {
          errors.add(field_error.field, field_error.message);
        }
      }
    }
  });
  errors.throw_if_any();
}

void MailingService::add_counts(soci::session& session, Mailing& mailing) const {
  if (mailing.status == MailingStatus::kDraft) {
    const Compiled compiled = compile(mailing.draft, crm::FieldStore().list(session));
    mailing.audience = MailingStore(database_.dialect()).count(session, compiled.audience());
    return;
  }
  const auto counts = OutboxStore(database_.dialect()).counts(session, mailing.id);
  mailing.waiting = counts.at(OutboxStatus::kQueued) + counts.at(OutboxStatus::kSending);
  mailing.sent = counts.at(OutboxStatus::kSent);
  mailing.failed = counts.at(OutboxStatus::kFailed);
}

Mailing MailingService::create(const Actor& actor, const MailingDraft& input) {
  Mailing mailing;
  mailing.draft = input;
  validate(actor, mailing.draft);
  mailing.created_by_user_id = actor.user_id;
  mailing.created_by = actor.name;
  mailing.created_at = mailing.updated_at = clock_.now();
  const MailingStore store(database_.dialect());
  return database_.write([&](soci::session& session) {
    mailing.id = store.insert(session, mailing);
    audit_.append(session, actor, "mailing.create", std::string(kMailingEntity),
                  entity_id(mailing.id), std::nullopt,
                  nlohmann::json{{"purpose", to_string(mailing.draft.purpose)}}.dump());
    add_counts(session, mailing);
    return mailing;
  });
}

Mailing MailingService::change(const Actor& actor, long long id, const MailingChanges& changes) {
  const MailingStore store(database_.dialect());
  Mailing mailing =
      database_.read([&](soci::session& session) { return must_find(session, store, id); });
  require_draft(mailing);
  check_may_use(actor, mailing.draft.purpose);
  MailingDraft& draft = mailing.draft;
  if (changes.name)
    draft.name = *changes.name;
  if (changes.purpose)
    draft.purpose = *changes.purpose;
  if (changes.consent_type)
    draft.consent_type = *changes.consent_type;
  if (changes.audience) {
    draft.filter = changes.audience->first;
    draft.saved_filter_id = changes.audience->second;
  } else if (draft.saved_filter_id) {
    draft.filter.reset();  // copied again from the saved filter, as it is now
  }
  if (changes.subject)
    draft.subject = *changes.subject;
  if (changes.body)
    draft.body = *changes.body;
  validate(actor, draft);
  mailing.updated_at = clock_.now();
  return database_.write([&](soci::session& session) {
    require_draft(must_find(session, store, id, true));
    store.update_draft(session, mailing);
    audit_.append(session, actor, "mailing.change", std::string(kMailingEntity), entity_id(id));
    add_counts(session, mailing);
    return mailing;
  });
}

void MailingService::remove(const Actor& actor, long long id) {
  const MailingStore store(database_.dialect());
  database_.write([&](soci::session& session) {
    const Mailing mailing = must_find(session, store, id, true);
    check_may_use(actor, mailing.draft.purpose);
    require_draft(mailing);
    store.remove(session, id);
    audit_.append(session, actor, "mailing.delete", std::string(kMailingEntity), entity_id(id));
  });
}

Mailing MailingService::get(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  const MailingStore store(database_.dialect());
  return database_.read([&](soci::session& session) {
    Mailing mailing = must_find(session, store, id);
    add_counts(session, mailing);
    return mailing;
  });
}

std::vector<Mailing> MailingService::list(const Actor& actor, std::optional<long long> before_id,
                                          int limit) {
  require_role(actor, Role::kUser);
  const MailingStore store(database_.dialect());
  return database_.read([&](soci::session& session) {
    auto mailings = store.list(session, before_id, limit);
    for (Mailing& mailing : mailings) {
      if (mailing.status != MailingStatus::kDraft) {
        add_counts(session, mailing);  // drafts are counted on their own page: counting is slow
      }
    }
    return mailings;
  });
}

MailingPreview MailingService::preview(const Actor& actor, long long id,
                                       std::optional<long long> person_id) {
  require_role(actor, Role::kUser);
  const MailingStore store(database_.dialect());
  MailingPreview preview = database_.read([&](soci::session& session) {
    const Mailing mailing = must_find(session, store, id);
    const auto fields = crm::FieldStore().list(session);
    const Compiled compiled = compile(mailing.draft, fields);
    MailingPreview result;
    if (person_id) {
      result.person_id = *person_id;
      result.included = store.includes(session, compiled.audience(), *person_id);
    } else {
      const auto first = store.included_ids(session, compiled.audience(), 0, 1);
      if (first.empty()) {
        throw Error::not_found("person in this mailing's audience");
      }
      result.person_id = first.front();
    }
    const crm::PersonStore persons(database_.dialect());
    const auto person =
        persons.find(session, result.person_id, crm::FieldStore().custom_types(session));
    if (!person) {
      throw Error::not_found("person");
    }
    const auto names = template_names(fields);
    const TemplateValues values = person_template_values(*person, fields);
    result.person_name = person->display_name();
    result.to = person->email;
    result.subject = one_line(MailTemplate("subject", mailing.draft.subject, names).render(values));
    result.body = MailTemplate("body", mailing.draft.body, names).render(values);
    return result;
  });
  audit_.append(actor, "mailing.preview", std::string(kMailingEntity), entity_id(id),
                preview.person_id);
  return preview;
}

Mailing MailingService::send(const Actor& actor, long long id) {
  const MailingStore store(database_.dialect());
  Mailing mailing =
      database_.read([&](soci::session& session) { return must_find(session, store, id); });
  require_draft(mailing);
  if (mailing.draft.saved_filter_id) {
    mailing.draft.filter.reset();  // copied again from the saved filter, as it is now
  }
  validate(actor, mailing.draft);  // the consent type or a field may have gone since
  Mailing sent = database_.write([&](soci::session& session) {
    Mailing current = must_find(session, store, id, true);
    require_draft(current);
    current.draft = mailing.draft;
    current.updated_at = clock_.now();
    store.update_draft(session, current);
    const Compiled compiled = compile(current.draft, crm::FieldStore().list(session));
    current.audience = store.count(session, compiled.audience());
    current.status = MailingStatus::kQueuing;
    current.sent_by_user_id = actor.user_id;
    current.sent_by = actor.name;
    current.send_at = current.updated_at = clock_.now();
    store.start_sending(session, current);
    audit_.append(session, actor, "mailing.send", std::string(kMailingEntity), entity_id(id),
                  std::nullopt,
                  nlohmann::json{{"purpose", to_string(current.draft.purpose)},
                                 {"included", current.audience.included}}
                      .dump());
    add_counts(session, current);
    return current;
  });
  doorbell_.ring();
  return sent;
}

}  // namespace vern::mail
