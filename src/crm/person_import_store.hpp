#pragma once

#include <optional>
#include <string>

#include "storage/soci.hpp"

namespace vern::crm {

/// The look-ups of an import, prepared once and run for every row.
class PersonImportStore {
 public:
  explicit PersonImportStore(soci::session& session);

  /// The person with this e-mail address (given in lower case, as Vern stores addresses).
  std::optional<long long> find_id_by_email(const std::string& email);
  bool company_exists(long long company_id);

 private:
  std::string email_;
  long long company_id_ = 0;
  long long found_id_ = 0;
  soci::indicator found_indicator_ = soci::i_null;
  long long company_count_ = 0;
  soci::statement find_by_email_;
  soci::statement count_companies_;
};

}  // namespace vern::crm
