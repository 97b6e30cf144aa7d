// The other half of MailingService: the mail workers expand a mailing being sent into the
// outbox, a batch of recipients per transaction.
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
#include "mail/mailing_service.hpp"
#include "mail/mailing_store.hpp"
#include "mail/outbox.hpp"
#include "query/filter.hpp"
#include "query/filter_checks.hpp"

namespace vern::mail {
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
