#include "portal/subject_service.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "common/time_format.hpp"
#include "crm/person_records.hpp"
#include "privacy/portal_settings_store.hpp"

namespace vern::portal {
namespace {

constexpr std::string_view kCompanyKey = "company_id";

/// The fields a person may edit in the portal. The company is never one: it is picked by staff.
std::vector<crm::FieldDefinition> editable_fields(std::vector<crm::FieldDefinition> fields) {
  std::erase_if(fields, [](const crm::FieldDefinition& field) {
    return field.portal != crm::PortalAccess::kEdit || field.key == kCompanyKey;
  });
  std::stable_sort(fields.begin(), fields.end(),
                   [](const crm::FieldDefinition& a, const crm::FieldDefinition& b) {
                     return a.portal_order < b.portal_order;
                   });
  return fields;
}

const crm::FieldDefinition* find_field(const std::vector<crm::FieldDefinition>& fields,
                                       std::string_view key, bool builtin) {
  for (const auto& field : fields) {
    if (field.key == key && field.builtin == builtin) {
      return &field;
    }
  }
  return nullptr;
}

/// Refuses any member of `values` that is not an editable field: whatever a crafted form sends,
/// only `edit` fields are written.
void require_editable(const nlohmann::json& values,
                      const std::vector<crm::FieldDefinition>& editable) {
  FieldErrors errors;
  if (!values.is_object()) {
    throw Error::invalid_field("person", "Send the fields as an object.");
  }
  for (const auto& [key, value] : values.items()) {
    if (key == "custom") {
      if (!value.is_object()) {
        errors.add("custom", "This cannot be changed here.");
        continue;
      }
      for (const auto& [custom_key, custom_value] : value.items()) {
        if (find_field(editable, custom_key, false) == nullptr) {
          errors.add("custom." + custom_key, "This cannot be changed here.");
        }
      }
    } else if (find_field(editable, key, true) == nullptr) {
      errors.add(key, "This cannot be changed here.");
    }
  }
  errors.throw_if_any();
}

}  // namespace

std::vector<crm::FieldDefinition> SubjectService::editable() {
  return editable_fields(database_.read(
      [this](soci::session& db) { return crm::PersonRecords(db, database_.dialect()).fields(); }));
}

Actor portal_actor() {
  return Actor{0, "portal", Role::kUser};
}

PortalView SubjectService::view(const PortalSession& session, std::string_view requested,
                                std::string_view browser) {
  PortalView view = database_.snapshot([&](soci::session& db) {
    PortalView read;
    const crm::PersonRecords records(db, database_.dialect());
    std::vector<crm::FieldDefinition> fields = records.fields();
    auto person = records.person(session.person_id, fields);
    if (!person) {
      throw Error::not_found("The person is gone.");
    }
    read.person = std::move(*person);
    read.settings = privacy::PortalSettingsStore().get(db);
    read.editable = editable_fields(fields);
    read.package = privacy::build_package(
        db, database_.dialect(), std::move(fields), read.person, read.settings,
        privacy::package_language(requested, read.person.language, browser), clock_.now());
    return read;
  });
  audit_.append(portal_actor(), "portal.read", "person", std::to_string(session.person_id),
                session.person_id, nlohmann::json{{"link_id", session.link_id}}.dump());
  return view;
}

std::vector<std::string> SubjectService::update_profile(const PortalSession& session,
                                                        const nlohmann::json& values,
                                                        long long version) {
  const Actor actor = portal_actor();
  const auto editable = database_.read([&](soci::session& db) {
    const crm::PersonRecords records(db, database_.dialect());
    if (!records.exists(session.person_id)) {
      throw Error::not_found("The person is gone.");
    }
    return editable_fields(records.fields());
  });
  require_editable(values, editable);
  const crm::PersonPatch patched = persons_.patch(actor, session.person_id, values, version);
  std::vector<std::string> changed;
  std::string labels;
  for (const auto& field : editable) {
    if (std::find(patched.changed.begin(), patched.changed.end(), field.key) !=
        patched.changed.end()) {
      changed.push_back(field.labels.en);
      labels += labels.empty() ? "" : ", ";
      labels += field.labels.en;
    }
  }
  if (!changed.empty()) {
    history_.create(
        actor, session.person_id,
        {"note", format_rfc3339(clock_.now()).substr(0, 10), "Updated in the portal: " + labels});
  }
  return changed;
}

void SubjectService::set_consent(const PortalSession& session, const std::string& type,
                                 bool granted) {
  const Actor actor = portal_actor();
  const auto types = consents_.list_types(actor);
  const auto found = std::find_if(types.begin(), types.end(),
                                  [&type](const auto& candidate) { return candidate.key == type; });
  if (found == types.end() || !found->portal_changeable || !found->active) {
    throw Error::forbidden("This consent cannot be changed in the portal.");
  }
  consents_.record(actor, session.person_id, {type, granted, consent::Source::kPortal, ""});
}

void SubjectService::object_to_marketing(const PortalSession& session) {
  crm::ProcessingChanges changes;
  changes.objects_to_direct_marketing = true;
  persons_.set_processing(portal_actor(), session.person_id, changes);
}

privacy::DataRequest SubjectService::request_erasure(const PortalSession& session) {
  if (!settings_.get().allow_erasure_request) {
    throw Error::forbidden("Requests to be forgotten are not taken in the portal.");
  }
  privacy::NewRequest request;
  request.person_id = session.person_id;
  request.type = "erasure";
  request.channel = "portal";
  request.received_at = format_rfc3339(clock_.now());
  request.note = "Asked in the portal to be forgotten.";
  return requests_.create(portal_actor(), request);
}

privacy::ExportFile SubjectService::download(const PortalSession& session,
                                             privacy::ExportFormat format,
                                             std::string_view requested, std::string_view browser) {
  if (!settings_.get().allow_export) {
    throw Error::forbidden("Downloads are not offered in the portal.");
  }
  privacy::ExportFile file = privacy::DataPackageService::render(
      packages_.build(session.person_id, requested, browser), format);
  audit_.append(portal_actor(), "portal.export", "person", std::to_string(session.person_id),
                session.person_id,
                nlohmann::json{{"format", format == privacy::ExportFormat::kJson ? "json" : "xlsx"},
                               {"link_id", session.link_id}}
                    .dump());
  return file;
}

}  // namespace vern::portal
