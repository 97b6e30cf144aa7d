#include "web/portal_pages.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/soci.hpp"
#include "support/portal_token.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

using nlohmann::json;

// The subject's side of the portal over HTTP, on both databases: the token swap, what the page
// shows and hides, every action, and the security rules of issue 7.
class PortalPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    set_portal("first_name", crm::PortalAccess::kRead, 1);
    set_portal("last_name", crm::PortalAccess::kRead, 2);
    set_portal("email", crm::PortalAccess::kEdit, 3);
    set_portal("city", crm::PortalAccess::kEdit, 4);
    // street stays hidden
    privacy::PortalSettingsChanges settings;
    settings.organisation_name = "Nordlys AS";
    settings.show_history_types = std::vector<std::string>{"call"};
    services().portal_settings().update(staff_, settings);
    consent::NewConsentType newsletter;
    newsletter.key = "newsletter";
    newsletter.names = {"Newsletter", "Nyhetsbrev", "Nyhetsbrev"};
    newsletter.purposes = {"Monthly news", "Månedlige nyheter", "Månatliga nyheter"};
    newsletter.legal_basis = consent::LegalBasis::kA;
    newsletter.portal_changeable = true;
    services().consents().create_type(staff_, newsletter);
    consent::NewConsentType profiling = newsletter;
    profiling.key = "profiling";
    profiling.names = {"Profiling", "Profilering", "Profilering"};
    profiling.portal_changeable = false;
    services().consents().create_type(staff_, profiling);
    kari_ = person("Kari", "kari@example.no", "nb", "Hemmelig gate 1");
    ola_ = person("Ola", "ola@example.no", "sv", "Skjult vei 2");
  }

  app::Services& services() { return server().services(); }

  void set_portal(const std::string& key, crm::PortalAccess access, int order) {
    crm::FieldChanges changes;
    changes.portal = access;
    changes.portal_order = order;
    services().fields().change(staff_, key, changes);
  }

  long long person(const std::string& name, const std::string& email, const std::string& language,
                   const std::string& street) {
    return services()
        .persons()
        .create(staff_, {{"first_name", name},
                         {"last_name", "Nordmann"},
                         {"email", email},
                         {"city", "Bergen"},
                         {"street", street},
                         {"language", language}})
        .id;
  }

  /// A client holding a portal session for `person_id`, opened through an e-mailed link.
  HttpClient open_portal(long long person_id, std::string* csrf = nullptr) {
    services().portal_links().send(staff_, person_id, std::nullopt);
    const std::string token = portal_token_from_outbox(services().database(), person_id);
    EXPECT_FALSE(token.empty());
    tokens_.push_back(token);
    HttpClient client = server().client();
    const HttpResult opened = client.get("/p/" + token);
    EXPECT_EQ(opened.status, 303) << opened.body;
    EXPECT_EQ(opened.header("location"), "/portal");
    if (csrf != nullptr) {
      const HttpResult page = client.get("/portal");
      const std::string marker = "name=\"csrf\" value=\"";
      const auto at = page.body.find(marker);
      EXPECT_NE(at, std::string::npos) << page.body;
      if (at != std::string::npos) {
        *csrf = page.body.substr(at + marker.size(),
                                 page.body.find('"', at + marker.size()) - at - marker.size());
      }
    }
    return client;
  }

  crm::Person read(long long id) { return services().persons().get(staff_, id); }

  const Actor staff_ = Actor::system("test");
  long long kari_ = 0;
  long long ola_ = 0;
  std::vector<std::string> tokens_;
};

