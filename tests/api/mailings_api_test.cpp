// /api/v1/mailings and /api/v1/outbox: composing a mailing with its audience counted (who is left
// out and why, consent::BulkRules), previewing it, sending it, and the outbox it fills. The test
// server runs no mail workers: the tests expand a sent mailing into the outbox themselves with
// MailingService::expand_next.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/soci.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

const json kNewsletter = {{"key", "newsletter"},
                          {"names", {{"en", "Newsletter"}}},
                          {"purposes", {{"en", "We send you our monthly newsletter by e-mail."}}},
                          {"legal_basis", "a"},
                          {"portal_changeable", true}};

constexpr const char* kStart = "2026-09-21T14:13:20Z";  // the test clock's first reading

class MailingsApiTest : public ApiTest {
 protected:
  HttpResult post(const std::string& path, const json& body, const std::string& auth) {
    return http().post(path, body.dump(), "application/json", {auth});
  }
  HttpResult patch(const std::string& path, const json& body, const std::string& auth) {
    return http().patch(path, body.dump(), "application/json", {auth});
  }
  json get(const std::string& path, const std::string& auth) {
    const HttpResult result = http().get(path, {auth});
    EXPECT_EQ(result.status, 200) << path << " " << result.body;
    return json::parse(result.body, nullptr, false);
  }
  static std::string id_path(const std::string& prefix, long long id,
                             const std::string& suffix = "") {
    return prefix + std::to_string(id) + suffix;
  }
  static std::string mailing_path(long long id, const std::string& suffix = "") {
    return id_path("/api/v1/mailings/", id, suffix);
  }
  static std::string person_path(long long id, const std::string& suffix = "") {
    return id_path("/api/v1/persons/", id, suffix);
  }

  long long person(const std::string& first_name, const std::string& last_name,
                   const std::string& email, const std::string& city = "") {
    json body = {{"first_name", first_name}, {"last_name", last_name}, {"city", city}};
    if (!email.empty()) {
      body["email"] = email;
    }
    const HttpResult created = post("/api/v1/persons", body, staff_);
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body)["id"].get<long long>();
  }
  void processing(long long id, const json& body) {
    const HttpResult changed = patch(person_path(id, "/processing"), body, staff_);
    EXPECT_EQ(changed.status, 200) << changed.body;
  }
  void consent(long long id, bool granted) {
    const HttpResult given = post(person_path(id, "/consents"),
                                  {{"consent_type", "newsletter"}, {"granted", granted}}, staff_);
    EXPECT_EQ(given.status, 201) << given.body;
  }

  /// One person for each reason a marketing mailing leaves someone out, and one it reaches.
  void make_audience() {
    ASSERT_EQ(post("/api/v1/consent-types", kNewsletter, admin_).status, 201);
    no_email_ = person("Nina", "Utenpost", "", "Oslo");
    restricted_ = person("Rita", "Sperret", "rita@example.com", "Oslo");
    processing(restricted_,
               {{"processing_restricted", true}, {"restriction_reason", "Disputes the address"}});
    objecting_ = person("Otto", "Motsier", "otto@example.com", "Bergen");
    processing(objecting_, {{"objects_to_direct_marketing", true}});
    no_consent_ = person("Nils", "Nei", "nils@example.com", "Bergen");
    consenting_ = person("Kari", "Nordmann", "kari@example.com", "Oslo");
    consent(consenting_, true);
  }

  static json marketing(const std::string& name = "September news") {
    return {{"name", name},
            {"purpose", "marketing"},
            {"consent_type", "newsletter"},
            {"subject", "News for {{first_name}}"},
            {"body", "Dear {{name}},\n\nthe news from {{city}}.\n"}};
  }
  static json service(const std::string& name = "New opening hours") {
    return {{"name", name},
            {"purpose", "service"},
            {"subject", "Opening hours, {{first_name}}"},
            {"body", "Hello {{name}}, we now open at nine."}};
  }

  json create(const json& body, const std::string& auth) {
    const HttpResult created = post("/api/v1/mailings", body, auth);
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body, nullptr, false);
  }
  static std::vector<std::string> field_errors(const HttpResult& result) {
    std::vector<std::string> fields;
    const json problem = json::parse(result.body, nullptr, false);
    if (problem.is_object() && problem.contains("errors")) {
      for (const auto& error : problem["errors"]) {
        fields.push_back(error["field"].get<std::string>());
      }
    }
    return fields;
  }
  static bool names(const HttpResult& result, const std::string& field) {
    const auto fields = field_errors(result);
    return std::find(fields.begin(), fields.end(), field) != fields.end();
  }
  /// Expects a 422 application/problem+json that names `field`.
  void expect_invalid(const HttpResult& result, const std::string& field, const std::string& what) {
    EXPECT_EQ(result.status, 422) << what << ": " << result.body;
    EXPECT_EQ(result.header("content-type"), "application/problem+json") << what;
    EXPECT_TRUE(names(result, field)) << what << " does not name " << field << ": " << result.body;
  }

  /// What the mail workers do: expands the queued mailings into the outbox until none is left.
  /// Returns what each call queued.
  std::vector<long long> expand_all(int batch = mail::MailingService::kExpandBatch) {
    std::vector<long long> queued;
    for (int i = 0; i < 100; ++i) {
      const auto added = server().services().mailings().expand_next(batch);
      if (!added) {
        return queued;
      }
      queued.push_back(*added);
    }
    ADD_FAILURE() << "expand_next never ran out of mailings";
    return queued;
  }

  json outbox(const std::string& query, const std::string& auth) {
    return get("/api/v1/outbox" + query, auth);
  }
  std::vector<std::string> audit_actions(long long person_id) {
    const json audit =
        get("/api/v1/audit?limit=500&person_id=" + std::to_string(person_id), admin_);
    std::vector<std::string> actions;
    for (const auto& event : audit["items"]) {
      actions.push_back(event["action"].get<std::string>());
    }
    return actions;
  }

  long long no_email_ = 0;
  long long restricted_ = 0;
  long long objecting_ = 0;
  long long no_consent_ = 0;
  long long consenting_ = 0;
};

