#include "mail/mail_template.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "common/expect_error.hpp"

namespace vern::mail {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<crm::FieldDefinition> fields() {
  crm::FieldDefinition level;
  level.key = "level";
  level.type = crm::FieldType::kOption;
  level.options = {{"gold", {"Gold", "Gull", "Guld"}}, {"silver", {"Silver", "Sølv", "Silver"}}};
  crm::FieldDefinition interests;
  interests.key = "interests";
  interests.type = crm::FieldType::kMultiOption;
  interests.options = {{"ski", {"Skiing", "Ski", "Skidor"}},
                       {"sea", {"Sailing", "Seiling", "Segling"}}};
  crm::FieldDefinition vip;
  vip.key = "vip";
  vip.type = crm::FieldType::kBoolean;
  crm::FieldDefinition visits;
  visits.key = "visits";
  visits.type = crm::FieldType::kNumber;
  return {level, interests, vip, visits};
}

crm::Person kari() {
  crm::Person person;
  person.first_name = "Kari";
  person.last_name = "Nordmann";
  person.email = "kari@example.no";
  person.city = "Tromsø";
  person.language = "nb";
  person.custom = {{"level", "gold"}, {"interests", {"ski", "sea"}}, {"vip", true}, {"visits", 12}};
  return person;
}

std::string render(const std::string& text) {
  const auto definitions = fields();
  MailTemplate mail_template("body", text, template_names(definitions));
  return mail_template.render(person_template_values(kari(), definitions));
}

TEST(MailTemplate, FillsInBuiltInAndCustomFieldsWithoutHtmlEscaping) {
  EXPECT_EQ(render("Hei {{first_name}} ({{name}}) i {{city}} <{{email}}> & co"),
            "Hei Kari (Kari Nordmann) i Tromsø <kari@example.no> & co");
  EXPECT_EQ(render("{{level}} / {{interests}} / {{visits}}"), "Gull / Ski, Seiling / 12");
}

TEST(MailTemplate, SectionsFollowBooleansAndEmptyValues) {
  EXPECT_EQ(render("{{#vip}}VIP {{/vip}}{{^vip}}regular {{/vip}}{{#phone}}call{{/phone}}{{^phone}}"
                   "no phone{{/phone}}"),
            "VIP no phone");
}

TEST(MailTemplate, NamesEachUnknownTagAndRefusesWhatItDoesNotSupport) {
  const auto names = template_names(fields());
  const Error unknown = vern::testing::error_from(
      [&] { MailTemplate("subject", "{{fornavn}} {{etternavn}}", names); });
  EXPECT_EQ(unknown.kind(), ErrorKind::kInvalid);
  ASSERT_EQ(unknown.field_errors().size(), 2U);
  EXPECT_EQ(unknown.field_errors()[0].field, "subject");
  EXPECT_THAT(unknown.field_errors()[0].message, HasSubstr("{{fornavn}}"));
  EXPECT_THAT(vern::testing::fields_of(vern::testing::error_from(
                  [&] { MailTemplate("body", "{{#vip}}never closed", names); })),
              ElementsAre("body"));
  EXPECT_EQ(vern::testing::error_from([&] { MailTemplate("body", "{{> partial}}", names); }).kind(),
            ErrorKind::kInvalid);
  EXPECT_EQ(vern::testing::error_from([&] { MailTemplate("body", "{{=<% %>=}}", names); }).kind(),
            ErrorKind::kInvalid);
  EXPECT_EQ(
      vern::testing::error_from([&] { MailTemplate("body", "{{portal_link}}", names); }).kind(),
      ErrorKind::kInvalid);
  EXPECT_NO_THROW(MailTemplate("body", "{{portal_link}} {{! a comment }}", names, true));
}

}  // namespace
}  // namespace vern::mail
