#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/page.hpp"
#include "crm/person.hpp"
#include "storage/database.hpp"

namespace vern::query {

/// A search over persons: prefix words and/or a filter (the filter language of API.md).
struct PersonQuery {
  std::string q;
  nlohmann::json filter;  // null for none
  int limit = 50;
  std::optional<std::string> after;
  bool count = false;
};

/// One page of a person search.
using PersonPage = Page<crm::Person>;

/// Finds persons by prefix words and a filter, for staff; each page is audited as one listing.
class PersonSearchService {
 public:
  PersonSearchService(storage::Database& database, audit::AuditLog& audit)
      : database_(database), audit_(audit) {}

  /// Throws vern::Error kInvalid naming "q", "limit", "after" or the filter's bad node.
  PersonPage search(const Actor& actor, const PersonQuery& query);

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
};

}  // namespace vern::query
