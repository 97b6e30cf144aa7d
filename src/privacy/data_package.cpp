#include "privacy/data_package.hpp"

#include <algorithm>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "consent/consent_service.hpp"
#include "crm/person_records.hpp"
#include "privacy/export_file_name.hpp"
#include "privacy/portal_settings_store.hpp"
#include "privacy/xlsx_export.hpp"

namespace vern::privacy {
namespace {

constexpr std::string_view kFormat = "vern.person-export/1";

ValueKind kind_of(crm::FieldType type) {
  switch (type) {
    case crm::FieldType::kDate:
      return ValueKind::kDate;
    case crm::FieldType::kNumber:
      return ValueKind::kNumber;
    case crm::FieldType::kBoolean:
      return ValueKind::kBoolean;
    default:
      return ValueKind::kText;
  }
}

/// A value as the person reads it (`value`) and as the JSON export carries it (`json`).
struct Shown {
  std::string value;
  nlohmann::json json;
};

Shown shown_text(const crm::FieldDefinition& field, const std::string& text,
                 std::string_view language) {
  if (text.empty()) {
    return {};
  }
  std::string value =
      field.type == crm::FieldType::kOption ? field.option_label(text, language) : text;
  return {value, value};
}

Shown shown_custom(const crm::FieldDefinition& field, const nlohmann::json& stored,
                   std::string_view language) {
  if (stored.is_null()) {
    return {};
  }
  if (stored.is_boolean()) {
    return {i18n::text(language, stored.get<bool>() ? "yes" : "no"), stored};
  }
  if (stored.is_string()) {
    return shown_text(field, stored.get<std::string>(), language);
  }
  if (stored.is_array()) {
    Shown shown{std::string(), nlohmann::json::array()};
    for (const auto& item : stored) {
      const std::string label =
          field.option_label(item.is_string() ? item.get<std::string>() : item.dump(), language);
      shown.value += shown.value.empty() ? "" : ", ";
      shown.value += label;
      shown.json.push_back(label);
    }
    if (shown.json.empty()) {
      return {};
    }
    return shown;
  }
  return {stored.dump(), stored};  // a number
}

const std::string* builtin_text(const crm::Person& person, std::string_view key) {
  for (const auto& text_field : crm::person_text_fields()) {
    if (text_field.key == key) {
      return &(person.*text_field.member);
    }
  }
  return nullptr;
}

std::vector<PackageField> package_fields(soci::session& session, const storage::Dialect& dialect,
                                         std::vector<crm::FieldDefinition> definitions,
                                         const crm::Person& person, std::string_view language) {
  std::erase_if(definitions, [](const crm::FieldDefinition& field) {
    return field.portal == crm::PortalAccess::kHidden;
  });
  std::stable_sort(definitions.begin(), definitions.end(),
                   [](const crm::FieldDefinition& a, const crm::FieldDefinition& b) {
                     return a.portal_order < b.portal_order;
                   });
  std::vector<PackageField> fields;
  fields.reserve(definitions.size());
  for (const auto& definition : definitions) {
    Shown shown;
    if (definition.key == "company_id") {
      if (person.company_id) {
        if (auto company = crm::PersonRecords(session, dialect).company_name(*person.company_id)) {
          shown = {*company, *company};
        }
      }
    } else if (const std::string* text = builtin_text(person, definition.key)) {
      shown = shown_text(definition, *text, language);
    } else if (auto stored = person.custom.find(definition.key); stored != person.custom.end()) {
      shown = shown_custom(definition, *stored, language);
    }
    PackageField field;
    field.key = definition.key;
    field.label = definition.labels.in(language);
    field.value = std::move(shown.value);
    field.kind = definition.key == "company_id" ? ValueKind::kText : kind_of(definition.type);
    field.editable = definition.portal == crm::PortalAccess::kEdit;
    field.json_value = shown.json.dump();
    fields.push_back(std::move(field));
  }
  return fields;
}

std::vector<PackageConsent> package_consents(soci::session& session, long long person_id,
                                             std::string_view language) {
  std::vector<PackageConsent> consents;
  const consent::PersonConsents found = consent::ConsentService::load(session, person_id);
  for (const auto& current : found.current) {
    PackageConsent consent;
    consent.key = current.type.key;
    consent.name = current.type.names.in(language);
    consent.state = std::string(consent::to_string(current.state));
    consent.changeable = current.type.portal_changeable;
    if (current.latest) {
      const crm::Labels& agreed = found.text_of(*current.latest);
      consent.purpose = agreed.in(language);
      consent.since = current.latest->occurred_at;
      consent.source = std::string(consent::to_string(current.latest->source));
      consent.text_version = current.latest->text_version;
    }
    if (consent.purpose.empty()) {
      consent.purpose = current.type.purposes.in(language);
      consent.text_version = current.latest ? consent.text_version : current.type.text_version;
    }
    consents.push_back(std::move(consent));
  }
  return consents;
}

std::vector<PackageHistoryEntry> package_history(soci::session& session,
                                                 const storage::Dialect& dialect,
                                                 long long person_id,
                                                 const std::vector<std::string>& types,
                                                 std::string_view language) {
  std::vector<PackageHistoryEntry> history;
  if (types.empty()) {
    return history;
  }
  std::map<std::string, std::string, std::less<>> labels;
  const crm::PersonRecords records(session, dialect);
  for (const auto& type : records.history_types()) {
    if (std::find(types.begin(), types.end(), type.key) != types.end()) {
      labels.emplace(type.key, type.labels.in(language));
    }
  }
  for (auto& entry : records.history(person_id, kMaxPackageHistory)) {
    auto label = labels.find(entry.type);
    if (label == labels.end()) {
      continue;
    }
    history.push_back(
        {std::move(entry.date), std::move(entry.type), label->second, std::move(entry.text)});
  }
  return history;
}

std::vector<PackageActivity> package_activities(soci::session& session,
                                                const storage::Dialect& dialect,
                                                long long person_id, std::string_view language) {
  std::vector<PackageActivity> activities;
  for (auto& activity :
       crm::PersonRecords(session, dialect).activities(person_id, crm::kMaxPersonActivities)) {
    const std::string status(crm::to_string(activity.status));
    activities.push_back({std::move(activity.name), std::move(activity.type),
                          std::move(activity.date), std::move(activity.description), status,
                          i18n::text(language, "status_" + status)});
  }
  return activities;
}

nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

}  // namespace

std::string package_language(std::string_view requested, std::string_view person_language,
                             std::string_view fallback) {
  for (const std::string_view language : {requested, person_language, fallback}) {
    if (i18n::is_language(language)) {
      return std::string(language);
    }
  }
  return "en";
}

PersonDataPackage build_package(soci::session& session, const storage::Dialect& dialect,
                                long long person_id, std::string_view language, UnixTime now,
                                std::string_view browser) {
  const crm::PersonRecords records(session, dialect);
  std::vector<crm::FieldDefinition> definitions = records.fields();
  const auto person = records.person(person_id, definitions);
  if (!person) {
    throw Error::not_found("No person with id " + std::to_string(person_id) + ".");
  }
  return build_package(session, dialect, std::move(definitions), *person,
                       PortalSettingsStore().get(session),
                       package_language(language, person->language, browser), now);
}

PersonDataPackage build_package(soci::session& session, const storage::Dialect& dialect,
                                std::vector<crm::FieldDefinition> definitions,
                                const crm::Person& person, const privacy::PortalSettings& settings,
                                std::string language, UnixTime now) {
  PersonDataPackage package;
  package.person_id = person.id;
  package.language = std::move(language);
  package.exported_at = now;
  package.person_name = person.display_name();
  package.person_version = person.version;
  package.objects_to_direct_marketing = person.objects_to_direct_marketing;
  package.controller = {settings.organisation.name, settings.organisation.contact_email,
                        settings.organisation.dpo_email};
  package.fields =
      package_fields(session, dialect, std::move(definitions), person, package.language);
  package.shows_consents = settings.show_consents;
  if (settings.show_consents) {
    package.consents = package_consents(session, person.id, package.language);
  }
  package.history =
      package_history(session, dialect, person.id, settings.show_history_types, package.language);
  package.shows_activities = settings.show_activities;
  if (settings.show_activities) {
    package.activities = package_activities(session, dialect, person.id, package.language);
  }
  return package;
}

std::string render_json(const PersonDataPackage& package) {
  nlohmann::ordered_json person = nlohmann::ordered_json::object();
  nlohmann::ordered_json labels = nlohmann::ordered_json::object();
  for (const auto& field : package.fields) {
    person[field.key] = nlohmann::ordered_json::parse(field.json_value);
    labels[field.key] = field.label;
  }
  nlohmann::ordered_json consents = nlohmann::ordered_json::array();
  for (const auto& consent : package.consents) {
    consents.push_back(
        {{"type", consent.key},
         {"name", consent.name},
         {"purpose", consent.purpose},
         {"state", consent.state},
         {"since", consent.since ? nlohmann::ordered_json(format_rfc3339(*consent.since))
                                 : nlohmann::ordered_json(nullptr)},
         {"source", text_or_null(consent.source)},
         {"text_version", consent.text_version}});
  }
  nlohmann::ordered_json history = nlohmann::ordered_json::array();
  for (const auto& entry : package.history) {
    history.push_back({{"date", entry.date},
                       {"type", entry.type},
                       {"type_label", entry.type_label},
                       {"text", entry.text}});
  }
  nlohmann::ordered_json activities = nlohmann::ordered_json::array();
  for (const auto& activity : package.activities) {
    activities.push_back({{"name", activity.name},
                          {"type", text_or_null(activity.type)},
                          {"date", text_or_null(activity.date)},
                          {"description", text_or_null(activity.description)},
                          {"status", activity.status},
                          {"status_label", activity.status_label}});
  }
  const nlohmann::ordered_json document = {
      {"format", kFormat},
      {"exported_at", format_rfc3339(package.exported_at)},
      {"controller",
       {{"name", text_or_null(package.controller.name)},
        {"contact_email", text_or_null(package.controller.contact_email)},
        {"dpo_email", text_or_null(package.controller.dpo_email)}}},
      {"person", std::move(person)},
      {"labels", std::move(labels)},
      {"consents", std::move(consents)},
      {"history", std::move(history)},
      {"activities", std::move(activities)}};
  // Stored text that is not valid UTF-8 is replaced, never a failed export.
  std::string json = document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  json += '\n';
  return json;
}

PersonDataPackage DataPackageService::build(long long person_id, std::string_view language,
                                            std::string_view browser) {
  return database_.snapshot([&](soci::session& session) {
    return build_package(session, database_.dialect(), person_id, language, clock_.now(), browser);
  });
}

ExportFile DataPackageService::render(const PersonDataPackage& package, ExportFormat format) {
  if (format == ExportFormat::kJson) {
    return {render_json(package), "application/json; charset=utf-8",
            export_file_name(package, "json")};
  }
  return {render_xlsx(package), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          export_file_name(package, "xlsx")};
}

ExportFile DataPackageService::export_person(const Actor& actor, long long person_id,
                                             ExportFormat format) {
  require_role(actor, Role::kUser);
  ExportFile file = render(build(person_id), format);
  audit_.append(actor, "person.export", "person", std::to_string(person_id), person_id,
                nlohmann::json{{"format", format == ExportFormat::kJson ? "json" : "xlsx"}}.dump());
  return file;
}

}  // namespace vern::privacy