TEST_P(MailingsApiTest, AMarketingMailingCountsWhomItLeavesOutByReason) {
  make_audience();
  const HttpResult created = post("/api/v1/mailings", marketing(), staff_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("content-type"), "application/json");
  const json mailing = json::parse(created.body);
  EXPECT_GT(mailing["id"].get<long long>(), 0);
  EXPECT_EQ(mailing["name"], "September news");
  EXPECT_EQ(mailing["purpose"], "marketing");
  EXPECT_EQ(mailing["consent_type"], "newsletter");
  EXPECT_TRUE(mailing["filter"].is_null());
  EXPECT_TRUE(mailing["saved_filter_id"].is_null());
  EXPECT_TRUE(mailing["incident_id"].is_null());
  EXPECT_EQ(mailing["subject"], "News for {{first_name}}");
  EXPECT_EQ(mailing["body"], "Dear {{name}},\n\nthe news from {{city}}.\n");
  EXPECT_EQ(mailing["status"], "draft");
  EXPECT_EQ(mailing["included"], 1);
  EXPECT_EQ(mailing["excluded"],
            json({{"no_email", 1}, {"restricted", 1}, {"objects", 1}, {"no_consent", 1}}));
  EXPECT_EQ(mailing["total"], 0);
  EXPECT_EQ(mailing["queued"], 0);
  EXPECT_EQ(mailing["sent"], 0);
  EXPECT_EQ(mailing["failed"], 0);
  EXPECT_EQ(mailing["percent_done"], 0);
  EXPECT_EQ(mailing["created_by"], "staff");
  EXPECT_TRUE(mailing["sent_by"].is_null());
  EXPECT_EQ(mailing["created_at"], kStart);
  EXPECT_EQ(mailing["updated_at"], kStart);
  EXPECT_TRUE(mailing["send_at"].is_null());
  EXPECT_TRUE(mailing["queued_at"].is_null());
  EXPECT_TRUE(mailing["finished_at"].is_null());

  // Read back, a draft is counted as the audience is now: a withdrawal moves Kari.
  const long long id = mailing["id"].get<long long>();
  EXPECT_EQ(get(mailing_path(id), staff_), mailing);
  consent(consenting_, false);
  const json after = get(mailing_path(id), staff_);
  EXPECT_EQ(after["included"], 0);
  EXPECT_EQ(after["excluded"]["no_consent"], 2);

  // A person is counted under the first reason only: the counts add up to the audience.
  processing(no_email_, {{"processing_restricted", true}, {"restriction_reason", "Asked us to"}});
  processing(no_email_, {{"objects_to_direct_marketing", true}});
  const json first_reason = get(mailing_path(id), staff_);
  EXPECT_EQ(first_reason["excluded"],
            json({{"no_email", 1}, {"restricted", 1}, {"objects", 1}, {"no_consent", 2}}));

  const json list = get("/api/v1/mailings", staff_);
  ASSERT_EQ(list["items"].size(), 1U);
  EXPECT_EQ(list["items"][0]["id"], id);
  EXPECT_EQ(list["items"][0]["status"], "draft");
  EXPECT_TRUE(list["next"].is_null());
}

TEST_P(MailingsApiTest, AServiceMailingDoesNotLeaveOutObjectorsOrThoseWithoutConsent) {
  make_audience();
  const json mailing = create(service(), staff_);
  EXPECT_EQ(mailing["purpose"], "service");
  EXPECT_TRUE(mailing["consent_type"].is_null());
  EXPECT_EQ(mailing["included"], 3);  // Otto, Nils and Kari
  EXPECT_EQ(mailing["excluded"], json({{"no_email", 1}, {"restricted", 1}}));

  // A filter narrows the audience; the reasons apply within it.
  json in_oslo = service("Oslo only");
  in_oslo["filter"] = {{"field", "city"}, {"op", "eq"}, {"value", "Oslo"}};
  const json oslo = create(in_oslo, staff_);
  EXPECT_EQ(oslo["filter"], in_oslo["filter"]);
  EXPECT_EQ(oslo["included"], 1);  // Kari
  EXPECT_EQ(oslo["excluded"], json({{"no_email", 1}, {"restricted", 1}}));

  // A consent type is only for marketing.
  json with_consent = service();
  with_consent["consent_type"] = "newsletter";
  expect_invalid(post("/api/v1/mailings", with_consent, staff_), "consent_type",
                 "a service mailing with a consent type");
}

