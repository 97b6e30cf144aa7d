#include "crm/person_service.hpp"

#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "common/error.hpp"
#include "crm/field_service.hpp"
#include "support/test_database.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class PersonServiceTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    fields_ = std::make_unique<crm::FieldService>(db(), *audit_, clock());
    persons_ = std::make_unique<crm::PersonService>(db(), *audit_, clock());
    fields_->create(admin_, {"shoe_size", crm::FieldType::kNumber, {"Shoe size", "", ""}, {}});
    fields_->create(admin_, {"interests",
                             crm::FieldType::kMultiOption,
                             {"Interests", "", ""},
                             {{"ski", {"Skiing", "", ""}}, {"golf", {"Golf", "", ""}}}});
    fields_->create(admin_, {"vip", crm::FieldType::kBoolean, {"VIP", "", ""}, {}});
  }

  std::vector<FieldError> errors_of(const std::function<void()>& action) {
    try {
      action();
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kInvalid) << error.what();
      return error.field_errors();
    }
    ADD_FAILURE() << "no error";
    return {};
  }

  Actor admin_ = Actor::system("test");
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<crm::FieldService> fields_;
  std::unique_ptr<crm::PersonService> persons_;
};

bool has_field(const std::vector<FieldError>& errors, const std::string& field) {
  return std::any_of(errors.begin(), errors.end(),
                     [&field](const FieldError& error) { return error.field == field; });
}

TEST_P(PersonServiceTest, CreatesAPersonWithCustomValuesAndReadsThemBack) {
  const auto created = persons_->create(
      admin_, json{{"first_name", " Kari "},
                   {"last_name", "Nordmann"},
                   {"email", "Kari@Example.NO"},
                   {"custom",
                    {{"shoe_size", 39.5}, {"interests", {"ski", "golf", "ski"}}, {"vip", true}}}});
  EXPECT_EQ(created.version, 1);
  EXPECT_EQ(created.first_name, "Kari");
  EXPECT_EQ(created.email, "kari@example.no");
  const auto read = persons_->get(admin_, created.id);
  EXPECT_EQ(read.custom["shoe_size"], 39.5);
  EXPECT_EQ(read.custom["interests"], json({"golf", "ski"}));
  EXPECT_EQ(read.custom["vip"], true);
}

TEST_P(PersonServiceTest, EveryInvalidValueIsNamed) {
  const auto errors = errors_of([&] {
    persons_->create(
        admin_, json{{"first_name", 5},
                     {"email", "not-an-address"},
                     {"birth_date", "2023-02-29"},
                     {"language", "klingon"},
                     {"favourite_colour", "red"},
                     {"version", 3},
                     {"legal_hold", true},
                     {"custom", {{"shoe_size", "big"}, {"interests", {"chess"}}, {"nope", 1}}}});
  });
  for (const std::string field :
       {"first_name", "email", "birth_date", "language", "favourite_colour", "version",
        "legal_hold", "custom.shoe_size", "custom.interests", "custom.nope"}) {
    EXPECT_TRUE(has_field(errors, field)) << field;
  }
}

TEST_P(PersonServiceTest, APersonNeedsANameOrAnEmail) {
  EXPECT_TRUE(has_field(errors_of([&] {
                          persons_->create(admin_, json{{"city", "Oslo"}});
                        }),
                        "last_name"));
  EXPECT_TRUE(has_field(errors_of([&] {
                          persons_->create(admin_, json{{"first_name", "A"}, {"company_id", 999}});
                        }),
                        "company_id"));
}

TEST_P(PersonServiceTest, PatchMergesAndRaisesTheVersion) {
  const auto created = persons_->create(
      admin_, json{{"first_name", "Ola"}, {"city", "Oslo"}, {"custom", {{"shoe_size", 44}}}});
  const auto result = persons_->patch(
      admin_, created.id,
      json{{"city", nullptr}, {"title", "CEO"}, {"custom", {{"shoe_size", nullptr}}}}, 1);
  const crm::Person& patched = result.person;
  EXPECT_EQ(result.changed, (std::vector<std::string>{"city", "title", "shoe_size"}));
  EXPECT_EQ(patched.version, 2);
  EXPECT_EQ(patched.first_name, "Ola");
  EXPECT_EQ(patched.city, "");
  EXPECT_EQ(patched.title, "CEO");
  EXPECT_FALSE(patched.custom.contains("shoe_size"));
}

