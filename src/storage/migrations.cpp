#include "storage/migrations.hpp"

#include <algorithm>
#include <string>

#include <spdlog/spdlog.h>

#include "common/error.hpp"
#include "storage/soci.hpp"

namespace vern::storage {
namespace {

constexpr std::string_view kCreateSchemaTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr std::string_view kSelectVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kInsertVersion =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :at)";

long long read_version(soci::session& session) {
  long long version = 0;
  session << kSelectVersion, soci::into(version);
  return version;
}

void lock_migrations(Database& database, soci::session& session) {
  if (auto lock = database.dialect().lock_for_transaction(kMigrationLock); !lock.empty()) {
    session << lock;
  }
  session << kCreateSchemaTable;
}

Error newer_schema_error(long long version, int latest) {
  return Error(ErrorKind::kConflict, "the database schema (version " + std::to_string(version) +
                                         ") is newer than this vern (version " +
                                         std::to_string(latest) + "); upgrade vern");
}

}  // namespace

int current_schema_version(Database& database) {
  return database.write([&](soci::session& session) {
    lock_migrations(database, session);
    return static_cast<int>(read_version(session));
  });
}

MigrationResult migrate(Database& database, const Clock& clock,
                        const std::vector<Migration>& migrations) {
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  MigrationResult result;
  result.from_version = current_schema_version(database);
  if (result.from_version > latest) {
    throw newer_schema_error(result.from_version, latest);
  }
  result.to_version = result.from_version;
  for (const Migration& migration : migrations) {
    const bool applied = database.write([&](soci::session& session) {
      lock_migrations(database, session);
      // Read again under the lock: another instance may have migrated meanwhile.
      const long long version = read_version(session);
      if (version > latest) {
        throw newer_schema_error(version, latest);
      }
      if (version >= migration.version) {
        return false;
      }
      for (std::string_view statement : migration.statements) {
        if (const auto sql = database.dialect().migration_statement(statement)) {
          session << *sql;
        }
      }
      const long long number = migration.version;
      const std::string name(migration.name);
      const long long now = clock.now();
      session << kInsertVersion, soci::use(number), soci::use(name), soci::use(now);
      return true;
    });
    if (applied) {
      spdlog::info("applied migration {} ({})", migration.version, migration.name);
      result.to_version = migration.version;
    }
  }
  return result;
}

}  // namespace vern::storage