TEST_P(MailingsApiTest, BreachMailingsAreForPrivacyOfficersAndAdmins) {
  make_audience();
  json breach = service("We lost a laptop");
  breach["purpose"] = "breach";
  const HttpResult refused = post("/api/v1/mailings", breach, staff_);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");

  server().add_user("dpo", Role::kPrivacyOfficer);
  const std::string dpo = "Authorization: Bearer " + server().api_token("dpo");
  const json mailing = create(breach, dpo);
  EXPECT_EQ(mailing["purpose"], "breach");
  EXPECT_EQ(mailing["created_by"], "dpo");
  // Restricted persons are left out of breach notices too; objections do not apply.
  EXPECT_EQ(mailing["included"], 3);
  EXPECT_EQ(mailing["excluded"], json({{"no_email", 1}, {"restricted", 1}}));
  EXPECT_EQ(create(breach, admin_)["purpose"], "breach");

  // Staff may read it but not change, delete or send it; nor turn their own draft into one.
  const long long id = mailing["id"].get<long long>();
  EXPECT_EQ(get(mailing_path(id), staff_)["name"], "We lost a laptop");
  EXPECT_EQ(patch(mailing_path(id), {{"name", "Renamed"}}, staff_).status, 403);
  EXPECT_EQ(http().del(mailing_path(id), {staff_}).status, 403);
  EXPECT_EQ(post(mailing_path(id, "/send"), json::object(), staff_).status, 403);
  const long long own = create(service(), staff_)["id"].get<long long>();
  EXPECT_EQ(patch(mailing_path(own), {{"purpose", "breach"}}, staff_).status, 403);
  EXPECT_EQ(get(mailing_path(id), dpo)["status"], "draft");
  EXPECT_EQ(get(mailing_path(own), staff_)["purpose"], "service");
}

TEST_P(MailingsApiTest, BadDraftsAre422NamingTheField) {
  make_audience();
  json no_type = marketing();
  no_type.erase("consent_type");
  expect_invalid(post("/api/v1/mailings", no_type, staff_), "consent_type",
                 "marketing without a consent type");
  json null_type = marketing();
  null_type["consent_type"] = nullptr;
  expect_invalid(post("/api/v1/mailings", null_type, staff_), "consent_type",
                 "marketing with a null consent type");
  json unknown_type = marketing();
  unknown_type["consent_type"] = "no_such_type";
  expect_invalid(post("/api/v1/mailings", unknown_type, staff_), "consent_type",
                 "an unknown consent type");

  json unknown_field = marketing();
  unknown_field["subject"] = "Hi {{nosuchfield}}";
  const HttpResult unknown_tag = post("/api/v1/mailings", unknown_field, staff_);
  expect_invalid(unknown_tag, "subject", "an unknown field in the subject");
  EXPECT_NE(unknown_tag.body.find("nosuchfield"), std::string::npos) << unknown_tag.body;
  EXPECT_FALSE(names(unknown_tag, "body"));
  json unclosed = marketing();
  unclosed["body"] = "{{#city}}Hello from {{city}}";
  expect_invalid(post("/api/v1/mailings", unclosed, staff_), "body", "an unclosed section");
  json portal_link = marketing();
  portal_link["body"] = "Your data: {{portal_link}}";
  expect_invalid(post("/api/v1/mailings", portal_link, staff_), "body",
                 "{{portal_link}} in a mailing");
  json partial = marketing();
  partial["body"] = "{{> footer}}";
  expect_invalid(post("/api/v1/mailings", partial, staff_), "body", "a partial");
  json two_lines = marketing();
  two_lines["subject"] = "One\nTwo";
  expect_invalid(post("/api/v1/mailings", two_lines, staff_), "subject", "a two-line subject");

  json unknown_member = marketing();
  unknown_member["colour"] = "red";
  expect_invalid(post("/api/v1/mailings", unknown_member, staff_), "colour", "an unknown member");
  const HttpResult saved = post(
      "/api/v1/saved-filters",
      {{"name", "Oslo"}, {"filter", {{"field", "city"}, {"op", "eq"}, {"value", "Oslo"}}}}, staff_);
  ASSERT_EQ(saved.status, 201) << saved.body;
  json both = marketing();
  both["filter"] = {{"field", "city"}, {"op", "eq"}, {"value", "Bergen"}};
  both["saved_filter_id"] = json::parse(saved.body)["id"];
  expect_invalid(post("/api/v1/mailings", both, staff_), "filter", "a filter and a saved filter");
  json no_saved = marketing();
  no_saved["saved_filter_id"] = 9999;
  expect_invalid(post("/api/v1/mailings", no_saved, staff_), "saved_filter_id",
                 "an unknown saved filter");
  json bad_filter = marketing();
  bad_filter["filter"] = {{"field", "no_such_field"}, {"op", "eq"}, {"value", "x"}};
  EXPECT_EQ(post("/api/v1/mailings", bad_filter, staff_).status, 422);
  json filter_text = marketing();
  filter_text["filter"] = "city = Oslo";
  expect_invalid(post("/api/v1/mailings", filter_text, staff_), "filter", "a filter that is text");
  json bad_purpose = marketing();
  bad_purpose["purpose"] = "spam";
  expect_invalid(post("/api/v1/mailings", bad_purpose, staff_), "purpose", "an unknown purpose");
  json incident = marketing();
  incident["incident_id"] = 1;
  expect_invalid(post("/api/v1/mailings", incident, staff_), "incident_id", "an incident");

  // Several faults are named together.
  const HttpResult empty = post("/api/v1/mailings", {{"purpose", "marketing"}}, staff_);
  ASSERT_EQ(empty.status, 422) << empty.body;
  for (const char* field : {"name", "consent_type", "subject", "body"}) {
    EXPECT_TRUE(names(empty, field)) << field << ": " << empty.body;
  }
  EXPECT_EQ(http().post("/api/v1/mailings", "[1, 2]", "application/json", {staff_}).status, 400);
  EXPECT_EQ(http().post("/api/v1/mailings", "{", "application/json", {staff_}).status, 400);
  EXPECT_TRUE(get("/api/v1/mailings", staff_)["items"].empty());
}

