#include "storage/database_url.hpp"

#include <regex>

#include "common/error.hpp"

namespace vern::storage {

DatabaseUrl DatabaseUrl::parse(std::string_view text) {
  DatabaseUrl url;
  if (text.starts_with("sqlite:")) {
    url.backend = Backend::kSqlite;
    url.sqlite_path = std::string(text.substr(7));
    if (url.sqlite_path.starts_with("//")) {
      url.sqlite_path = url.sqlite_path.substr(2);
    }
    if (url.sqlite_path.empty()) {
      throw Error::invalid_field("db", "sqlite: needs a file path, as in sqlite:vern.db");
    }
    return url;
  }
  if (text.starts_with("postgresql://") || text.starts_with("postgres://")) {
    url.backend = Backend::kPostgresql;
    url.postgres_conninfo = std::string(text);
    const auto rest = text.substr(text.find("://") + 3);
    if (rest.empty() || rest.front() == '/') {
      throw Error::invalid_field(
          "db", "postgresql:// needs a host, as in postgresql://user@host:5432/vern");
    }
    return url;
  }
  throw Error::invalid_field(
      "db", "unsupported database URL; use sqlite:PATH or postgresql://user:pass@host:port/dbname");
}

std::string DatabaseUrl::redacted() const {
  if (backend == Backend::kSqlite) {
    return "sqlite:" + sqlite_path;
  }
  // libpq takes a password in the user part and as a query parameter.
  static const std::regex kPassword(R"(^(postgres(?:ql)?://[^:/@]*):[^@]*@)");
  static const std::regex kPasswordParameter(R"(([?&]password=)[^&]*)");
  return std::regex_replace(std::regex_replace(postgres_conninfo, kPassword, "$1:***@"),
                            kPasswordParameter, "$1***");
}

}  // namespace vern::storage
