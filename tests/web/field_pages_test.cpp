#include "web/field_pages.hpp"

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

class FieldPagesTest : public ServerTest {};

TEST_P(FieldPagesTest, AdminAddsAnOptionFieldAndSetsItsPortalAccess) {
  std::string csrf;
  HttpClient http = server().logged_in_client("admin", &csrf);
  const HttpResult added = http.post_form("/admin/fields", {{"csrf", csrf},
                                                            {"key", "segment"},
                                                            {"type", "option"},
                                                            {"label_en", "Segment"},
                                                            {"options", "gold = Gold\nsilver"}});
  ASSERT_EQ(added.status, 303) << added.body;
  const auto field = server().services().fields().get(Actor::system("test"), "segment");
  ASSERT_EQ(field.options.size(), 2U);
  EXPECT_EQ(field.options[0].labels.en, "Gold");
  EXPECT_EQ(field.options[1].value, "silver");

  EXPECT_EQ(http.post_form("/admin/fields/segment",
                           {{"csrf", csrf}, {"portal", "edit"}, {"portal_order", "2"}})
                .status,
            303);
  const auto changed = server().services().fields().get(Actor::system("test"), "segment");
  EXPECT_EQ(changed.portal, crm::PortalAccess::kEdit);
  EXPECT_EQ(changed.portal_order, 2);
}

TEST_P(FieldPagesTest, BadFieldsAreExplainedAndDeletingValuesNeedsTheCheckbox) {
  std::string csrf;
  HttpClient http = server().logged_in_client("admin", &csrf);
  const HttpResult bad = http.post_form(
      "/admin/fields", {{"csrf", csrf}, {"key", "Bad Key"}, {"type", "text"}, {"label_en", ""}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("key:"), std::string::npos);
  server().services().fields().create(Actor::system("test"),
                                      {"vip", crm::FieldType::kBoolean, {"VIP", "", ""}, {}});
  server().services().persons().create(Actor::system("test"),
                                       {{"first_name", "A"}, {"custom", {{"vip", true}}}});
  EXPECT_EQ(http.post_form("/admin/fields/vip/delete", {{"csrf", csrf}}).status, 409);
  EXPECT_EQ(http.post_form("/admin/fields/vip/delete", {{"csrf", csrf}, {"confirm", "yes"}}).status,
            303);
}

TEST_P(FieldPagesTest, CrmUsersCannotOpenTheFieldsPage) {
  server().add_user("clerk", Role::kUser);
  HttpClient http = server().logged_in_client("clerk");
  EXPECT_EQ(http.get("/admin/fields").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Databases, FieldPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