TEST_P(MailingsApiTest, ASavedFiltersFilterIsTheAudience) {
  make_audience();
  const json oslo_filter = {{"field", "city"}, {"op", "eq"}, {"value", "Oslo"}};
  const HttpResult saved =
      post("/api/v1/saved-filters", {{"name", "In Oslo"}, {"filter", oslo_filter}}, staff_);
  ASSERT_EQ(saved.status, 201) << saved.body;
  const long long saved_id = json::parse(saved.body)["id"].get<long long>();

  json draft = service("Oslo opening hours");
  draft["saved_filter_id"] = saved_id;
  const json mailing = create(draft, staff_);
  EXPECT_EQ(mailing["saved_filter_id"], saved_id);
  EXPECT_EQ(mailing["filter"], oslo_filter);
  EXPECT_EQ(mailing["included"], 1);  // Kari; Nina has no address, Rita is restricted
  EXPECT_EQ(mailing["excluded"], json({{"no_email", 1}, {"restricted", 1}}));
  const long long id = mailing["id"].get<long long>();
  EXPECT_EQ(get(mailing_path(id, "/preview"), staff_)["person_id"], consenting_);

  // A change to the draft takes the saved filter as it is now.
  const json bergen_filter = {{"field", "city"}, {"op", "eq"}, {"value", "Bergen"}};
  ASSERT_EQ(patch(id_path("/api/v1/saved-filters/", saved_id), {{"filter", bergen_filter}}, staff_)
                .status,
            200);
  const HttpResult renamed = patch(mailing_path(id), {{"name", "Bergen opening hours"}}, staff_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(json::parse(renamed.body)["filter"], bergen_filter);
  EXPECT_EQ(json::parse(renamed.body)["included"], 2);  // Otto and Nils

  // Sending it reaches those persons.
  const HttpResult sent = post(mailing_path(id, "/send"), json::object(), staff_);
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_EQ(json::parse(sent.body)["included"], 2);
  EXPECT_EQ(expand_all(), std::vector<long long>({2}));
  const json outbox_page = outbox("?mailing_id=" + std::to_string(id), staff_);
  std::vector<std::string> recipients;
  for (const auto& message : outbox_page["items"]) {
    recipients.push_back(message["recipient"].get<std::string>());
  }
  std::sort(recipients.begin(), recipients.end());
  EXPECT_EQ(recipients, std::vector<std::string>({"nils@example.com", "otto@example.com"}));
}

TEST_P(MailingsApiTest, APreviewRendersTheMailingForOneRecipient) {
  make_audience();
  const long long id = create(marketing(), staff_)["id"].get<long long>();

  const HttpResult first = http().get(mailing_path(id, "/preview"), {staff_});
  ASSERT_EQ(first.status, 200) << first.body;
  const json preview = json::parse(first.body);
  EXPECT_EQ(preview, json({{"person_id", consenting_},
                           {"person_name", "Kari Nordmann"},
                           {"to", "kari@example.com"},
                           {"subject", "News for Kari"},
                           {"body", "Dear Kari Nordmann,\n\nthe news from Oslo.\n"},
                           {"included", true}}));

  // Anyone, to see what they would get; whether they are in the audience is said.
  const json otto =
      get(mailing_path(id, "/preview?person_id=" + std::to_string(objecting_)), staff_);
  EXPECT_EQ(otto["person_id"], objecting_);
  EXPECT_EQ(otto["person_name"], "Otto Motsier");
  EXPECT_EQ(otto["to"], "otto@example.com");
  EXPECT_EQ(otto["subject"], "News for Otto");
  EXPECT_EQ(otto["body"], "Dear Otto Motsier,\n\nthe news from Bergen.\n");
  EXPECT_EQ(otto["included"], false);
  const json nina =
      get(mailing_path(id, "/preview?person_id=" + std::to_string(no_email_)), staff_);
  EXPECT_TRUE(nina["to"].is_null());
  EXPECT_EQ(nina["included"], false);
  const json kari =
      get(mailing_path(id, "/preview?person_id=" + std::to_string(consenting_)), staff_);
  EXPECT_EQ(kari, preview);

  const HttpResult unknown = http().get(mailing_path(id, "/preview?person_id=99999"), {staff_});
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(unknown.header("content-type"), "application/problem+json");
  EXPECT_EQ(http().get(mailing_path(id, "/preview?person_id=abc"), {staff_}).status, 422);
  EXPECT_EQ(http().get(mailing_path(id + 100, "/preview"), {staff_}).status, 404);

  // A preview shows a person's data: it is an audited read of that person.
  const auto actions = audit_actions(objecting_);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "mailing.preview"), actions.end());

  // When the audience is empty there is no one to preview for.
  consent(consenting_, false);
  EXPECT_EQ(http().get(mailing_path(id, "/preview"), {staff_}).status, 404);
}

