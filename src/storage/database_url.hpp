#pragma once

#include <string>
#include <string_view>

namespace vern::storage {

enum class Backend { kSqlite, kPostgresql };

/// A parsed `--db` value: `sqlite:PATH` or `postgresql://user:pass@host:port/dbname`.
struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string sqlite_path;        // for kSqlite
  std::string postgres_conninfo;  // for kPostgresql: the URL as libpq takes it

  /// Throws vern::Error (kInvalid, field "db") for anything else.
  static DatabaseUrl parse(std::string_view text);

  /// The URL with any password replaced by "***", for messages and logs.
  std::string redacted() const;
};

}  // namespace vern::storage
