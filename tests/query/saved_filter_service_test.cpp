#include "query/saved_filter_service.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

class SavedFilterTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    server().add_user("kari", Role::kUser);
    server().add_user("ola", Role::kUser);
    kari_ = auth_for("kari");
    ola_ = auth_for("ola");
  }
  std::string auth_for(const std::string& user) {
    return "Authorization: Bearer " + server().api_token(user);
  }
  std::string kari_;
  std::string ola_;
};

const json kOsloFilter = {{"field", "city"}, {"op", "eq"}, {"value", "Oslo"}};

TEST_P(SavedFilterTest, PrivateFiltersAreTheOwnersAndSharedOnesEveryones) {
  HttpClient http = server().client();
  const HttpResult mine =
      http.post("/api/v1/saved-filters", json{{"name", "Mine"}, {"filter", kOsloFilter}}.dump(),
                "application/json", {kari_});
  ASSERT_EQ(mine.status, 201) << mine.body;
  const HttpResult ours =
      http.post("/api/v1/saved-filters",
                json{{"name", "Ours"}, {"filter", kOsloFilter}, {"shared", true}}.dump(),
                "application/json", {kari_});
  ASSERT_EQ(ours.status, 201);
  const json ola_list = json::parse(http.get("/api/v1/saved-filters", {ola_}).body);
  ASSERT_EQ(ola_list["items"].size(), 1U);
  EXPECT_EQ(ola_list["items"][0]["name"], "Ours");
  const std::string mine_path =
      "/api/v1/saved-filters/" + std::to_string(json::parse(mine.body)["id"].get<long long>());
  const std::string ours_path =
      "/api/v1/saved-filters/" + std::to_string(json::parse(ours.body)["id"].get<long long>());
  EXPECT_EQ(http.get(mine_path, {ola_}).status, 404);
  EXPECT_EQ(http.del(ours_path, {ola_}).status, 403);
  EXPECT_EQ(http.patch(ours_path, R"({"name":"Oslo"})", "application/json", {kari_}).status, 200);
  EXPECT_EQ(http.del(mine_path, {kari_}).status, 204);
}

TEST_P(SavedFilterTest, AnInvalidFilterOrNameIsNotSaved) {
  HttpClient http = server().client();
  const HttpResult bad_filter = http.post(
      "/api/v1/saved-filters",
      json{{"name", "X"}, {"filter", {{"field", "nope"}, {"op", "eq"}, {"value", 1}}}}.dump(),
      "application/json", {kari_});
  EXPECT_EQ(bad_filter.status, 422);
  EXPECT_EQ(http.post("/api/v1/saved-filters", json{{"name", ""}, {"filter", kOsloFilter}}.dump(),
                      "application/json", {kari_})
                .status,
            422);
  EXPECT_EQ(http.post("/api/v1/saved-filters", json{{"name", "No filter"}}.dump(),
                      "application/json", {kari_})
                .status,
            422);
}

TEST_P(SavedFilterTest, ThePersonListSavesAndAppliesAFilter) {
  auto& persons = server().services().persons();
  persons.create(Actor::system("test"), {{"first_name", "A"}, {"city", "Oslo"}});
  persons.create(Actor::system("test"), {{"first_name", "B"}, {"city", "Bergen"}});
  std::string csrf;
  HttpClient http = server().logged_in_client("kari", &csrf);
  const HttpResult saved = http.post_form("/persons/saved-filters", {{"csrf", csrf},
                                                                     {"name", "Oslo people"},
                                                                     {"match", "all"},
                                                                     {"rows", "1"},
                                                                     {"f1", "city"},
                                                                     {"o1", "eq"},
                                                                     {"v1", "oslo"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  const HttpResult page = http.get(saved.header("location"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Oslo people"), std::string::npos);
  EXPECT_NE(page.body.find("Matches: 1"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Databases, SavedFilterTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