TEST_P(MailingsApiTest, ADraftIsChangedAndDeleted) {
  make_audience();
  const long long id = create(marketing(), staff_)["id"].get<long long>();
  server().clock().advance(60);

  const HttpResult changed = patch(mailing_path(id),
                                   {{"name", "Opening hours"},
                                    {"purpose", "service"},
                                    {"consent_type", nullptr},
                                    {"subject", "Hours for {{first_name}}"}},
                                   staff_);
  ASSERT_EQ(changed.status, 200) << changed.body;
  const json mailing = json::parse(changed.body);
  EXPECT_EQ(mailing["id"], id);
  EXPECT_EQ(mailing["name"], "Opening hours");
  EXPECT_EQ(mailing["purpose"], "service");
  EXPECT_TRUE(mailing["consent_type"].is_null());
  EXPECT_EQ(mailing["subject"], "Hours for {{first_name}}");
  EXPECT_EQ(mailing["body"], "Dear {{name}},\n\nthe news from {{city}}.\n");  // unchanged
  EXPECT_EQ(mailing["status"], "draft");
  EXPECT_EQ(mailing["included"], 3);  // recounted for the new purpose
  EXPECT_EQ(mailing["excluded"], json({{"no_email", 1}, {"restricted", 1}}));
  EXPECT_EQ(mailing["created_at"], kStart);
  EXPECT_NE(mailing["updated_at"], kStart);
  EXPECT_EQ(get(mailing_path(id), staff_), mailing);

  // The audience as a whole: a filter, then back to everyone.
  const json bergen = {{"field", "city"}, {"op", "eq"}, {"value", "Bergen"}};
  const HttpResult filtered = patch(mailing_path(id), {{"filter", bergen}}, staff_);
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(json::parse(filtered.body)["filter"], bergen);
  EXPECT_EQ(json::parse(filtered.body)["included"], 2);
  const HttpResult everyone = patch(mailing_path(id), {{"filter", nullptr}}, staff_);
  ASSERT_EQ(everyone.status, 200) << everyone.body;
  EXPECT_TRUE(json::parse(everyone.body)["filter"].is_null());
  EXPECT_EQ(json::parse(everyone.body)["included"], 3);

  // A bad change is refused and changes nothing.
  expect_invalid(patch(mailing_path(id), {{"purpose", "marketing"}}, staff_), "consent_type",
                 "marketing without a consent type");
  expect_invalid(patch(mailing_path(id), {{"body", "{{nosuchfield}}"}}, staff_), "body",
                 "an unknown field");
  expect_invalid(patch(mailing_path(id), {{"colour", "red"}}, staff_), "colour",
                 "an unknown member");
  expect_invalid(patch(mailing_path(id), {{"name", ""}}, staff_), "name", "an empty name");
  EXPECT_EQ(get(mailing_path(id), staff_)["name"], "Opening hours");
  EXPECT_EQ(get(mailing_path(id), staff_)["body"], "Dear {{name}},\n\nthe news from {{city}}.\n");
  EXPECT_EQ(patch(mailing_path(id + 100), {{"name", "x"}}, staff_).status, 404);
  EXPECT_EQ(patch(mailing_path(id), {{"name", "x"}}, "Accept: application/json").status, 401);

  EXPECT_EQ(
      http().request("DELETE", mailing_path(id), "", {"Content-Type: application/json"}).status,
      401);
  const HttpResult removed = http().del(mailing_path(id), {staff_});
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_TRUE(removed.body.empty());
  EXPECT_EQ(http().get(mailing_path(id), {staff_}).status, 404);
  EXPECT_EQ(http().del(mailing_path(id), {staff_}).status, 404);
  EXPECT_EQ(http().get("/api/v1/mailings/abc", {staff_}).status, 404);
  EXPECT_TRUE(get("/api/v1/mailings", staff_)["items"].empty());
}