TEST_P(PersonServiceTest, AStaleVersionIsRefusedAndNothingChanges) {
  const auto created = persons_->create(admin_, json{{"first_name", "Ola"}});
  persons_->patch(admin_, created.id, json{{"city", "Bergen"}}, 1);
  try {
    persons_->patch(admin_, created.id, json{{"city", "Oslo"}}, 1);
    FAIL() << "a stale version was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kPreconditionFailed);
  }
  EXPECT_EQ(persons_->get(admin_, created.id).city, "Bergen");
}

TEST_P(PersonServiceTest, AnInvalidPatchWritesNothing) {
  const auto created = persons_->create(admin_, json{{"first_name", "Ola"}});
  errors_of([&] {
    persons_->patch(admin_, created.id, json{{"city", "Oslo"}, {"email", "broken"}}, std::nullopt);
  });
  const auto read = persons_->get(admin_, created.id);
  EXPECT_EQ(read.city, "");
  EXPECT_EQ(read.version, 1);
}

TEST_P(PersonServiceTest, ReadsAndChangesAreAuditedByFieldNameOnly) {
  const auto created =
      persons_->create(admin_, json{{"first_name", "Secret"}, {"email", "secret@example.no"}});
  persons_->get(admin_, created.id);
  audit::AuditQuery query;
  query.person_id = created.id;
  const auto page = audit_->list(admin_, query);
  ASSERT_EQ(page.items.size(), 2U);
  EXPECT_EQ(page.items[0].action, "person.read");
  EXPECT_EQ(page.items[1].action, "person.create");
  for (const auto& event : page.items) {
    EXPECT_EQ(event.details.find("Secret"), std::string::npos);
    EXPECT_EQ(event.details.find("secret@"), std::string::npos);
  }
  EXPECT_NE(page.items[1].details.find("email"), std::string::npos);
}

TEST_P(PersonServiceTest, UnknownPersonsAreNotFound) {
  EXPECT_THROW(persons_->get(admin_, 4242), Error);
  EXPECT_THROW(persons_->patch(admin_, 4242, json::object(), std::nullopt), Error);
  EXPECT_THROW(persons_->remove(admin_, 4242), Error);
}

TEST_P(PersonServiceTest, DeletingACustomFieldNeedsConfirmationWhenItHoldsValues) {
  const auto created =
      persons_->create(admin_, json{{"first_name", "Ola"}, {"custom", {{"vip", true}}}});
  EXPECT_THROW(fields_->remove(admin_, "vip", crm::DeleteValues::kRefuse), Error);
  EXPECT_EQ(fields_->remove(admin_, "vip", crm::DeleteValues::kConfirmed), 1);
  EXPECT_FALSE(persons_->get(admin_, created.id).custom.contains("vip"));
  EXPECT_THROW(fields_->remove(admin_, "email", crm::DeleteValues::kConfirmed), Error);
}

TEST_P(PersonServiceTest, GetManyKeepsTheOrderAndSkipsMissingIds) {
  const auto a = persons_->create(admin_, json{{"first_name", "A"}});
  const auto b = persons_->create(admin_, json{{"first_name", "B"}, {"custom", {{"vip", false}}}});
  const auto persons = persons_->get_many(admin_, {b.id, 999, a.id}, "test");
  ASSERT_EQ(persons.size(), 2U);
  EXPECT_EQ(persons[0].id, b.id);
  EXPECT_EQ(persons[0].custom["vip"], false);
  EXPECT_EQ(persons[1].id, a.id);
}

TEST_P(PersonServiceTest, OnlyAdminsDeletePersons) {
  const auto created = persons_->create(admin_, json{{"first_name", "Ola"}});
  const Actor clerk{7, "clerk", Role::kUser};
  EXPECT_THROW(persons_->remove(clerk, created.id), Error);
  persons_->remove(admin_, created.id);
  EXPECT_THROW(persons_->get(admin_, created.id), Error);
}

INSTANTIATE_TEST_SUITE_P(Databases, PersonServiceTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
