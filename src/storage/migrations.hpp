#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "storage/database.hpp"

namespace vern::storage {

/// One numbered schema change: statements with the dialect's ${...} tokens.
struct Migration {
  int version;
  std::string_view name;
  std::vector<std::string_view> statements;
};

/// Every migration Vern knows, in order (storage/schema.cpp).
const std::vector<Migration>& all_migrations();

/// What a migration run did.
struct MigrationResult {
  int from_version = 0;
  int to_version = 0;
};

/// Brings the schema up to date, one transaction per migration, serialised between instances
/// (an advisory lock on PostgreSQL, the write lock on SQLite). Refuses (vern::Error kConflict) a
/// database whose schema is newer than this binary.
MigrationResult migrate(Database& database, const Clock& clock,
                        const std::vector<Migration>& migrations = all_migrations());

/// The highest applied version, 0 for an empty database.
int current_schema_version(Database& database);

}  // namespace vern::storage