TEST_P(MailingsApiTest, SendingQueuesAMessagePerRecipientWithANoteAndAnAuditEvent) {
  make_audience();
  const json draft = service("Opening hours");
  const long long id = create(draft, staff_)["id"].get<long long>();
  server().clock().advance(60);

  const HttpResult sent = post(mailing_path(id, "/send"), json::object(), staff_);
  ASSERT_EQ(sent.status, 202) << sent.body;
  const json sending = json::parse(sent.body);
  EXPECT_EQ(sending["status"], "queuing");
  EXPECT_EQ(sending["included"], 3);
  EXPECT_EQ(sending["excluded"], json({{"no_email", 1}, {"restricted", 1}}));
  EXPECT_EQ(sending["total"], 0);
  EXPECT_EQ(sending["sent_by"], "staff");
  EXPECT_EQ(sending["send_at"], "2026-09-21T14:14:20Z");
  EXPECT_TRUE(sending["queued_at"].is_null());

  // Once sending has begun the mailing cannot change.
  const HttpResult again = post(mailing_path(id, "/send"), json::object(), staff_);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.header("content-type"), "application/problem+json");
  EXPECT_EQ(patch(mailing_path(id), {{"name", "Renamed"}}, staff_).status, 409);
  EXPECT_EQ(http().del(mailing_path(id), {staff_}).status, 409);
  EXPECT_EQ(post(mailing_path(id + 100, "/send"), json::object(), staff_).status, 404);

  // The counts are those of when sending began, whatever happens to the persons since.
  processing(no_consent_, {{"processing_restricted", true}, {"restriction_reason", "Asked us"}});
  const json queuing = get(mailing_path(id), staff_);
  EXPECT_EQ(queuing["status"], "queuing");
  EXPECT_EQ(queuing["included"], 3);
  EXPECT_EQ(queuing["excluded"], json({{"no_email", 1}, {"restricted", 1}}));
  processing(no_consent_, {{"processing_restricted", false}});

  // The mail workers expand it into the outbox, in batches.
  EXPECT_EQ(expand_all(2), std::vector<long long>({3}));  // one call, in batches of 2 and 1
  const json queued = get(mailing_path(id), staff_);
  EXPECT_EQ(queued["status"], "sending");
  EXPECT_EQ(queued["total"], queued["included"]);
  EXPECT_EQ(queued["total"], 3);
  EXPECT_EQ(queued["queued"], 3);
  EXPECT_EQ(queued["sent"], 0);
  EXPECT_EQ(queued["failed"], 0);
  EXPECT_EQ(queued["percent_done"], 0);
  EXPECT_FALSE(queued["queued_at"].is_null());
  EXPECT_TRUE(queued["finished_at"].is_null());
  EXPECT_EQ(get("/api/v1/mailings", staff_)["items"][0]["total"], 3);

  const json page = outbox("?mailing_id=" + std::to_string(id), staff_);
  ASSERT_EQ(page["items"].size(), 3U) << page.dump();
  EXPECT_TRUE(page["next"].is_null());
  EXPECT_EQ(page["counts"]["queued"], 3);
  EXPECT_EQ(page["counts"]["sent"], 0);
  const std::map<long long, std::pair<std::string, std::string>> expected{
      {objecting_, {"otto@example.com", "Opening hours, Otto"}},
      {no_consent_, {"nils@example.com", "Opening hours, Nils"}},
      {consenting_, {"kari@example.com", "Opening hours, Kari"}}};
  long long previous_id = 0;
  for (const auto& message : page["items"]) {
    const long long person_id = message["person_id"].get<long long>();
    ASSERT_TRUE(expected.contains(person_id)) << message.dump();
    EXPECT_EQ(message["mailing_id"], id);
    EXPECT_EQ(message["kind"], "mailing");
    EXPECT_EQ(message["recipient"], expected.at(person_id).first);
    EXPECT_EQ(message["subject"], expected.at(person_id).second);
    EXPECT_EQ(message["status"], "queued");
    EXPECT_EQ(message["attempts"], 0);
    EXPECT_EQ(message["next_attempt_at"], "2026-09-21T14:14:20Z");
    EXPECT_TRUE(message["error"].is_null());
    EXPECT_EQ(message["created_at"], "2026-09-21T14:14:20Z");
    EXPECT_TRUE(message["sent_at"].is_null());
    if (previous_id != 0) {
      EXPECT_LT(message["id"].get<long long>(), previous_id);  // newest first
    }
    previous_id = message["id"].get<long long>();
  }

  // Each recipient has a note in their history and an audit event; those left out have neither.
  for (const auto& [person_id, address] : expected) {
    const json history = get(person_path(person_id, "/history"), staff_);
    ASSERT_EQ(history["items"].size(), 1U) << person_id;
    const json& note = history["items"][0];
    EXPECT_EQ(note["type"], "email");
    EXPECT_EQ(note["date"], "2026-09-21");
    EXPECT_EQ(note["text"], "Mailing \u201cOpening hours\u201d: " + address.second);
    EXPECT_EQ(note["author"], "staff");

    const json audit = get(
        "/api/v1/audit?action=mailing.recipient&person_id=" + std::to_string(person_id), admin_);
    ASSERT_EQ(audit["items"].size(), 1U) << person_id;
    EXPECT_EQ(audit["items"][0]["entity"], "mailing");
    EXPECT_EQ(audit["items"][0]["entity_id"], std::to_string(id));
    EXPECT_EQ(audit["items"][0]["actor"], "staff");
  }
  for (const long long left_out : {no_email_, restricted_}) {
    EXPECT_TRUE(get(person_path(left_out, "/history"), staff_)["items"].empty()) << left_out;
    const json audit =
        get("/api/v1/audit?action=mailing.recipient&person_id=" + std::to_string(left_out), admin_);
    EXPECT_TRUE(audit["items"].empty()) << left_out;
  }
  EXPECT_EQ(get("/api/v1/audit?action=mailing.recipient", admin_)["items"].size(), 3U);
  EXPECT_EQ(get("/api/v1/audit?action=mailing.send", admin_)["items"].size(), 1U);
}

