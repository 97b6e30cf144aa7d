#include "crm/person.hpp"

#include <gtest/gtest.h>

namespace vern::crm {
namespace {

Person kari() {
  Person person;
  person.id = 7;
  person.first_name = "Kari";
  person.city = "Oslo";
  person.company_id = 3;
  person.custom = {{"segment", "b2b"}, {"interests", {"sailing"}}};
  return person;
}

TEST(Person, ValuesHoldEveryFieldByKeyWithEmptyTextAsNull) {
  const nlohmann::ordered_json values = person_values(kari());
  EXPECT_EQ(values["first_name"], "Kari");
  EXPECT_TRUE(values["last_name"].is_null());
  EXPECT_EQ(values["company_id"], 3);
  EXPECT_EQ(values["custom"]["segment"], "b2b");
  EXPECT_FALSE(values.contains("id"));
  ASSERT_EQ(values.size(), person_text_fields().size() + 2);
  EXPECT_EQ(values.begin().key(), "first_name");
}

TEST(Person, ChangedFieldsNameOnlyTheValuesThatDiffer) {
  const Person before = kari();
  EXPECT_TRUE(changed_fields(before, before).empty());
  Person after = before;
  after.city = "Bergen";
  after.company_id.reset();
  after.custom.erase("segment");
  after.custom["shoe_size"] = 38;
  EXPECT_EQ(changed_fields(before, after),
            (std::vector<std::string>{"city", "company_id", "segment", "shoe_size"}));
}

TEST(Person, ACustomValueOfAnotherTypeIsAChange) {
  const Person before = kari();
  Person after = before;
  after.custom["interests"] = {"sailing", "skiing"};
  EXPECT_EQ(changed_fields(before, after), std::vector<std::string>{"interests"});
}

}  // namespace
}  // namespace vern::crm
