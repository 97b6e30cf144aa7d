#include "demo/loader.hpp"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "consent/consent_store.hpp"
#include "crm/activity_store.hpp"
#include "crm/company_store.hpp"
#include "crm/field_store.hpp"
#include "crm/person_order_store.hpp"
#include "demo/generator.hpp"
#include "demo/store.hpp"

namespace vern::demo {
namespace {

// Persons generated and written at a time: memory stays bounded whatever the total.
constexpr long long kBatchPersons = 5000;

/// The demo's custom fields as they are in this database: a field is left out when a field with
/// its key exists with another type.
struct DemoFields {
  std::optional<crm::FieldDefinition> status;
  std::optional<crm::FieldDefinition> interests;
};

std::vector<crm::FieldOption> field_options(std::span<const DemoOption> options) {
  std::vector<crm::FieldOption> result;
  for (const DemoOption& option : options) {
    result.push_back({std::string(option.value),
                      {std::string(option.en), std::string(option.nb), std::string(option.sv)}});
  }
  return result;
}

std::optional<crm::FieldDefinition> ensure_field(soci::session& session,
                                                 crm::FieldDefinition wanted, UnixTime now,
                                                 std::vector<std::string>& created) {
  const crm::FieldStore store;
  auto existing = store.find(session, wanted.key);
  if (!existing) {
    store.insert(session, wanted, now);
    created.push_back(wanted.key);
    existing = store.find(session, wanted.key);
  }
  if (!existing || existing->builtin || existing->type != wanted.type) {
    return std::nullopt;
  }
  return existing;
}

DemoFields ensure_fields(soci::session& session, UnixTime now, std::vector<std::string>& created) {
  crm::FieldDefinition status;
  status.key = kDemoStatusField;
  status.type = crm::FieldType::kOption;
  status.labels = {"Customer status", "Kundestatus", "Kundstatus"};
  status.options = field_options(demo_customer_statuses());
  crm::FieldDefinition interests;
  interests.key = kDemoInterestsField;
  interests.type = crm::FieldType::kMultiOption;
  interests.labels = {"Interests", "Interesser", "Intressen"};
  interests.options = field_options(demo_interests());
  return {ensure_field(session, std::move(status), now, created),
          ensure_field(session, std::move(interests), now, created)};
}

/// Writes what hangs on one person: custom values, notes and participations.
void add_person_details(DemoStore& store, const DemoPerson& demo, long long person_id,
                        const DemoFields& fields, const std::vector<long long>& activity_ids,
                        const Actor& actor, UnixTime now, DemoSummary& summary) {
  if (fields.status && fields.status->has_option(demo.customer_status)) {
    store.add_value({person_id, fields.status->key, demo.customer_status});
    ++summary.values;
  }
  if (fields.interests) {
    for (const std::string& interest : demo.interests) {
      if (fields.interests->has_option(interest)) {
        store.add_value({person_id, fields.interests->key, interest});
        ++summary.values;
      }
    }
  }
  for (const DemoHistory& note : demo.history) {
    crm::HistoryEntry entry;
    entry.person_id = person_id;
    entry.type = note.type;
    entry.date = note.date;
    entry.text = note.text;
    if (actor.is_user()) {
      entry.author_user_id = actor.user_id;
    }
    entry.author = actor.name;
    entry.created_at = entry.updated_at = now;
    store.add_history(entry);
    ++summary.history;
  }
  for (const DemoParticipation& participation : demo.activities) {
    store.add_participant(
        {activity_ids.at(participation.activity), person_id, participation.status, now});
    ++summary.participants;
  }
}

std::string audit_details(const DemoOptions& options, const DemoSummary& summary) {
  return nlohmann::json{{"seed", options.seed},
                        {"persons", summary.persons},
                        {"companies", summary.companies},
                        {"custom_values", summary.values},
                        {"history", summary.history},
                        {"activities", summary.activities},
                        {"participants", summary.participants},
                        {"consent_events", summary.consent_events},
                        {"fields_created", summary.fields_created}}
      .dump();
}

/// Two consent types, and consents for a share of the persons: a newsletter that a fifth have
/// granted (and some withdrawn again), and event invitations that fewer have.
long long add_demo_consents(soci::session& session, DemoStore& store, const Actor& actor,
                            UnixTime now) {
  struct DemoConsent {
    const char* key;
    crm::Labels names;
    crm::Labels purposes;
    int granted_percent;
    int withdrawn_percent;
  };
  const DemoConsent demo_consents[] = {
      {"newsletter",
       {"Newsletter", "Nyhetsbrev", "Nyhetsbrev"},
       {"We e-mail you our newsletter about products and offers about once a month.",
        "Vi sender deg nyhetsbrevet vårt om produkter og tilbud omtrent en gang i måneden.",
        "Vi skickar dig vårt nyhetsbrev om produkter och erbjudanden ungefär en gång i månaden."},
       20,
       5},
      {"events",
       {"Event invitations", "Invitasjoner til arrangementer", "Inbjudningar till evenemang"},
       {"We invite you to seminars, fairs and customer evenings near you.",
        "Vi inviterer deg til seminarer, messer og kundekvelder i nærheten av deg.",
        "Vi bjuder in dig till seminarier, mässor och kundkvällar nära dig."},
       10,
       3},
  };
  const consent::ConsentStore consents;
  long long events = 0;
  int salt = 0;
  for (const DemoConsent& demo : demo_consents) {
    auto type = consents.find_type(session, demo.key);
    if (!type) {
      consent::ConsentType created;
      created.key = demo.key;
      created.names = demo.names;
      created.purposes = demo.purposes;
      created.legal_basis = consent::LegalBasis::kA;
      created.portal_changeable = true;
      created.created_at = created.updated_at = now;
      created.id = consents.insert_type(session, created);
      type = created;
    }
    events += store.add_consents(type->id, salt += 37, demo.granted_percent, demo.withdrawn_percent,
                                 actor.name, now);
  }
  store.derive_current_consents();
  return events;
}

}  // namespace

DemoSummary DemoLoader::load(const Actor& actor, const DemoOptions& options,
                             const DemoProgress& progress) {
  require_role(actor, Role::kAdmin);
  if (options.persons < 0 || options.persons > kMaxDemoPersons) {
    throw Error::invalid_field(
        "persons", "Give between 0 and " + std::to_string(kMaxDemoPersons) + " persons.");
  }
  const DemoGenerator generator(options.seed, options.persons);
  return database_.write([&](soci::session& session) {
    DemoSummary summary;
    const UnixTime now = clock_.now();
    {
      DemoStore store(session, database_.dialect());
      summary.existing_persons = store.count_persons();
      if (summary.existing_persons > 0 || options.persons == 0) {
        return summary;
      }
      const DemoFields fields = ensure_fields(session, now, summary.fields_created);

      std::vector<long long> company_ids;
      const crm::CompanyStore companies(database_.dialect());
      for (const DemoCompany& demo : generator.companies()) {
        crm::Company company = demo.company;
        company.created_at = company.updated_at = now;
        company_ids.push_back(companies.insert(session, company));
      }
      summary.companies = static_cast<long long>(company_ids.size());

      std::vector<long long> activity_ids;
      for (crm::Activity activity : generator.activities()) {
        activity.created_at = activity.updated_at = now;
        activity_ids.push_back(crm::ActivityStore().insert(session, activity));
      }
      summary.activities = static_cast<long long>(activity_ids.size());

      for (long long start = 0; start < options.persons; start += kBatchPersons) {
        const long long end = std::min(options.persons, start + kBatchPersons);
        std::vector<DemoPerson> demos;
        std::vector<crm::Person> persons;
        demos.reserve(static_cast<std::size_t>(end - start));
        persons.reserve(static_cast<std::size_t>(end - start));
        for (long long index = start; index < end; ++index) {
          DemoPerson& demo = demos.emplace_back(generator.person(index));
          crm::Person& person = persons.emplace_back(std::move(demo.person));
          if (demo.company) {
            person.company_id = company_ids.at(*demo.company);
          }
          person.created_at = person.updated_at = now;
        }
        const std::vector<long long> ids = store.insert_persons(persons);
        for (std::size_t i = 0; i < demos.size(); ++i) {
          add_person_details(store, demos[i], ids.at(i), fields, activity_ids, actor, now, summary);
        }
        summary.persons = end;
        if (progress) {
          progress(end, options.persons);
        }
      }
      store.flush();
      summary.consent_events = add_demo_consents(session, store, actor, now);
      // The bulk insert leaves the persons unranked: rank them in one pass, which indexes
      // them for search too.
      crm::PersonOrderStore(database_.dialect()).rank_all(session);
    }
    audit_.append(session, actor, "demo.load", "demo", std::nullopt, std::nullopt,
                  audit_details(options, summary));
    return summary;
  });
}

}  // namespace vern::demo