TEST_P(MailingsApiTest, TheOutboxListsFiltersAndRetriesOnlyFailedMessages) {
  make_audience();
  const long long first = create(service("First"), staff_)["id"].get<long long>();
  const long long second = create(marketing("Second"), staff_)["id"].get<long long>();
  ASSERT_EQ(post(mailing_path(first, "/send"), json::object(), staff_).status, 202);
  ASSERT_EQ(post(mailing_path(second, "/send"), json::object(), staff_).status, 202);
  EXPECT_EQ(expand_all(), std::vector<long long>({3, 1}));  // oldest mailing first

  const json all = outbox("", staff_);
  ASSERT_EQ(all["items"].size(), 4U);
  EXPECT_EQ(all["items"][0]["mailing_id"], second);
  EXPECT_EQ(all["items"][0]["recipient"], "kari@example.com");
  EXPECT_EQ(all["items"][0]["subject"], "News for Kari");
  EXPECT_EQ(all["counts"], json({{"queued", 4}, {"sending", 0}, {"sent", 0}, {"failed", 0}}));
  EXPECT_EQ(outbox("?mailing_id=" + std::to_string(first), staff_)["items"].size(), 3U);
  EXPECT_EQ(outbox("?mailing_id=" + std::to_string(second), staff_)["items"].size(), 1U);
  EXPECT_EQ(outbox("?status=queued", staff_)["items"].size(), 4U);
  const json sent = outbox("?status=sent", staff_);
  EXPECT_TRUE(sent["items"].empty());
  EXPECT_EQ(sent["counts"]["queued"], 4);  // the counts are of the whole outbox

  // Pages, newest first.
  const json page1 = outbox("?limit=3", staff_);
  ASSERT_EQ(page1["items"].size(), 3U);
  ASSERT_TRUE(page1["next"].is_string());
  EXPECT_EQ(page1["next"], std::to_string(page1["items"][2]["id"].get<long long>()));
  const json page2 = outbox("?limit=3&after=" + page1["next"].get<std::string>(), staff_);
  ASSERT_EQ(page2["items"].size(), 1U);
  EXPECT_TRUE(page2["next"].is_null());
  EXPECT_LT(page2["items"][0]["id"].get<long long>(), page1["items"][2]["id"].get<long long>());

  const HttpResult bogus = http().get("/api/v1/outbox?status=bogus", {staff_});
  expect_invalid(bogus, "status", "an unknown status");
  expect_invalid(http().get("/api/v1/outbox?mailing_id=x", {staff_}), "mailing_id",
                 "a mailing id that is not a number");
  expect_invalid(http().get("/api/v1/outbox?limit=501", {staff_}), "limit", "a limit over 500");

  // Only a failed message is sent again.
  const long long queued_id = all["items"][0]["id"].get<long long>();
  const HttpResult retry =
      post(id_path("/api/v1/outbox/", queued_id, "/retry"), json::object(), staff_);
  EXPECT_EQ(retry.status, 409) << retry.body;
  EXPECT_EQ(retry.header("content-type"), "application/problem+json");
  const HttpResult unknown = post("/api/v1/outbox/99999/retry", json::object(), staff_);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(outbox("?status=queued", staff_)["items"].size(), 4U);

  // Listing the outbox shows addresses: it is audited.
  EXPECT_FALSE(get("/api/v1/audit?action=outbox.list", admin_)["items"].empty());
}

TEST_P(MailingsApiTest, AFailedMessageIsSentAgainAndItsMailingReopens) {
  make_audience();
  const long long id = create(marketing(), staff_)["id"].get<long long>();
  ASSERT_EQ(post(mailing_path(id, "/send"), json::object(), staff_).status, 202);
  EXPECT_EQ(expand_all(), std::vector<long long>({1}));
  const json queued = outbox("?mailing_id=" + std::to_string(id), staff_);
  ASSERT_EQ(queued["items"].size(), 1U);
  const long long message_id = queued["items"][0]["id"].get<long long>();

  // The mail server refused it for good (what a delivery worker records), and the mailing ended.
  server().services().database().write([&](soci::session& session) {
    session << "UPDATE outbox SET status = 'failed', attempts = 3,"
               " last_error = '550 5.1.1 No such user' WHERE id = "
            << message_id;
  });
  server().services().mailings().finish_done();
  const json done = get(mailing_path(id), staff_);
  EXPECT_EQ(done["status"], "done");
  EXPECT_EQ(done["failed"], 1);
  EXPECT_EQ(done["queued"], 0);
  EXPECT_EQ(done["percent_done"], 100);
  EXPECT_FALSE(done["finished_at"].is_null());
  const json failed = outbox("?status=failed", staff_);
  ASSERT_EQ(failed["items"].size(), 1U);
  EXPECT_EQ(failed["items"][0]["error"], "550 5.1.1 No such user");
  EXPECT_EQ(failed["items"][0]["attempts"], 3);
  EXPECT_TRUE(failed["items"][0]["next_attempt_at"].is_null());
  EXPECT_EQ(failed["counts"]["failed"], 1);

  server().clock().advance(3600);
  const HttpResult retried =
      post(id_path("/api/v1/outbox/", message_id, "/retry"), json::object(), staff_);
  ASSERT_EQ(retried.status, 200) << retried.body;
  const json message = json::parse(retried.body);
  EXPECT_EQ(message["id"], message_id);
  EXPECT_EQ(message["mailing_id"], id);
  EXPECT_EQ(message["person_id"], consenting_);
  EXPECT_EQ(message["recipient"], "kari@example.com");
  EXPECT_EQ(message["status"], "queued");
  EXPECT_EQ(message["attempts"], 0);
  EXPECT_TRUE(message["error"].is_null());
  EXPECT_EQ(message["next_attempt_at"], "2026-09-21T15:13:20Z");  // at once
  EXPECT_TRUE(message["sent_at"].is_null());

  const json reopened = get(mailing_path(id), staff_);
  EXPECT_EQ(reopened["status"], "sending");
  EXPECT_TRUE(reopened["finished_at"].is_null());
  EXPECT_EQ(reopened["queued"], 1);
  EXPECT_EQ(reopened["failed"], 0);
  const json audit = get("/api/v1/audit?action=outbox.retry", admin_);
  ASSERT_EQ(audit["items"].size(), 1U);
  EXPECT_EQ(audit["items"][0]["person_id"], consenting_);
  // Queued again, it cannot be retried again.
  EXPECT_EQ(post(id_path("/api/v1/outbox/", message_id, "/retry"), json::object(), staff_).status,
            409);
}

