#include "app/web_app.hpp"

#include "api/activities_api.hpp"
#include "api/api_tokens_api.hpp"
#include "api/audit_api.hpp"
#include "api/companies_api.hpp"
#include "api/consents_api.hpp"
#include "api/exports_api.hpp"
#include "api/fields_api.hpp"
#include "api/history_api.hpp"
#include "api/holidays_api.hpp"
#include "api/mailings_api.hpp"
#include "api/persons_api.hpp"
#include "api/portal_links_api.hpp"
#include "api/portal_settings_api.hpp"
#include "api/requests_api.hpp"
#include "api/saved_filters_api.hpp"
#include "api/session_api.hpp"
#include "api/system_api.hpp"
#include "api/users_api.hpp"
#include "web/activity_pages.hpp"
#include "web/audit_pages.hpp"
#include "web/company_pages.hpp"
#include "web/consent_pages.hpp"
#include "web/dashboard_page.hpp"
#include "web/field_pages.hpp"
#include "web/history_pages.hpp"
#include "web/holiday_pages.hpp"
#include "web/import_pages.hpp"
#include "web/mailing_pages.hpp"
#include "web/outbox_pages.hpp"
#include "web/person_list_page.hpp"
#include "web/person_pages.hpp"
#include "web/portal_link_pages.hpp"
#include "web/portal_pages.hpp"
#include "web/portal_settings_page.hpp"
#include "web/request_pages.hpp"
#include "web/session_pages.hpp"
#include "web/static_files.hpp"
#include "web/user_pages.hpp"

