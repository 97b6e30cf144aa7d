#include "crm/history_type_service.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "common/error.hpp"
#include "common/expect_error.hpp"
#include "crm/history_service.hpp"
#include "storage/soci.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class HistoryTypeServiceTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    types_ = std::make_unique<crm::HistoryTypeService>(db(), *audit_, clock());
    history_ = std::make_unique<crm::HistoryService>(db(), *audit_, clock());
  }

  crm::HistoryTypeService& types() { return *types_; }

  std::vector<std::string> keys() {
    std::vector<std::string> keys;
    for (const auto& type : types().list(user_)) {
      keys.push_back(type.key);
    }
    return keys;
  }

  crm::HistoryType webinar() {
    crm::HistoryType type;
    type.key = "webinar";
    type.labels = {"Webinar", "Nettseminar", ""};
    return type;
  }

  long long insert_person() {
    return db().write([&](soci::session& session) {
      long long id = 0;
      session << "INSERT INTO persons (created_at, updated_at) VALUES (0, 0) RETURNING id",
          soci::into(id);
      return id;
    });
  }

  const Actor admin_{1, "admin", Role::kAdmin};
  const Actor user_{2, "kari", Role::kUser};
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<crm::HistoryTypeService> types_;
  std::unique_ptr<crm::HistoryService> history_;
};

TEST_P(HistoryTypeServiceTest, ListsTheBuiltInTypes) {
  const auto list = types().list(user_);
  ASSERT_EQ(list.size(), 4U);
  EXPECT_THAT(keys(), UnorderedElementsAre("note", "call", "meeting", "email"));
  for (const auto& type : list) {
    EXPECT_TRUE(type.builtin);
    EXPECT_FALSE(type.labels.nb.empty());
  }
}

TEST_P(HistoryTypeServiceTest, AnAdminAddsATypeThatNotesThenUse) {
  const auto created = types().create(admin_, webinar());
  EXPECT_FALSE(created.builtin);
  EXPECT_EQ(created.labels.nb, "Nettseminar");
  EXPECT_EQ(created.labels.sv, "Webinar");  // falls back to English
  EXPECT_EQ(keys().back(), "webinar");
  const long long person = insert_person();
  EXPECT_NO_THROW(history_->create(user_, person, {"webinar", "2026-05-05", "Deltok"}));
}

TEST_P(HistoryTypeServiceTest, OnlyAdminsAddOrDeleteTypes) {
  EXPECT_EQ(error_from([&] { types().create(user_, webinar()); }).kind(), ErrorKind::kForbidden);
  types().create(admin_, webinar());
  EXPECT_EQ(error_from([&] { types().remove(user_, "webinar"); }).kind(), ErrorKind::kForbidden);
}

TEST_P(HistoryTypeServiceTest, KeysAndLabelsAreValidated) {
  const std::vector<std::string> bad_keys = {"",     "a",        "Webinar",
                                             "1abc", "web-inar", std::string(33, 'a')};
  for (const std::string& key : bad_keys) {
    crm::HistoryType type = webinar();
    type.key = key;
    EXPECT_THAT(fields_of(error_from([&] { types().create(admin_, type); })), ElementsAre("key"))
        << key;
  }
  crm::HistoryType type = webinar();
  type.labels = {"", "Nett\nseminar", std::string(101, 'x')};
  EXPECT_THAT(fields_of(error_from([&] { types().create(admin_, type); })),
              ElementsAre("labels.en", "labels.nb", "labels.sv"));
}

TEST_P(HistoryTypeServiceTest, ADuplicateKeyIsAConflict) {
  types().create(admin_, webinar());
  EXPECT_EQ(error_from([&] { types().create(admin_, webinar()); }).kind(), ErrorKind::kConflict);
  crm::HistoryType note = webinar();
  note.key = "note";
  EXPECT_EQ(error_from([&] { types().create(admin_, note); }).kind(), ErrorKind::kConflict);
}

TEST_P(HistoryTypeServiceTest, BuiltInAndUsedTypesCannotBeDeleted) {
  EXPECT_EQ(error_from([&] { types().remove(admin_, "note"); }).kind(), ErrorKind::kConflict);
  types().create(admin_, webinar());
  const long long person = insert_person();
  const auto entry = history_->create(user_, person, {"webinar", "2026-05-05", "Deltok"});
  EXPECT_EQ(error_from([&] { types().remove(admin_, "webinar"); }).kind(), ErrorKind::kConflict);
  history_->remove(user_, entry.id);
  types().remove(admin_, "webinar");
  EXPECT_EQ(keys().size(), 4U);
  EXPECT_EQ(error_from([&] { types().remove(admin_, "webinar"); }).kind(), ErrorKind::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Databases, HistoryTypeServiceTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
