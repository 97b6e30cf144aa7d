#include "crm/history_service.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class HistoryServiceTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    history_ = std::make_unique<crm::HistoryService>(db(), *audit_, clock());
    person_ = insert_person("Kari");
  }

  crm::HistoryService& history() { return *history_; }

  long long insert_person(const std::string& first_name) {
    return db().write([&](soci::session& session) {
      long long id = 0;
      session << "INSERT INTO persons (first_name, created_at, updated_at)"
                 " VALUES (:first_name, 0, 0) RETURNING id",
          soci::use(first_name), soci::into(id);
      return id;
    });
  }

  crm::HistoryEntry add(const std::string& date, const std::string& text,
                        const std::string& type = "note") {
    return history().create(user_, person_, {type, date, text});
  }

  std::vector<long long> ids_of(const std::vector<crm::HistoryEntry>& entries) {
    std::vector<long long> ids;
    for (const auto& entry : entries) {
      ids.push_back(entry.id);
    }
    return ids;
  }

  std::vector<audit::AuditEvent> audit_events(const std::string& action) {
    audit::AuditQuery query;
    query.action = action;
    query.limit = 500;
    return audit_->list(Actor::system("test"), query).items;
  }

  const Actor user_{7, "kari.s", Role::kUser};
  long long person_ = 0;

 private:
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<crm::HistoryService> history_;
};

TEST_P(HistoryServiceTest, AddsANoteWrittenByTheActor) {
  const crm::HistoryEntry entry =
      add("2026-11-28", "Ringte om tilbudet.\nVil ha svar fredag.", "call");
  EXPECT_GT(entry.id, 0);
  EXPECT_EQ(entry.person_id, person_);
  EXPECT_EQ(entry.type, "call");
  EXPECT_EQ(entry.author, "kari.s");
  EXPECT_EQ(entry.author_user_id, 7);
  EXPECT_EQ(entry.created_at, clock().now());

  const auto page = history().list(user_, person_, {});
  ASSERT_EQ(page.items.size(), 1U);
  EXPECT_EQ(page.items[0].text, "Ringte om tilbudet.\nVil ha svar fredag.");
  EXPECT_EQ(page.items[0].author, "kari.s");

  const auto events = audit_events("history.create");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].person_id, person_);
  EXPECT_EQ(events[0].entity_id, std::to_string(entry.id));
  EXPECT_THAT(events[0].details, Not(HasSubstr("tilbudet")));
}

TEST_P(HistoryServiceTest, TheSystemWritesWithoutAUserId) {
  const auto entry =
      history().create(Actor::system("import"), person_, {"note", "2026-01-02", "Importert"});
  EXPECT_EQ(entry.author, "import");
  EXPECT_EQ(entry.author_user_id, std::nullopt);
  EXPECT_EQ(history().list(user_, person_, {}).items.at(0).author_user_id, std::nullopt);
}

TEST_P(HistoryServiceTest, ListsNewestFirstAndAuditsTheRead) {
  const auto older = add("2026-01-05", "old");
  const auto newest = add("2026-03-01", "new");
  const auto same_day_first = add("2026-02-01", "first of the day");
  const auto same_day_second = add("2026-02-01", "second of the day");
  const auto page = history().list(user_, person_, {});
  EXPECT_THAT(ids_of(page.items),
              ElementsAre(newest.id, same_day_second.id, same_day_first.id, older.id));
  EXPECT_EQ(page.next, std::nullopt);

  const auto events = audit_events("history.read");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].person_id, person_);
  EXPECT_EQ(events[0].entity, "person");
  EXPECT_EQ(events[0].details, R"({"count":4})");
}

TEST_P(HistoryServiceTest, PagesThroughNotesWithACursor) {
  std::vector<long long> expected;
  for (int i = 0; i < 7; ++i) {
    // Several notes per day, so the cursor must hold both the date and the id.
    expected.insert(expected.begin(), add("2026-04-0" + std::to_string(1 + i / 3), "note").id);
  }
  crm::HistoryQuery query;
  query.limit = 2;
  std::vector<long long> seen;
  for (int pages = 0; pages < 10; ++pages) {
    const auto page = history().list(user_, person_, query);
    for (const auto& entry : page.items) {
      seen.push_back(entry.id);
    }
    if (!page.next) {
      break;
    }
    query.after = *page.next;
  }
  EXPECT_EQ(seen, expected);
}

TEST_P(HistoryServiceTest, ABadCursorIsInvalid) {
  for (const std::string cursor : {"abc", "2026-02-30_4", "2026-01-01_x", "2026-01-01", "_5"}) {
    crm::HistoryQuery query;
    query.after = cursor;
    EXPECT_THAT(fields_of(error_from([&] { history().list(user_, person_, query); })),
                ElementsAre("after"))
        << cursor;
  }
}