TEST_P(MailingsApiTest, AMessageThatCannotBeComposedFailsAndHasNothingToRetry) {
  // Vern takes addresses with a non-ASCII local part, but mail to them cannot be composed yet.
  const long long kare = person("K\u00e5re", "\u00c5s", "k\u00e5re@example.com");
  const long long id = create(service(), staff_)["id"].get<long long>();
  EXPECT_EQ(create(service(), staff_)["included"], 1);
  ASSERT_EQ(post(mailing_path(id, "/send"), json::object(), staff_).status, 202);
  EXPECT_EQ(expand_all(), std::vector<long long>({1}));

  const json failed = outbox("?status=failed", staff_);
  ASSERT_EQ(failed["items"].size(), 1U) << failed.dump();
  const json& message = failed["items"][0];
  EXPECT_EQ(message["person_id"], kare);
  EXPECT_EQ(message["recipient"], "k\u00e5re@example.com");
  EXPECT_EQ(message["status"], "failed");
  EXPECT_EQ(message["attempts"], 0);
  ASSERT_TRUE(message["error"].is_string());
  EXPECT_NE(message["error"].get<std::string>().find("ASCII"), std::string::npos);
  const json mailing = get(mailing_path(id), staff_);
  EXPECT_EQ(mailing["total"], 1);
  EXPECT_EQ(mailing["failed"], 1);
  EXPECT_EQ(mailing["percent_done"], 100);

  // It never had any content: there is nothing to send again.
  const long long message_id = message["id"].get<long long>();
  const HttpResult retried =
      post(id_path("/api/v1/outbox/", message_id, "/retry"), json::object(), staff_);
  EXPECT_EQ(retried.status, 409) << retried.body;
  EXPECT_EQ(outbox("?status=failed", staff_)["items"].size(), 1U);
}

TEST_P(MailingsApiTest, MailingsAndTheOutboxNeedCredentials) {
  make_audience();
  const long long id = create(service(), staff_)["id"].get<long long>();
  const std::vector<std::pair<std::string, std::string>> calls{
      {"GET", "/api/v1/mailings"},         {"POST", "/api/v1/mailings"},
      {"GET", mailing_path(id)},           {"PATCH", mailing_path(id)},
      {"DELETE", mailing_path(id)},        {"GET", mailing_path(id, "/preview")},
      {"POST", mailing_path(id, "/send")}, {"GET", "/api/v1/outbox"},
      {"POST", "/api/v1/outbox/1/retry"},
  };
  for (const auto& [method, path] : calls) {
    const HttpResult result =
        http().request(method, path, method == "GET" || method == "DELETE" ? "" : service().dump(),
                       {"Content-Type: application/json"});
    EXPECT_EQ(result.status, 401) << method << " " << path << " " << result.body;
    EXPECT_EQ(result.header("content-type"), "application/problem+json") << method << " " << path;
  }
  const json mailing = get(mailing_path(id), staff_);
  EXPECT_EQ(mailing["status"], "draft");  // nothing happened
  EXPECT_EQ(get("/api/v1/mailings", staff_)["items"].size(), 1U);
}

TEST_P(MailingsApiTest, TheMailingListPagesNewestFirst) {
  make_audience();
  std::vector<long long> ids;
  for (const char* name : {"One", "Two", "Three"}) {
    ids.push_back(create(service(name), staff_)["id"].get<long long>());
  }
  const json first = get("/api/v1/mailings?limit=2", staff_);
  ASSERT_EQ(first["items"].size(), 2U);
  EXPECT_EQ(first["items"][0]["id"], ids[2]);
  EXPECT_EQ(first["items"][1]["id"], ids[1]);
  EXPECT_EQ(first["next"], std::to_string(ids[1]));
  const json second = get("/api/v1/mailings?limit=2&after=" + std::to_string(ids[1]), staff_);
  ASSERT_EQ(second["items"].size(), 1U);
  EXPECT_EQ(second["items"][0]["name"], "One");
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_EQ(http().get("/api/v1/mailings?limit=0", {staff_}).status, 422);
}

INSTANTIATE_TEST_SUITE_P(Databases, MailingsApiTest, vern::testing::all_backends(),
                         vern::testing::backend_name);

}  // namespace
}  // namespace vern::testing
