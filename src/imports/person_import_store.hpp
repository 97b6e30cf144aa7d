#pragma once

#include <optional>
#include <string>

#include "crm/person.hpp"
#include "storage/soci.hpp"

namespace vern::imports {

/// The statements an import runs for every row, prepared once: SQLite compiles the search-index
/// triggers into every INSERT on persons, so preparing it per row would cost more than running it.
class PersonImportStore {
 public:
  explicit PersonImportStore(soci::session& session);

  /// The person with this e-mail address (given in lower case, as Vern stores addresses).
  std::optional<long long> find_id_by_email(const std::string& email);
  bool company_exists(long long company_id);
  /// Inserts a new person (version 1) with its custom values and returns the id.
  long long insert(const crm::Person& person);

 private:
  std::string email_;
  long long company_id_ = 0;
  long long found_id_ = 0;
  soci::indicator found_indicator_ = soci::i_null;
  long long company_count_ = 0;
  // The row being inserted: the statements hold references to these members.
  crm::Person person_;
  long long person_company_ = 0;
  soci::indicator person_company_indicator_ = soci::i_null;
  long long person_created_ = 0;
  long long person_updated_ = 0;
  long long inserted_id_ = 0;
  long long value_person_ = 0;
  std::string value_key_;
  std::string value_text_;
  double value_number_ = 0;
  soci::indicator value_number_indicator_ = soci::i_null;
  soci::statement find_by_email_;
  soci::statement count_companies_;
  soci::statement insert_person_;
  soci::statement insert_value_;
};

}  // namespace vern::imports
