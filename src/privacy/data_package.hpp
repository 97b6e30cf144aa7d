#pragma once

#include <string>
#include <string_view>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "crm/field_definition.hpp"
#include "crm/person.hpp"
#include "privacy/person_data_package.hpp"
#include "privacy/portal_settings.hpp"
#include "storage/database.hpp"

namespace vern::privacy {

/// The most history notes a package carries (the newest).
inline constexpr int kMaxPackageHistory = 100000;

/// The language a package speaks: `requested` when it is one the portal speaks (en, nb, sv), else
/// the person's own language when it is one, else `fallback` (the browser's) when it is one, else
/// English.
std::string package_language(std::string_view requested, std::string_view person_language,
                             std::string_view fallback = "en");

/// Builds a person's data package inside the caller's transaction, from the portal settings and
/// each field's portal setting: nothing `hidden` is read into it. kNotFound for no such person.
/// Not audited: the caller records why it was built.
PersonDataPackage build_package(soci::session& session, const storage::Dialect& dialect,
                                long long person_id, std::string_view language, UnixTime now,
                                std::string_view browser = "en");

/// The same from what the caller has already read in that transaction: the field definitions,
/// the person and the portal settings. `language` is used as it is (see package_language).
PersonDataPackage build_package(soci::session& session, const storage::Dialect& dialect,
                                std::vector<crm::FieldDefinition> definitions,
                                const crm::Person& person, const privacy::PortalSettings& settings,
                                std::string language, UnixTime now);

/// The package as API.md's export format (`vern.person-export/1`): keys in a stable order,
/// UTF-8, two-space indentation.
std::string render_json(const PersonDataPackage& package);

enum class ExportFormat { kJson, kXlsx };

/// A rendered export, ready to send.
struct ExportFile {
  std::string body;
  std::string content_type;
  std::string file_name;  // vern-export-<name>-<date>.<json|xlsx>
};

/// Builds and renders packages: staff exports from the person's page (audited as
/// `person.export`), and the raw package for callers that audit on their own.
class DataPackageService {
 public:
  DataPackageService(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  /// The package in `language`, else the person's, else `browser` (see package_language); not
  /// audited.
  PersonDataPackage build(long long person_id, std::string_view language = "",
                          std::string_view browser = "en");

  /// A staff export in the person's language. Any staff role; answered only once its
  /// `person.export` audit event is durable.
  ExportFile export_person(const Actor& actor, long long person_id, ExportFormat format);

  /// The file of an already built package (the portal's downloads use it too).
  static ExportFile render(const PersonDataPackage& package, ExportFormat format);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::privacy
