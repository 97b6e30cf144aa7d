#include "crm/person_records.hpp"

#include "crm/activity_participant_store.hpp"
#include "crm/company_store.hpp"
#include "crm/field_store.hpp"
#include "crm/history_store.hpp"
#include "crm/history_type_store.hpp"
#include "crm/person_store.hpp"

namespace vern::crm {

std::vector<FieldDefinition> PersonRecords::fields() const {
  return FieldStore().list(session_);
}

std::optional<Person> PersonRecords::person(long long id,
                                            const std::vector<FieldDefinition>& fields,
                                            Lock lock) const {
  return PersonStore(dialect_).find(session_, id, custom_types_of(fields), lock == Lock::kYes);
}

bool PersonRecords::exists(long long id) const {
  return PersonStore::exists(session_, id);
}

std::optional<std::string> PersonRecords::company_name(long long company_id) const {
  auto company = CompanyStore(dialect_).find(session_, company_id);
  return company ? std::optional(std::move(company->name)) : std::nullopt;
}

std::vector<HistoryType> PersonRecords::history_types() const {
  return HistoryTypeStore().list(session_);
}

std::vector<HistoryEntry> PersonRecords::history(long long person_id, int limit) const {
  return HistoryStore().list_for_person(session_, person_id, std::nullopt, limit);
}

std::vector<PersonActivity> PersonRecords::activities(long long person_id, int limit) const {
  return ParticipantStore().activities_of(session_, person_id, limit);
}

}  // namespace vern::crm