TEST_P(HistoryServiceTest, InvalidInputNamesEachField) {
  const Error error = error_from([&] {
    history().create(user_, person_, {"party", "2026-02-30", ""});
  });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), UnorderedElementsAre("type", "date", "text"));
  EXPECT_THAT(fields_of(error_from([&] { add("2026-01-01", " \n ", ""); })),
              UnorderedElementsAre("type", "text"));
  EXPECT_THAT(fields_of(error_from([&] { add("2026-01-01", "bell\x07"); })), ElementsAre("text"));
  EXPECT_THAT(history().list(user_, person_, {}).items, IsEmpty());
}

TEST_P(HistoryServiceTest, TextsHoldUpTo20000Characters) {
  std::string longest;
  for (std::size_t i = 0; i < crm::kMaxHistoryText; ++i) {
    longest += "ø";  // two bytes, one character
  }
  EXPECT_NO_THROW(add("2026-01-01", longest));
  EXPECT_THAT(fields_of(error_from([&] { add("2026-01-01", longest + "x"); })),
              ElementsAre("text"));
}

TEST_P(HistoryServiceTest, ReadsOneNoteAsAnAuditedReadOfItsPerson) {
  const auto note = add("2026-01-05", "Called about the offer");
  const auto read = history().get(user_, note.id);
  EXPECT_EQ(read.text, "Called about the offer");
  EXPECT_EQ(read.person_id, person_);
  const auto events = audit_events("history.read");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].person_id, person_);
  EXPECT_EQ(events[0].entity_id, std::to_string(note.id));
  EXPECT_EQ(error_from([&] { history().get(user_, note.id + 1000); }).kind(), ErrorKind::kNotFound);
}

TEST_P(HistoryServiceTest, AnUnknownPersonIsNotFound) {
  EXPECT_EQ(error_from([&] { history().list(user_, 999, {}); }).kind(), ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] {
              history().create(user_, 999, {"note", "2026-01-01", "x"});
            }).kind(),
            ErrorKind::kNotFound);
  EXPECT_THAT(audit_events("history.read"), IsEmpty());
}

TEST_P(HistoryServiceTest, UpdatesChangeTheGivenFieldsAndAuditTheirNames) {
  const auto entry = add("2026-01-01", "Første utkast");
  clock().advance(30);
  crm::HistoryChanges changes;
  changes.type = "meeting";
  changes.text = "Andre utkast";
  const auto updated = history().update(user_, entry.id, changes);
  EXPECT_EQ(updated.type, "meeting");
  EXPECT_EQ(updated.date, "2026-01-01");
  EXPECT_EQ(updated.text, "Andre utkast");
  EXPECT_EQ(updated.updated_at, entry.created_at + 30);
  EXPECT_EQ(history().list(user_, person_, {}).items.at(0).text, "Andre utkast");

  const auto events = audit_events("history.update");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].person_id, person_);
  EXPECT_EQ(events[0].details, R"({"fields":["type","text"]})");
}

TEST_P(HistoryServiceTest, UpdatesAreValidatedAndUnknownNotesAreNotFound) {
  const auto entry = add("2026-01-01", "tekst");
  crm::HistoryChanges changes;
  changes.date = "1. januar";
  changes.text = "";
  EXPECT_THAT(fields_of(error_from([&] { history().update(user_, entry.id, changes); })),
              UnorderedElementsAre("date", "text"));
  EXPECT_EQ(error_from([&] { history().update(user_, 999, {}); }).kind(), ErrorKind::kNotFound);
  EXPECT_EQ(error_from([&] { history().remove(user_, 999); }).kind(), ErrorKind::kNotFound);
}

TEST_P(HistoryServiceTest, DeletesANoteAndAuditsIt) {
  const auto entry = add("2026-01-01", "tekst");
  history().remove(user_, entry.id);
  EXPECT_THAT(history().list(user_, person_, {}).items, IsEmpty());
  const auto events = audit_events("history.delete");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].person_id, person_);
  EXPECT_EQ(events[0].entity_id, std::to_string(entry.id));
}

TEST_P(HistoryServiceTest, NotesBelongToTheirPersonOnly) {
  const long long other = insert_person("Ola");
  add("2026-01-01", "Karis notat");
  history().create(user_, other, {"note", "2026-01-01", "Olas notat"});
  const auto page = history().list(user_, other, {});
  ASSERT_EQ(page.items.size(), 1U);
  EXPECT_EQ(page.items[0].text, "Olas notat");
}

INSTANTIATE_TEST_SUITE_P(Databases, HistoryServiceTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
