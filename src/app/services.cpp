#include "app/services.hpp"

#include "storage/migrations.hpp"

namespace vern::app {

Services::Services(const Config& config, const Clock& clock, crypto::HashStrength strength)
    : config_(config), clock_(clock), hasher_(strength) {
  database_ = storage::Database::open(storage::DatabaseUrl::parse(config.database_url),
                                      config.workers + config.mail_workers + 3);
  storage::migrate(*database_, clock_);
  audit_ = std::make_unique<audit::AuditLog>(*database_, clock_);
  users_ = std::make_unique<auth::UserService>(*database_, *audit_, hasher_, clock_);
  access_ = std::make_unique<auth::AccessService>(*database_, *audit_, hasher_, clock_);
  fields_ = std::make_unique<crm::FieldService>(*database_, *audit_, clock_);
  persons_ = std::make_unique<crm::PersonService>(*database_, *audit_, clock_);
  person_search_ = std::make_unique<query::PersonSearchService>(*database_, *audit_);
  person_importer_ = std::make_unique<imports::PersonImporter>(*database_, *audit_, clock_);
  saved_filters_ = std::make_unique<query::SavedFilterService>(*database_, *audit_, clock_);
  companies_ = std::make_unique<crm::CompanyService>(*database_, *audit_, clock_);
  history_ = std::make_unique<crm::HistoryService>(*database_, *audit_, clock_);
  history_types_ = std::make_unique<crm::HistoryTypeService>(*database_, *audit_, clock_);
  consents_ = std::make_unique<consent::ConsentService>(*database_, *audit_, clock_);
  activities_ = std::make_unique<crm::ActivityService>(*database_, *audit_, clock_);
  const MailFrom from = parse_mail_from(config.mail_from);
  mailings_ = std::make_unique<mail::MailingService>(
      *database_, *audit_, clock_, *saved_filters_, doorbell_,
      mail::MailSettings{mail::Mailbox{from.address, from.name}});
  outbox_ = std::make_unique<mail::OutboxService>(*database_, *audit_, clock_, doorbell_);
  portal_settings_ = std::make_unique<privacy::PortalSettingsService>(*database_, *audit_, clock_);
  portal::PortalLinkOptions link_options;
  link_options.base_url = link_base_url(config);
  link_options.from = mail::Mailbox{from.address, from.name};
  portal_links_ = std::make_unique<portal::PortalLinkService>(*database_, *audit_, clock_,
                                                              doorbell_, std::move(link_options));
  packages_ = std::make_unique<privacy::DataPackageService>(*database_, *audit_, clock_);
  requests_ = std::make_unique<privacy::RequestService>(*database_, *audit_, clock_);
  holidays_ = std::make_unique<privacy::HolidayService>(*database_, *audit_);
  subject_ = std::make_unique<portal::SubjectService>(*database_, *audit_, clock_, *packages_,
                                                      *persons_, *history_, *consents_, *requests_,
                                                      *portal_settings_);
}

}  // namespace vern::app
