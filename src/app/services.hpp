#pragma once

#include <memory>

#include "app/config.hpp"
#include "audit/audit_log.hpp"
#include "auth/access_service.hpp"
#include "auth/user_service.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "consent/consent_service.hpp"
#include "crm/activity_service.hpp"
#include "crm/company_service.hpp"
#include "crm/field_service.hpp"
#include "crm/history_service.hpp"
#include "crm/history_type_service.hpp"
#include "crm/person_service.hpp"
#include "imports/person_import.hpp"
#include "mail/delivery.hpp"
#include "mail/mailing_service.hpp"
#include "mail/outbox_service.hpp"
#include "portal/portal_link_service.hpp"
#include "portal/subject_service.hpp"
#include "privacy/data_package.hpp"
#include "privacy/holiday_service.hpp"
#include "privacy/portal_settings_service.hpp"
#include "privacy/request_service.hpp"
#include "query/person_search_service.hpp"
#include "query/saved_filter_service.hpp"
#include "storage/database.hpp"

namespace vern::app {

/// The composition root's object graph: one database, the clock, and every service, wired once.
/// Commands and the server take what they need from here.
class Services {
 public:
  /// Opens the database and migrates it to the current schema.
  Services(const Config& config, const Clock& clock,
           crypto::HashStrength strength = crypto::HashStrength::kInteractive);

  const Config& config() const { return config_; }
  const Clock& clock() const { return clock_; }
  storage::Database& database() { return *database_; }
  audit::AuditLog& audit() { return *audit_; }
  auth::UserService& users() { return *users_; }
  auth::AccessService& access() { return *access_; }
  crm::FieldService& fields() { return *fields_; }
  crm::PersonService& persons() { return *persons_; }
  query::PersonSearchService& person_search() { return *person_search_; }
  imports::PersonImporter& person_importer() { return *person_importer_; }
  query::SavedFilterService& saved_filters() { return *saved_filters_; }
  crm::CompanyService& companies() { return *companies_; }
  crm::HistoryService& history() { return *history_; }
  crm::HistoryTypeService& history_types() { return *history_types_; }
  consent::ConsentService& consents() { return *consents_; }
  crm::ActivityService& activities() { return *activities_; }
  mail::Doorbell& doorbell() { return doorbell_; }
  mail::DeliveryCounters& delivery_counters() { return delivery_counters_; }
  mail::MailingService& mailings() { return *mailings_; }
  mail::OutboxService& outbox() { return *outbox_; }
  privacy::PortalSettingsService& portal_settings() { return *portal_settings_; }
  portal::PortalLinkService& portal_links() { return *portal_links_; }
  privacy::DataPackageService& packages() { return *packages_; }
  privacy::RequestService& requests() { return *requests_; }
  privacy::HolidayService& holidays() { return *holidays_; }
  portal::SubjectService& subject() { return *subject_; }

 private:
  Config config_;
  const Clock& clock_;
  crypto::PasswordHasher hasher_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::UserService> users_;
  std::unique_ptr<auth::AccessService> access_;
  std::unique_ptr<crm::FieldService> fields_;
  std::unique_ptr<crm::PersonService> persons_;
  std::unique_ptr<query::PersonSearchService> person_search_;
  std::unique_ptr<imports::PersonImporter> person_importer_;
  std::unique_ptr<query::SavedFilterService> saved_filters_;
  std::unique_ptr<crm::CompanyService> companies_;
  std::unique_ptr<crm::HistoryService> history_;
  std::unique_ptr<crm::HistoryTypeService> history_types_;
  std::unique_ptr<consent::ConsentService> consents_;
  std::unique_ptr<crm::ActivityService> activities_;
  mail::Doorbell doorbell_;
  mail::DeliveryCounters delivery_counters_;
  std::unique_ptr<mail::MailingService> mailings_;
  std::unique_ptr<mail::OutboxService> outbox_;
  std::unique_ptr<privacy::PortalSettingsService> portal_settings_;
  std::unique_ptr<portal::PortalLinkService> portal_links_;
  std::unique_ptr<privacy::DataPackageService> packages_;
  std::unique_ptr<privacy::RequestService> requests_;
  std::unique_ptr<privacy::HolidayService> holidays_;
  std::unique_ptr<portal::SubjectService> subject_;
};

}  // namespace vern::app