TEST_P(PortalPagesTest, ALinkBecomesASessionCookieAndTheTokenLeavesTheAddressBar) {
  services().portal_links().send(staff_, kari_, std::nullopt);
  const std::string token = portal_token_from_outbox(services().database(), kari_);
  ASSERT_EQ(token.size(), 43U);  // 256 bits in base64url
  HttpClient client = server().client();
  const HttpResult opened = client.get("/p/" + token);
  ASSERT_EQ(opened.status, 303);
  EXPECT_EQ(opened.header("location"), "/portal");
  ASSERT_EQ(opened.set_cookies.size(), 1U);
  const std::string& cookie = opened.set_cookies[0];
  EXPECT_EQ(cookie.rfind("vern_portal=", 0), 0U) << cookie;
  EXPECT_NE(cookie.find("Path=/portal"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=172800"), std::string::npos);  // the link's 48 hours
  EXPECT_EQ(cookie.find(token), std::string::npos);             // a new secret, not the token

  const HttpResult page = client.get("/portal");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<html lang=\"nb\">"), std::string::npos);  // Kari's language
  EXPECT_NE(page.body.find("Dine personopplysninger"), std::string::npos);
  EXPECT_NE(page.body.find("Nordlys AS"), std::string::npos);
  EXPECT_NE(page.body.find("Kari"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"kari@example.no\""), std::string::npos);  // editable
  EXPECT_NE(page.body.find("Månedlige nyheter"), std::string::npos);
  EXPECT_EQ(page.body.find("Hemmelig gate"), std::string::npos);  // street is hidden
  EXPECT_EQ(page.body.find("Ola"), std::string::npos);
  EXPECT_EQ(page.body.find("<script"), std::string::npos);  // works without JavaScript
  // Nothing from elsewhere: every stylesheet, icon and link is Vern's own or a mailto.
  EXPECT_EQ(page.body.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page.body.find("href=\"http"), std::string::npos);
}

TEST_P(PortalPagesTest, UnknownExpiredAndRevokedLinksShowNoPersonalData) {
  HttpClient client = server().client();
  const HttpResult unknown = client.get("/p/not-a-real-token-at-all-not-a-real-token-at-al");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(unknown.set_cookies.empty());

  std::string csrf;
  HttpClient kari = open_portal(kari_, &csrf);
  ASSERT_EQ(kari.get("/portal").status, 200);
  const auto links = services().portal_links().list(staff_, kari_);
  services().portal_links().revoke(staff_, links.front().id);
  const HttpResult after_revoke = kari.get("/portal");
  EXPECT_EQ(after_revoke.status, 401);
  EXPECT_EQ(after_revoke.body.find("Kari"), std::string::npos);
  const HttpResult revoked = server().client().get("/p/" + tokens_.back());
  EXPECT_EQ(revoked.status, 410);
  EXPECT_NE(revoked.body.find("Lenken er utløpt"), std::string::npos);  // in the link's language
  EXPECT_EQ(revoked.body.find("Kari"), std::string::npos);
  EXPECT_EQ(revoked.body.find("kari@example.no"), std::string::npos);

  HttpClient again = open_portal(kari_);
  ASSERT_EQ(again.get("/portal").status, 200);
  server().clock().advance(48 * 3600);
  EXPECT_EQ(again.get("/portal").status, 401);
  EXPECT_EQ(server().client().get("/p/" + tokens_.back()).status, 410);
}

TEST_P(PortalPagesTest, ASessionFromOnePersonsLinkNeverReachesAnother) {
  std::string csrf;
  HttpClient kari = open_portal(kari_, &csrf);
  open_portal(ola_);
  const std::string other = std::to_string(ola_);
  for (const std::string& path :
       std::vector<std::string>{"/portal", "/portal?person_id=" + other, "/portal/export.json",
                                "/portal/export.json?id=" + other}) {
    const HttpResult result = kari.get(path);
    ASSERT_EQ(result.status, 200) << path;
    EXPECT_EQ(result.body.find("Ola"), std::string::npos) << path;
    EXPECT_EQ(result.body.find("ola@example.no"), std::string::npos) << path;
  }
  // A crafted form aimed at the other person changes only one's own record, and only its
  // editable fields.
  const HttpResult posted =
      kari.post_form("/portal/profile", {{"csrf", csrf},
                                         {"version", std::to_string(read(kari_).version)},
                                         {"person_id", std::to_string(ola_)},
                                         {"f.email", "kari.ny@example.no"},
                                         {"f.city", "Bergen"},
                                         {"f.street", "Ny gate 5"},       // hidden
                                         {"f.first_name", "Karianne"}});  // read-only
  EXPECT_EQ(posted.status, 303) << posted.body;
  EXPECT_EQ(read(kari_).email, "kari.ny@example.no");
  EXPECT_EQ(read(kari_).street, "Hemmelig gate 1");
  EXPECT_EQ(read(kari_).first_name, "Kari");
  EXPECT_EQ(read(ola_).email, "ola@example.no");
}

