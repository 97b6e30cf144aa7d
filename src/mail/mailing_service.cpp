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
#include "mail/mailing_store.hpp"
#include "mail/outbox.hpp"
#include "query/filter.hpp"
#include "query/filter_checks.hpp"

namespace vern::mail {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxSubject = 500;
constexpr std::size_t kMaxBody = 100'000;
constexpr std::string_view kMailingEntity = "mailing";

/// What a stored mailing needs to find and write to its recipients.
struct Compiled {
  std::optional<query::Filter> filter;
  consent::BulkRules rules;
  Audience audience() const { return Audience{filter, rules}; }
};

Compiled compile(const MailingDraft& draft, const std::vector<crm::FieldDefinition>& fields) {
  Compiled compiled{std::nullopt, consent::BulkRules(draft.purpose, draft.consent_type)};
  if (draft.filter) {
    compiled.filter = query::parse_filter(*draft.filter, fields);
  }
  return compiled;
}

/// The rendered subject as one header line: line breaks from field values become spaces.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\r' || c == '\n') {
      c = ' ';
    }
  }
  return text;
}

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

std::string entity_id(long long id) {
  return std::to_string(id);
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

namespace {

/// What one batch of a mailing writes: per recipient a message and a history note.
struct Expansion {
  std::vector<NewOutboxMessage> messages;
  std::vector<crm::HistoryEntry> notes;
};

/// Renders and composes the messages of `recipients` [begin, end) with templates of its own
/// (a template is used by one thread at a time).
void render_range(const Mailing& mailing, const std::vector<crm::Person>& recipients,
                  std::size_t begin, std::size_t end,
                  const std::vector<crm::FieldDefinition>& fields, const MailSettings& settings,
                  UnixTime now, Expansion& into) {
  const auto names = template_names(fields);
  MailTemplate subject("subject", mailing.draft.subject, names);
  MailTemplate body("body", mailing.draft.body, names);
  const std::string domain = address_domain(settings.from.address);
  const std::string today = format_rfc3339(now).substr(0, std::string_view("YYYY-MM-DD").size());
  const auto author =
      mailing.sent_by_user_id != 0 ? std::optional(mailing.sent_by_user_id) : std::nullopt;
  std::string note_prefix = "Mailing \u201c";
  note_prefix.append(mailing.draft.name).append("\u201d: ");
  for (std::size_t i = begin; i < end; ++i) {
    const crm::Person& person = recipients[i];
    const TemplateData data(person_template_values(person, fields));
    Message message;
    message.from = settings.from;
    message.to = Mailbox{person.email, person.display_name()};
    message.subject = one_line(subject.render(data));
    message.text = body.render(data);
    message.message_id = new_message_id(domain);
    message.date = now;
    NewOutboxMessage queued{
        mailing.id,      person.id,          "mailing", settings.from.address, person.email,
        message.subject, message.message_id, {},        std::nullopt};
    try {
      queued.data = compose(message);
    } catch (const Error& error) {
      // An address compose cannot use: kept as failed, with why, rather than lost.
      queued.failed = error.field_errors().empty() ? std::string(error.what())
                                                   : error.field_errors().front().message;
    }
    crm::HistoryEntry note;
    note.person_id = person.id;
    note.type = "email";
    note.date = today;
    note.text = note_prefix + message.subject;
    note.author_user_id = author;
    note.author = mailing.sent_by;
    note.created_at = note.updated_at = now;
    into.messages.push_back(std::move(queued));
    into.notes.push_back(std::move(note));
  }
}

/// Below this many recipients a batch is rendered on one thread.
constexpr std::size_t kParallelRender = 256;

/// The batch's messages and notes, rendered on two threads when it is large: the writer holds
/// the database's write lock meanwhile, so the second core would otherwise idle.
Expansion render_all(const Mailing& mailing, const std::vector<crm::Person>& recipients,
                     const std::vector<crm::FieldDefinition>& fields, const MailSettings& settings,
                     UnixTime now) {
  Expansion first;
  if (recipients.size() < kParallelRender) {
    render_range(mailing, recipients, 0, recipients.size(), fields, settings, now, first);
    return first;
  }
  const std::size_t half = recipients.size() / 2;
  Expansion second;
  std::exception_ptr failure;
  std::thread helper([&] {
    try {
      render_range(mailing, recipients, half, recipients.size(), fields, settings, now, second);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  try {
    render_range(mailing, recipients, 0, half, fields, settings, now, first);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (failure) {
    std::rethrow_exception(failure);
  }
  std::move(second.messages.begin(), second.messages.end(), std::back_inserter(first.messages));
  std::move(second.notes.begin(), second.notes.end(), std::back_inserter(first.notes));
  return first;
}

/// A batch of a mailing, rendered and ready to be written.
struct PreparedBatch {
  long long from_cursor = 0;  // the mailing's cursor it follows
  long long to_cursor = 0;    // the cursor after it
  bool finished = false;      // the last batch
  UnixTime now = 0;
  Expansion expansion;
};

}  // namespace

std::optional<long long> MailingService::expand_next(int batch, const std::atomic<bool>* stop) {
  const MailingStore store(database_.dialect());
  const OutboxStore outbox(database_.dialect());
  const crm::PersonStore persons(database_.dialect());
  auto mailing =
      database_.read([&](soci::session& session) { return store.next_queuing(session); });
  if (!mailing) {
    return std::nullopt;
  }
  const auto fields =
      database_.read([](soci::session& session) { return crm::FieldStore().list(session); });
  std::optional<Compiled> compiled;
  try {
    compiled = compile(mailing->draft, fields);
    const auto names = template_names(fields);
    MailTemplate("subject", mailing->draft.subject, names);
    MailTemplate("body", mailing->draft.body, names);
  } catch (const Error&) {
    // A field its filter or templates name was deleted after sending began: the mailing cannot
    // go further, and ends with what it has queued.
    spdlog::warn("mail: mailing {} stopped queuing: it names a field that is gone", mailing->id);
    database_.write([&](soci::session& session) {
      store.advance(session, mailing->id, mailing->cursor_person_id, 0, true, clock_.now());
    });
    return 0;
  }

  // The next batch after `cursor`, read and rendered outside any write transaction.
  const auto prepare = [&](long long cursor) {
    PreparedBatch prepared;
    prepared.from_cursor = cursor;
    prepared.now = clock_.now();
    const auto recipients = database_.read([&](soci::session& session) {
      const auto ids = store.included_ids(session, compiled->audience(), cursor, batch);
      prepared.finished = static_cast<int>(ids.size()) < batch;
      prepared.to_cursor = ids.empty() ? cursor : ids.back();
      return persons.find_many(session, ids, crm::FieldStore().custom_types(session));
    });
    prepared.expansion = render_all(*mailing, recipients, fields, settings_, prepared.now);
    return prepared;
  };
  // Writes a prepared batch, unless the mailing moved on meanwhile (another server expanded it,
  // or it is no longer being queued): false then.
  const Actor sender{mailing->sent_by_user_id, mailing->sent_by, Role::kUser};
  const auto commit = [&](const PreparedBatch& prepared) {
    return database_.write([&](soci::session& session) {
      const auto current = store.find(session, mailing->id, true);
      if (!current || current->status != MailingStatus::kQueuing ||
          current->cursor_person_id != prepared.from_cursor) {
        return false;
      }
      std::vector<audit::AuditRecord> records;
      records.reserve(prepared.expansion.notes.size());
      for (const crm::HistoryEntry& note : prepared.expansion.notes) {
        records.push_back(audit::AuditRecord{sender, "mailing.recipient",
                                             std::string(kMailingEntity), entity_id(mailing->id),
                                             note.person_id, "{}"});
      }
      std::vector<const audit::AuditRecord*> pointers;
      pointers.reserve(records.size());
      for (const auto& record : records) {
        pointers.push_back(&record);
      }
      outbox.enqueue(session, prepared.expansion.messages, prepared.now);
      crm::HistoryStore().insert_all(session, prepared.expansion.notes);
      audit_.append_all(session, pointers);
      store.advance(session, mailing->id, prepared.to_cursor,
                    static_cast<long long>(prepared.expansion.messages.size()), prepared.finished,
                    prepared.now);
      return true;
    });
  };

  // Batch after batch, each in its own transaction, the next one read and rendered while the
  // last is written: the writer holds the write lock, the preparer uses the other core.
  long long queued = 0;
  PreparedBatch current = prepare(mailing->cursor_person_id);
  for (;;) {
    std::future<PreparedBatch> next;
    if (!current.finished) {
      next = std::async(std::launch::async, prepare, current.to_cursor);
    }
    if (!commit(current)) {
      break;
    }
    queued += static_cast<long long>(current.expansion.messages.size());
    doorbell_.ring();
    if (current.finished || (stop != nullptr && stop->load())) {
      break;
    }
    current = next.get();
  }
  return queued;
}

void MailingService::finish_done() {
  const MailingStore store(database_.dialect());
  database_.write([&](soci::session& session) { store.finish_done(session, clock_.now()); });
}

}  // namespace vern::mail