namespace vern::app {
namespace {

using Kind = http::Figure::Kind;

/// The figures /metrics reports besides the requests: the pool, the audit log's group commits,
/// the outbox depth and the delivery counts.
void add_figures(http::Metrics& metrics, Services& services) {
  storage::Database& database = services.database();
  audit::AuditLog& audit = services.audit();
  mail::OutboxService& outbox = services.outbox();
  const mail::DeliveryCounters& delivery = services.delivery_counters();
  const auto commits = [&audit] { return audit.group_commit_stats(); };
  const auto as_figure = [](auto value) { return static_cast<long long>(value); };
  metrics.add_figure({"vern_db_pool_size", Kind::kGauge, "Database connections in the pool.",
                      [&database, as_figure] { return as_figure(database.pool_size()); }});
  metrics.add_figure({"vern_db_pool_in_use", Kind::kGauge, "Database connections leased right now.",
                      [&database, as_figure] { return as_figure(database.in_use()); }});
  metrics.add_figure({"vern_audit_group_commits_total", Kind::kCounter,
                      "Transactions that appended audited reads (group commits).",
                      [commits, as_figure] { return as_figure(commits().commits); }});
  metrics.add_figure({"vern_audit_group_events_total", Kind::kCounter,
                      "Audited-read events appended by group commits.",
                      [commits, as_figure] { return as_figure(commits().events); }});
  metrics.add_figure({"vern_audit_group_gathered_total", Kind::kCounter,
                      "Group commits whose leader waited a moment for others to join.",
                      [commits, as_figure] { return as_figure(commits().gathered); }});
  metrics.add_figure({"vern_audit_group_waiting", Kind::kGauge,
                      "Audited reads waiting for the next group commit.",
                      [commits, as_figure] { return as_figure(commits().waiting); }});
  metrics.add_figure({"vern_outbox_depth", Kind::kGauge,
                      "Messages in the outbox waiting to be sent or being sent.",
                      [&outbox, as_figure] { return as_figure(outbox.depth()); }});
  metrics.add_figure({"vern_mail_sent_total", Kind::kCounter,
                      "Messages delivered by this server's workers (the send rate is its rate).",
                      [&delivery, as_figure] { return as_figure(delivery.sent.load()); }});
  metrics.add_figure({"vern_mail_retried_total", Kind::kCounter,
                      "Delivery attempts that failed for now and will be retried.",
                      [&delivery, as_figure] { return as_figure(delivery.retried.load()); }});
  metrics.add_figure({"vern_mail_failed_total", Kind::kCounter,
                      "Messages given up: a permanent failure, or retries over a day.",
                      [&delivery, as_figure] { return as_figure(delivery.failed.load()); }});
}

}  // namespace

WebApp::WebApp(Services& services)
    : services_(services),
      authenticator_(services.access()),
      pipeline_(authenticator_, metrics_,
                [this](const http::Request& request, int status, const std::string& message) {
                  return views_.error(request, status, message);
                }) {
  add_figures(metrics_, services_);
  api::register_system_api(
      pipeline_, [&database = services_.database()] { return database.ping(); }, metrics_);
  api::register_session_api(pipeline_, services_.access());
  api::register_api_tokens_api(pipeline_, services_.access());
  api::register_users_api(pipeline_, services_.users());
  api::register_audit_api(pipeline_, services_.audit());
  api::register_fields_api(pipeline_, services_.fields());
  api::register_persons_api(pipeline_, services_.persons(), services_.person_search());
  api::register_saved_filters_api(pipeline_, services_.saved_filters());
  api::register_companies_api(pipeline_, services_.companies());
  api::register_history_api(pipeline_, services_.history(), services_.history_types());
  api::register_activities_api(pipeline_, services_.activities());
  api::register_consents_api(pipeline_, services_.consents());
  api::register_mailings_api(pipeline_, services_.mailings(), services_.outbox());
  api::register_requests_api(pipeline_, services_.requests());
  api::register_holidays_api(pipeline_, services_.holidays());
  api::register_exports_api(pipeline_, services_.packages());
  api::register_portal_settings_api(pipeline_, services_.portal_settings());
  api::register_portal_links_api(pipeline_, services_.portal_links());
  web::register_static_files(pipeline_);
  web::register_session_pages(pipeline_, views_, services_.access(), services_.users());
  web::register_user_pages(pipeline_, views_, services_.users(), services_.access());
  web::register_audit_pages(pipeline_, views_, services_.audit());
  web::register_field_pages(pipeline_, views_, services_.fields());
  web::register_import_pages(pipeline_, views_, services_.fields(), services_.person_importer());
  web::register_person_list_page(pipeline_, views_, services_.fields(), services_.person_search(),
                                 services_.saved_filters(), services_.consents());
  web::register_person_pages(pipeline_, views_, services_.fields(), services_.persons(),
                             services_.companies(), services_.portal_links());
  web::register_portal_link_pages(pipeline_, views_, services_.portal_links());
  web::register_company_pages(pipeline_, views_, services_.companies());
  web::register_activity_pages(pipeline_, views_, services_.activities(),
                               services_.person_search());
  web::register_history_pages(pipeline_, views_, services_.clock(), services_.persons(),
                              services_.history(), services_.history_types(),
                              services_.activities());
  web::register_consent_pages(pipeline_, views_, services_.persons(), services_.consents());
  web::register_dashboard_page(pipeline_, views_, services_.consents(), services_.requests());
  web::register_mailing_pages(pipeline_, views_, services_.mailings(), services_.fields(),
                              services_.consents(), services_.saved_filters());
  web::register_outbox_pages(pipeline_, views_, services_.outbox(), services_.mailings());
  const web::RequestPages request_pages{views_, services_.requests(), services_.persons()};
  web::register_request_pages(pipeline_, request_pages);
  web::register_privacy_tab(pipeline_, request_pages);
  web::register_holiday_pages(pipeline_, views_, services_.holidays());
  web::register_portal_settings_page(pipeline_, views_, services_.portal_settings(),
                                     services_.history_types());
  web::register_portal_pages(pipeline_, services_.clock(), services_.portal_links(),
                             services_.subject());
}

}  // namespace vern::app