TEST_P(PortalPagesTest, CorrectionsGoIntoTheRecordWithANoteAndConflictsOverwriteNothing) {
  std::string csrf;
  HttpClient kari = open_portal(kari_, &csrf);
  const long long version = read(kari_).version;
  const HttpResult bad = kari.post_form("/portal/profile", {{"csrf", csrf},
                                                            {"version", std::to_string(version)},
                                                            {"f.email", "not an address"},
                                                            {"f.city", "Oslo"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("id=\"field-email-error\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("value=\"not an address\""), std::string::npos);
  EXPECT_EQ(read(kari_).city, "Bergen");

  const HttpResult saved = kari.post_form("/portal/profile", {{"csrf", csrf},
                                                              {"version", std::to_string(version)},
                                                              {"f.email", "kari@example.no"},
                                                              {"f.city", "Oslo"}});
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(read(kari_).city, "Oslo");
  const auto notes = services().history().list(staff_, kari_, {}).items;
  ASSERT_FALSE(notes.empty());
  EXPECT_EQ(notes.front().text, "Updated in the portal: City");
  EXPECT_EQ(notes.front().author, "portal");
  audit::AuditQuery query;
  query.person_id = kari_;
  query.action = "person.update";
  const auto events = services().audit().list(staff_, query).items;
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events.front().actor, "portal");

  // Staff change the record meanwhile: the stale form overwrites nothing.
  services().persons().patch(staff_, kari_, {{"city", "Tromsø"}}, std::nullopt);
  const HttpResult stale =
      kari.post_form("/portal/profile", {{"csrf", csrf},
                                         {"version", std::to_string(version + 1)},
                                         {"f.email", "kari@example.no"},
                                         {"f.city", "Stavanger"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("value=\"Tromsø\""), std::string::npos);  // the current value
  EXPECT_EQ(read(kari_).city, "Tromsø");
}

TEST_P(PortalPagesTest, FormsWithoutTheSessionsTokenAreRefused) {
  std::string csrf;
  HttpClient kari = open_portal(kari_, &csrf);
  const std::string version = std::to_string(read(kari_).version);
  for (const std::string& sent : std::vector<std::string>{"", "forged", csrf + "x"}) {
    std::map<std::string, std::string> form = {
        {"version", version}, {"f.email", "x@example.no"}, {"f.city", "Molde"}};
    if (!sent.empty()) {
      form["csrf"] = sent;
    }
    EXPECT_EQ(kari.post_form("/portal/profile", form).status, 403);
    EXPECT_EQ(kari.post_form("/portal/consents",
                             {{"csrf", sent}, {"consent_type", "newsletter"}, {"granted", "1"}})
                  .status,
              403);
    EXPECT_EQ(kari.post_form("/portal/erasure-request", {{"csrf", sent}}).status, 403);
    EXPECT_EQ(kari.post_form("/portal/logout", {{"csrf", sent}}).status, 403);
  }
  EXPECT_EQ(read(kari_).city, "Bergen");
  EXPECT_EQ(kari.get("/portal").status, 200);  // still signed in
  // Another session's token is no good either.
  std::string ola_csrf;
  open_portal(ola_, &ola_csrf);
  EXPECT_EQ(kari.post_form("/portal/logout", {{"csrf", ola_csrf}}).status, 403);
}

TEST_P(PortalPagesTest, ConsentsObjectionErasureDownloadsAndLogout) {
  std::string csrf;
  HttpClient kari = open_portal(kari_, &csrf);
  EXPECT_EQ(kari.post_form("/portal/consents",
                           {{"csrf", csrf}, {"consent_type", "newsletter"}, {"granted", "1"}})
                .status,
            303);
  auto consents = services().consents().of_person(staff_, kari_);
  ASSERT_EQ(consents.events.size(), 1U);
  EXPECT_EQ(consents.events[0].source, consent::Source::kPortal);
  EXPECT_TRUE(consents.events[0].granted);
  EXPECT_EQ(consents.events[0].text_version, 1);
  EXPECT_EQ(kari.post_form("/portal/consents",
                           {{"csrf", csrf}, {"consent_type", "profiling"}, {"granted", "1"}})
                .status,
            403);  // not portal-changeable
  EXPECT_EQ(kari.post_form("/portal/consents", {{"csrf", csrf}, {"object", "1"}}).status, 303);
  EXPECT_TRUE(read(kari_).objects_to_direct_marketing);

  const HttpResult download = kari.get("/portal/export.json");
  ASSERT_EQ(download.status, 200);
  const json exported = json::parse(download.body);
  EXPECT_EQ(exported["person"]["first_name"], "Kari");
  EXPECT_FALSE(exported["person"].contains("street"));
  EXPECT_EQ(kari.get("/portal/export.xlsx").body.substr(0, 2), "PK");

  const HttpResult erasure = kari.post_form("/portal/erasure-request", {{"csrf", csrf}});
  ASSERT_EQ(erasure.status, 303);
  EXPECT_NE(erasure.header("location").find("erasure_due="), std::string::npos);
  const HttpResult page = kari.get(erasure.header("location"));
  EXPECT_NE(page.body.find("Vi har mottatt forespørselen din"), std::string::npos);
  privacy::RequestQuery query;
  query.person_id = kari_;
  const auto requests = services().requests().list(staff_, query).items;
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].type, privacy::RequestType::kErasure);
  EXPECT_EQ(requests[0].channel, privacy::RequestChannel::kPortal);

  EXPECT_EQ(kari.post_form("/portal/logout", {{"csrf", csrf}}).status, 200);
  EXPECT_EQ(kari.get("/portal").status, 401);
  EXPECT_EQ(kari.get("/portal/export.json").status, 401);
}

TEST_P(PortalPagesTest, ThePageSpeaksThePersonsLanguageWithASwitch) {
  HttpClient ola = open_portal(ola_);
  const HttpResult swedish = ola.get("/portal");
  EXPECT_NE(swedish.body.find("<html lang=\"sv\">"), std::string::npos);
  EXPECT_NE(swedish.body.find("Dina personuppgifter"), std::string::npos);
  EXPECT_NE(swedish.body.find("Månatliga nyheter"), std::string::npos);
  const HttpResult switched = ola.get("/portal?lang=en");
  EXPECT_EQ(switched.status, 303);
  const HttpResult english = ola.get("/portal");
  EXPECT_NE(english.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(english.body.find("Your personal data"), std::string::npos);
}

TEST_P(PortalPagesTest, TheTokenIsInNoDatabaseColumnButTheEmailItself) {
  open_portal(kari_);
  const std::string& token = tokens_.back();
  services().database().read([&](soci::session& session) {
    for (const char* query :
         {"SELECT COUNT(*) FROM portal_links WHERE token_hash LIKE '%' || :t || '%'",
          "SELECT COUNT(*) FROM portal_sessions WHERE token_hash LIKE '%' || :t || '%' OR "
          "csrf_token LIKE '%' || :t || '%'",
          "SELECT COUNT(*) FROM audit_events WHERE details LIKE '%' || :t || '%' OR "
          "COALESCE(entity_id, '') LIKE '%' || :t || '%'",
          "SELECT COUNT(*) FROM outbox WHERE subject LIKE '%' || :t || '%'"}) {
      long long count = -1;
      session << query, soci::use(token, "t"), soci::into(count);
      EXPECT_EQ(count, 0) << query;
    }
  });
}

INSTANTIATE_TEST_SUITE_P(Databases, PortalPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
