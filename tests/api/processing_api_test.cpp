// PATCH /api/v1/persons/{id}/processing: restriction (Art. 18), objection (Art. 21), legal hold.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class ProcessingApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    const HttpResult created =
        http().post("/api/v1/persons", R"({"first_name":"Kari"})", "application/json", {staff_});
    EXPECT_EQ(created.status, 201) << created.body;
    id_ = json::parse(created.body)["id"].get<long long>();
    path_ = "/api/v1/persons/" + std::to_string(id_);
  }

  HttpResult processing(const json& body, const std::string& auth) {
    return http().patch(path_ + "/processing", body.dump(), "application/json", {auth});
  }
  std::vector<std::string> actions() {
    const HttpResult audit =
        http().get("/api/v1/audit?person_id=" + std::to_string(id_) + "&limit=100", {admin_});
    std::vector<std::string> found;
    const json events = json::parse(audit.body);
    for (const auto& event : events["items"]) {
      found.push_back(event["action"].get<std::string>());
    }
    return found;
  }
  static bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  }

  long long id_ = 0;
  std::string path_;
};

TEST_P(ProcessingApiTest, RestrictingNeedsAReasonAndLiftingClearsIt) {
  const HttpResult no_reason = processing({{"processing_restricted", true}}, staff_);
  ASSERT_EQ(no_reason.status, 422) << no_reason.body;
  EXPECT_NE(no_reason.body.find("restriction_reason"), std::string::npos);

  const HttpResult restricted = processing(
      {{"processing_restricted", true}, {"restriction_reason", "Disputes the address"}}, staff_);
  ASSERT_EQ(restricted.status, 200) << restricted.body;
  json person = json::parse(restricted.body);
  EXPECT_EQ(person["processing_restricted"], true);
  EXPECT_EQ(person["restriction_reason"], "Disputes the address");
  EXPECT_FALSE(person["restricted_at"].is_null());
  EXPECT_EQ(person["version"], 1);  // not an edit of the person's data
  EXPECT_TRUE(has(actions(), "person.restrict"));

  const HttpResult lifted = processing({{"processing_restricted", false}}, staff_);
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  person = json::parse(lifted.body);
  EXPECT_EQ(person["processing_restricted"], false);
  EXPECT_TRUE(person["restriction_reason"].is_null());
  EXPECT_TRUE(person["restricted_at"].is_null());
  EXPECT_TRUE(has(actions(), "person.unrestrict"));
}

TEST_P(ProcessingApiTest, AnObjectionIsRecordedWithItsTime) {
  const HttpResult objected = processing({{"objects_to_direct_marketing", true}}, staff_);
  ASSERT_EQ(objected.status, 200) << objected.body;
  const json person = json::parse(objected.body);
  EXPECT_EQ(person["objects_to_direct_marketing"], true);
  EXPECT_FALSE(person["objection_at"].is_null());
  EXPECT_TRUE(has(actions(), "person.object"));
  // The same again changes nothing and records nothing more.
  const std::size_t before = actions().size();
  ASSERT_EQ(processing({{"objects_to_direct_marketing", true}}, staff_).status, 200);
  EXPECT_EQ(actions().size(), before);
  const json read = json::parse(http().get(path_, {staff_}).body);
  EXPECT_EQ(read["objects_to_direct_marketing"], true);
}

TEST_P(ProcessingApiTest, ALegalHoldIsForPrivacyOfficersAndNeedsAReason) {
  EXPECT_EQ(processing({{"legal_hold", true}, {"legal_hold_reason", "Court case"}}, staff_).status,
            403);
  EXPECT_EQ(processing({{"legal_hold", true}}, admin_).status, 422);
  const HttpResult held =
      processing({{"legal_hold", true}, {"legal_hold_reason", "Court case 12/2026"}}, admin_);
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(json::parse(held.body)["legal_hold"], true);
  EXPECT_FALSE(json::parse(held.body)["legal_hold_at"].is_null());
  EXPECT_TRUE(has(actions(), "person.legal_hold"));
  const HttpResult released = processing({{"legal_hold", false}}, admin_);
  ASSERT_EQ(released.status, 200);
  EXPECT_TRUE(json::parse(released.body)["legal_hold_reason"].is_null());
  EXPECT_TRUE(has(actions(), "person.legal_hold_release"));
}

TEST_P(ProcessingApiTest, BadInputIsRefused) {
  EXPECT_EQ(processing({{"processing_restricted", "yes"}}, staff_).status, 422);
  EXPECT_EQ(processing({{"first_name", "Ola"}}, staff_).status, 422);
  EXPECT_EQ(
      processing({{"processing_restricted", true}, {"restriction_reason", std::string(501, 'x')}},
                 staff_)
          .status,
      422);
  EXPECT_EQ(http()
                .patch("/api/v1/persons/99999/processing",
                       R"({"objects_to_direct_marketing":true})", "application/json", {staff_})
                .status,
            404);
  // Editing the person never changes the flags.
  EXPECT_EQ(
      http().patch(path_, R"({"processing_restricted":true})", "application/json", {staff_}).status,
      422);
}

INSTANTIATE_TEST_SUITE_P(Databases, ProcessingApiTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::testing
