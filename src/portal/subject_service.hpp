#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_log.hpp"
#include "consent/consent_service.hpp"
#include "crm/history_service.hpp"
#include "crm/person.hpp"
#include "crm/person_service.hpp"
#include "portal/portal_link.hpp"
#include "privacy/data_package.hpp"
#include "privacy/portal_settings_service.hpp"
#include "privacy/request_service.hpp"

namespace vern::portal {

/// Who the portal's changes are made by, in the audit log and the person's history: the subject
/// themselves, through the portal. A plain user's rights, no staff identity.
Actor portal_actor();

/// What the portal page shows: the data package, the settings, and for the form the fields the
/// person may edit with the person's record (the page reads only those fields' values of it).
struct PortalView {
  privacy::PersonDataPackage package;
  privacy::PortalSettings settings;
  std::vector<crm::FieldDefinition> editable;
  crm::Person person;
};

/// The subject's own actions in the portal, each for the person of a portal session and no one
/// else: reading their data package, correcting the fields set to `edit`, granting and
/// withdrawing the consents marked portal-changeable, objecting to direct marketing, downloading
/// their data, and asking to be forgotten. Every action is audited with the actor "portal".
class SubjectService {
 public:
  SubjectService(storage::Database& database, audit::AuditLog& audit, const Clock& clock,
                 privacy::DataPackageService& packages, crm::PersonService& persons,
                 crm::HistoryService& history, consent::ConsentService& consents,
                 privacy::RequestService& requests, privacy::PortalSettingsService& settings)
      : database_(database),
        audit_(audit),
        clock_(clock),
        packages_(packages),
        persons_(persons),
        history_(history),
        consents_(consents),
        requests_(requests),
        settings_(settings) {}

  /// The page's content in `requested` language, else the person's, else `browser` (see
  /// privacy::package_language); an audited read ("portal.read").
  PortalView view(const PortalSession& session, std::string_view requested,
                  std::string_view browser);

  /// The fields a person may edit in the portal (no personal data; not audited).
  std::vector<crm::FieldDefinition> editable();

  /// Saves the person's corrections (a person JSON object, as the staff form gives it) when the
  /// record is still at `version`: kPreconditionFailed when staff changed it meanwhile, kInvalid
  /// naming each bad field, kInvalid too for any field not set to `edit`. A change is audited as
  /// the portal's and noted on the person's history ("Updated in the portal: <labels>").
  /// Returns the labels of the fields that changed (empty when none did).
  std::vector<std::string> update_profile(const PortalSession& session,
                                          const nlohmann::json& values, long long version);

  /// Grants or withdraws a consent of a portal-changeable type (kForbidden for any other), as an
  /// event with source `portal` under the type's current text version.
  void set_consent(const PortalSession& session, const std::string& type, bool granted);

  /// Records the person's objection to direct marketing (Art. 21(2)).
  void object_to_marketing(const PortalSession& session);

  /// Registers an erasure request, received now through the portal (kForbidden when the settings
  /// do not allow it). Returns it, with its due date.
  privacy::DataRequest request_erasure(const PortalSession& session);

  /// The person's data as a file (kForbidden when the settings do not allow downloads); audited
  /// as "portal.export".
  privacy::ExportFile download(const PortalSession& session, privacy::ExportFormat format,
                               std::string_view requested, std::string_view browser);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  privacy::DataPackageService& packages_;
  crm::PersonService& persons_;
  crm::HistoryService& history_;
  consent::ConsentService& consents_;
  privacy::RequestService& requests_;
  privacy::PortalSettingsService& settings_;
};

}  // namespace vern::portal
