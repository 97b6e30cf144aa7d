#include "crm/company_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/page.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/company_store.hpp"

namespace vern::crm {
namespace {

// Audit details name the fields, never their values.
std::string fields_details(const std::vector<std::string>& keys) {
  return nlohmann::json{{"fields", keys}}.dump();
}

// Enough matches of one name to find the current company among them.
constexpr int kMaxNameMatches = 100;

// Longest accepted value per field, in characters; e-mail and website have their own rules.
std::size_t max_length(std::string_view key) {
  if (key == "org_number" || key == "postal_code") {
    return 50;
  }
  if (key == "website") {
    return 2048;
  }
  return 200;
}

void validate(const Company& company, FieldErrors& errors) {
  if (company.name.empty()) {
    errors.add("name", "A name is required.");
  }
  for (const CompanyField& field : company_fields()) {
    const std::string& value = company.*field.member;
    const std::string key(field.key);
    if (value.empty()) {
      continue;
    }
    if (!validation::is_single_line(value)) {
      errors.add(key, "Must be one line of text without control characters.");
    } else if (text::utf8_length(value) > max_length(field.key)) {
      errors.add(key, "At most " + std::to_string(max_length(field.key)) + " characters.");
    } else if (field.key == "email" && !validation::is_email(value)) {
      errors.add(key, "Not a valid e-mail address.");
    } else if (field.key == "phone" && !validation::is_phone(value)) {
      errors.add(key, "Not a valid phone number.");
    } else if (field.key == "website" && !validation::is_url(value)) {
      errors.add(key, "Must be an http:// or https:// address.");
    }
  }
}

// Surrounding spaces are never meant: "  Acme AS " is "Acme AS".
void trim_fields(Company& company) {
  for (const CompanyField& field : company_fields()) {
    std::string& value = company.*field.member;
    value = std::string(text::trim(value));
  }
}

Company must_find(const std::optional<Company>& company, long long id) {
  if (!company) {
    throw Error::not_found("No company with id " + std::to_string(id) + ".");
  }
  return *company;
}

Error stale_version(long long current) {
  return {ErrorKind::kPreconditionFailed,
          "The company was changed by someone else: it is now at "
          "version " +
              std::to_string(current) + "."};
}

}  // namespace

CompanyPage CompanyService::list(const Actor& actor, const CompanyQuery& query) {
  require_role(actor, Role::kUser);
  const auto after =
      query.after.empty() ? std::optional<long long>(0) : validation::parse_id(query.after);
  if (!after) {
    throw Error::invalid_field("after", "Not a cursor from this list.");
  }
  const int limit = bounded_limit(query.limit);
  const std::string prefix(text::trim(query.name_prefix));
  // One extra row tells whether there is a next page.
  return page_of(database_.read([&](soci::session& session) {
    return CompanyStore(database_.dialect()).list(session, prefix, *after, limit + 1);
  }),
                 limit, [](const Company& company) { return std::to_string(company.id); });
}

CompanyDetails CompanyService::get(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  CompanyDetails details = database_.read([&](soci::session& session) {
    const CompanyStore store(database_.dialect());
    return CompanyDetails{must_find(store.find(session, id), id),
                          store.persons(session, id, kMaxCompanyPersons)};
  });
  // The persons' names are personal data: showing them is a read to account for.
  if (!details.persons.empty()) {
    audit_.append(actor, "company.persons.read", "company", std::to_string(id), std::nullopt,
                  R"({"fields":["first_name","last_name"],"count":)" +
                      std::to_string(details.persons.size()) + "}");
  }
  return details;
}

Company CompanyService::create(const Actor& actor, const Company& input) {
  require_role(actor, Role::kUser);
  Company company;
  for (const CompanyField& field : company_fields()) {
    company.*field.member = input.*field.member;
  }
  trim_fields(company);
  FieldErrors errors;
  validate(company, errors);
  errors.throw_if_any();
  company.version = 1;
  company.created_at = company.updated_at = clock_.now();
  return database_.write([&](soci::session& session) {
    company.id = CompanyStore(database_.dialect()).insert(session, company);
    audit_.append(session, actor, "company.create", "company", std::to_string(company.id),
                  std::nullopt, fields_details(filled_keys(company, company_fields())));
    return company;
  });
}

Company CompanyService::update(const Actor& actor, long long id, const CompanyPatch& patch) {
  require_role(actor, Role::kUser);
  reject_unknown_keys(patch.values, company_fields(), "No such company field.");
  return database_.write([&](soci::session& session) {
    const CompanyStore store(database_.dialect());
    Company company = must_find(store.find_for_update(session, id), id);
    if (patch.expected_version && *patch.expected_version != company.version) {
      throw stale_version(company.version);
    }
    const Company before = company;
    for (const auto& [key, value] : patch.values) {
      company.*find_company_field(key)->member = value;
    }
    trim_fields(company);
    FieldErrors errors;
    validate(company, errors);
    errors.throw_if_any();
    const std::vector<std::string> changed = changed_keys(before, company, company_fields());
    if (changed.empty()) {
      return company;
    }
    company.updated_at = clock_.now();
    if (!store.update(session, company, before.version)) {
      // The row is locked since the read; should the lock ever fail, nothing is overwritten.
      throw stale_version(before.version);
    }
    company.version = before.version + 1;
    audit_.append(session, actor, "company.update", "company", std::to_string(id), std::nullopt,
                  fields_details(changed));
    return company;
  });
}

void CompanyService::remove(const Actor& actor, long long id) {
  // Any staff user may delete a company: its persons stay, only their link to it goes.
  require_role(actor, Role::kUser);
  database_.write([&](soci::session& session) {
    const CompanyStore store(database_.dialect());
    const long long persons = store.count_persons(session, id);
    if (!store.remove(session, id)) {
      throw Error::not_found("No company with id " + std::to_string(id) + ".");
    }
    audit_.append(session, actor, "company.delete", "company", std::to_string(id), std::nullopt,
                  R"({"persons_unlinked":)" + std::to_string(persons) + "}");
  });
}

std::optional<Company> CompanyService::find(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  return database_.read(
      [&](soci::session& session) { return CompanyStore(database_.dialect()).find(session, id); });
}

std::vector<Company> CompanyService::find_by_label(const Actor& actor, std::string_view label,
                                                   std::optional<long long> current) {
  require_role(actor, Role::kUser);
  const std::string text(text::trim(label));
  if (text.empty()) {
    return {};
  }
  std::vector<Company> matches = database_.read([&](soci::session& session) {
    const CompanyStore store(database_.dialect());
    auto by_name = store.find_by_name(session, text, "", kMaxNameMatches);
    // "Name (org number)": the name itself may hold parentheses, so split at the last " (".
    const std::size_t open = text.rfind(" (");
    if (!by_name.empty() || open == std::string::npos || !text.ends_with(')')) {
      return by_name;
    }
    const std::string org_number(text::trim(text.substr(open + 2, text.size() - open - 3)));
    if (org_number.empty()) {
      return by_name;
    }
    return store.find_by_name(session, std::string(text::trim(text.substr(0, open))), org_number,
                              kMaxNameMatches);
  });
  const auto meant = std::find_if(matches.begin(), matches.end(), [&](const Company& company) {
    return current && company.id == *current;
  });
  if (meant != matches.end()) {
    return {*meant};
  }
  if (matches.size() > static_cast<std::size_t>(kMaxLabelMatches)) {
    matches.resize(static_cast<std::size_t>(kMaxLabelMatches));
  }
  return matches;
}

}  // namespace vern::crm
