#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crm/company.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::crm {

/// SQL for companies and the company side of persons.
class CompanyStore {
 public:
  explicit CompanyStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  long long insert(soci::session& session, const Company& company) const;
  std::optional<Company> find(soci::session& session, long long id) const;
  /// Finds the company and holds its row until the transaction ends (PostgreSQL; SQLite write
  /// transactions are serialised already).
  std::optional<Company> find_for_update(soci::session& session, long long id) const;
  /// Companies by id after `after_id`; with a prefix, only those whose name starts with it
  /// (case-insensitive for ASCII letters).
  std::vector<Company> list(soci::session& session, const std::string& name_prefix,
                            long long after_id, int limit) const;
  /// Companies named `name` ignoring case (ASCII letters on SQLite, as LOWER folds), by id, at
  /// most `limit`; with an `org_number`, only those with that number (spaces ignored).
  std::vector<Company> find_by_name(soci::session& session, const std::string& name,
                                    const std::string& org_number, int limit) const;
  /// Writes every field and bumps the version; false when the stored version is not
  /// `expected_version` (someone else changed it) or the company is gone.
  bool update(soci::session& session, const Company& company, long long expected_version) const;
  /// False when there was no such company. Its persons stay, without a company (the FK).
  bool remove(soci::session& session, long long id) const;
  /// The company's persons by name, at most `limit`.
  std::vector<CompanyPerson> persons(soci::session& session, long long company_id, int limit) const;
  long long count_persons(soci::session& session, long long company_id) const;

 private:
  std::optional<Company> find_one(soci::session& session, long long id,
                                  std::string_view suffix) const;

  const storage::Dialect& dialect_;
};

}  // namespace vern::crm
