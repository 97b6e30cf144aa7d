#include "imports/person_import_columns.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "common/expect_error.hpp"

namespace vern::imports {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;

crm::FieldDefinition field(std::string key, crm::FieldType type, bool builtin,
                           crm::Labels labels = {}) {
  crm::FieldDefinition definition;
  definition.key = std::move(key);
  definition.type = type;
  definition.builtin = builtin;
  definition.labels = std::move(labels);
  return definition;
}

std::vector<crm::FieldDefinition> fields() {
  return {
      field("first_name", crm::FieldType::kText, true, {"First name", "Fornavn", "Förnamn"}),
      field("email", crm::FieldType::kEmail, true, {"E-mail", "E-post", "E-post"}),
      field("company_id", crm::FieldType::kNumber, true, {"Company", "Firma", "Företag"}),
      field("shoe_size", crm::FieldType::kNumber, false, {"Shoe size", "Skostørrelse", ""}),
  };
}

TEST(ImportColumns, MapsKeysAndLabelsInAnyCase) {
  const auto columns =
      map_import_columns({" First_Name ", "e-post", "SKOSTØRRELSE", "Firma"}, fields());
  ASSERT_EQ(columns.size(), 4U);
  EXPECT_EQ(columns[0].field.key, "first_name");
  EXPECT_EQ(columns[0].target, ImportTarget::kText);
  EXPECT_EQ(columns[0].member, &crm::Person::first_name);
  EXPECT_EQ(columns[1].field.key, "email");
  EXPECT_EQ(columns[3].target, ImportTarget::kCompany);
  EXPECT_EQ(columns[2].field.key, "shoe_size");
  EXPECT_EQ(columns[2].target, ImportTarget::kCustom);
}

TEST(ImportColumns, NamesEveryColumnThatDoesNotFit) {
  const Error error = testing::error_from([] {
    map_import_columns({"email", "favourite_colour", "legal_hold", "", "E-mail", "id"}, fields());
  });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(testing::fields_of(error),
              ElementsAre("favourite_colour", "legal_hold", "column 4", "E-mail", "id"));
}

TEST(ImportColumns, ReadsNumbersTheWayNordicSpreadsheetsWriteThem) {
  const crm::FieldDefinition number = field("n", crm::FieldType::kNumber, false);
  EXPECT_EQ(import_cell_value(number, "42"), json(42));
  EXPECT_EQ(import_cell_value(number, " 39,5 "), json(39.5));
  EXPECT_EQ(import_cell_value(number, "1 234,5"), json(1234.5));
  EXPECT_EQ(import_cell_value(number,
                              "1\xC2\xA0"
                              "234"),
            json(1234));
  EXPECT_EQ(import_cell_value(number, "-0.25"), json(-0.25));
  EXPECT_EQ(import_cell_value(number, "+7"), json(7));
  EXPECT_EQ(import_cell_value(number, "1,234.5"), json("1,234.5"));
  EXPECT_EQ(import_cell_value(number, "ten"), json("ten"));
  EXPECT_EQ(import_cell_value(number, "inf"), json("inf"));
  EXPECT_EQ(import_cell_value(number, ""), json(""));
}

TEST(ImportColumns, ReadsBooleansInSeveralLanguages) {
  const crm::FieldDefinition flag = field("b", crm::FieldType::kBoolean, false);
  for (const char* yes : {"true", "TRUE", "yes", "Ja", "1", "kyllä"}) {
    EXPECT_EQ(import_cell_value(flag, yes), json(true)) << yes;
  }
  for (const char* no : {"false", "No", "nei", "nej", "0", "ei"}) {
    EXPECT_EQ(import_cell_value(flag, no), json(false)) << no;
  }
  EXPECT_EQ(import_cell_value(flag, "KYLLÄ"), json(true));
  EXPECT_EQ(import_cell_value(flag, "maybe"), json("maybe"));
}

TEST(ImportColumns, SplitsOptionListsOnBarsOrCommas) {
  const crm::FieldDefinition options = field("o", crm::FieldType::kMultiOption, false);
  EXPECT_EQ(import_cell_value(options, "ski | golf"), json({"ski", "golf"}));
  EXPECT_EQ(import_cell_value(options, "ski, golf,"), json({"ski", "golf"}));
  EXPECT_EQ(import_cell_value(options, "a,b|c"), json({"a,b", "c"}));
  EXPECT_EQ(import_cell_value(options, "ski"), json({"ski"}));
}

TEST(ImportColumns, KeepsTextAsItIs) {
  EXPECT_EQ(import_cell_value(field("t", crm::FieldType::kText, false), " Kari "), json(" Kari "));
  EXPECT_EQ(import_cell_value(field("d", crm::FieldType::kDate, false), "2024-02-29"),
            json("2024-02-29"));
}

}  // namespace
}  // namespace vern::imports
