#include "storage/database.hpp"

#include <mutex>
#include <string>

#include <spdlog/spdlog.h>

#include "common/error.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/soci_backends.hpp"
#include "storage/statement_cache.hpp"

namespace vern::storage {
namespace {

constexpr int kLeaseTimeoutMs = 10'000;
constexpr int kSqliteBusyTimeoutMs = 10'000;

/// SQLite's process-wide settings, once, before its first connection. Its defaults take a global
/// mutex on every allocation (for memory statistics no one reads) and a mutex per connection
/// (for connections shared between threads; the pool lends each to one thread at a time): under
/// load, threads queue on them. Too late once SQLite has started (then nothing changes).
void configure_sqlite_once() {
  static std::once_flag configured;
  std::call_once(configured, [] {
    // SOCI's header wraps sqlite3.h in this namespace.
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  });
}

std::string first_line(std::string text) {
  if (auto pos = text.find('\n'); pos != std::string::npos) {
    text.resize(pos);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

// SOCI opens its connection errors with a generic sentence and gives the driver's reason (a
// refused connection, an unknown role) on the next line: the reason is the part worth showing.
std::string connection_failure_reason(const std::string& message) {
  constexpr std::string_view kGeneric = "Cannot establish connection to the database.";
  if (!message.starts_with(kGeneric)) {
    return first_line(message);
  }
  const auto reason_start = message.find_first_not_of(" \t\r\n", kGeneric.size());
  if (reason_start == std::string::npos) {
    return first_line(message);
  }
  return first_line(message.substr(reason_start));
}

// SOCI 4.0.3 reads a PostgreSQL connection string as space-separated key=value pairs and appends
// "=" to a part that has none, so a URL without query parameters ("postgresql://host/vern")
// reaches libpq as "postgresql://host/vern=". A URL with a parameter passes through unchanged.
std::string soci_postgresql_connect_string(const std::string& url) {
  if (url.find('=') != std::string::npos) {
    return url;
  }
  const char* separator = url.find('?') == std::string::npos ? "?" : (url.back() == '?' ? "" : "&");
  return url + separator + "application_name=vern";
}

/// Per-connection settings: UTC, and no NOTICE chatter on stderr ("already exists, skipping").
void configure_postgresql(soci::session& session) {
  session << "SET TIME ZONE 'UTC'";
  session << "SET client_min_messages TO WARNING";
}

}  // namespace

Database::Database(DatabaseUrl url, std::size_t pool_size)
    : url_(std::move(url)),
      dialect_(url_.backend),
      pool_size_(pool_size),
      pool_(std::make_unique<soci::connection_pool>(pool_size)) {}

Database::~Database() {
  // Cached statements are finalised while their connections are still open.
  for (std::size_t i = 0; i < pool_size_; ++i) {
    StatementCache::detach(pool_->at(i));
  }
}

std::unique_ptr<Database> Database::open(const DatabaseUrl& url, std::size_t pool_size) {
  std::unique_ptr<Database> database(new Database(url, pool_size == 0 ? 1 : pool_size));
  for (std::size_t i = 0; i < database->pool_size_; ++i) {
    database->connect(database->pool_->at(i));
  }
  return database;
}

void Database::connect(soci::session& session) {
  try {
    if (url_.backend == Backend::kSqlite) {
      configure_sqlite_once();
      session.open(soci::sqlite3, "db=\"" + url_.sqlite_path + "\" timeout=10");
      session << "PRAGMA busy_timeout = " + std::to_string(kSqliteBusyTimeoutMs);
      session << "PRAGMA journal_mode = WAL";
      session << "PRAGMA foreign_keys = ON";
      session << "PRAGMA secure_delete = ON";
      // FULL: a commit is on disk before the caller hears of it (the audit log promises that
      // no read is answered before its event is durable). Reads share commits (AuditLog).
      session << "PRAGMA synchronous = FULL";
      StatementCache::attach(session);
    } else {
      session.open(soci::postgresql, soci_postgresql_connect_string(url_.postgres_conninfo));
      configure_postgresql(session);
    }
  } catch (const soci::soci_error& error) {
    throw Error(ErrorKind::kUnavailable, "cannot open database " + url_.redacted() + ": " +
                                             connection_failure_reason(error.get_error_message()));
  }
}

Database::Lease::Lease(Database& database, std::size_t position)
    : database_(database), position_(position), session_(&database.pool_->at(position)) {
  ++database_.in_use_;
}

Database::Lease::~Lease() {
  --database_.in_use_;
  database_.pool_->give_back(position_);
}

std::unique_ptr<Database::Lease> Database::lease() {
  std::size_t position = 0;
  if (!pool_->try_lease(position, kLeaseTimeoutMs)) {
    throw Error(ErrorKind::kUnavailable, "no database connection came free in time");
  }
  auto leased = std::make_unique<Lease>(*this, position);
  // SOCI does not reconnect by itself: a PostgreSQL connection dropped by a server restart is
  // opened again before it is handed out.
  if (url_.backend == Backend::kPostgresql && !leased->session().is_connected()) {
    try {
      leased->session().reconnect();
      configure_postgresql(leased->session());
    } catch (const soci::soci_error& error) {
      throw Error(ErrorKind::kUnavailable,
                  "database unavailable: " + connection_failure_reason(error.get_error_message()));
    }
  }
  return leased;
}

std::size_t Database::in_use() const {
  return in_use_.load();
}

bool Database::ping() {
  try {
    return read([](soci::session& session) {
      int one = 0;
      session << "SELECT 1", soci::into(one);
      return one == 1;
    });
  } catch (const std::exception& error) {
    spdlog::warn("database health check failed: {}", first_line(error.what()));
    return false;
  }
}

Database::TransactionGuard::TransactionGuard(soci::session& session, std::string_view begin)
    : session_(session) {
  // DynamicQuery: on SQLite these statements are prepared once per connection.
  DynamicQuery(begin).execute(session_);
}

Database::TransactionGuard::~TransactionGuard() {
  if (!open_) {
    return;
  }
  try {
    DynamicQuery("ROLLBACK").execute(session_);
  } catch (const std::exception& error) {
    spdlog::error("rollback failed: {}", first_line(error.what()));
  }
}

void Database::TransactionGuard::commit() {
  DynamicQuery("COMMIT").execute(session_);
  open_ = false;
}

bool is_constraint_violation(const soci::soci_error& error) {
  if (error.get_error_category() == soci::soci_error::constraint_violation) {
    return true;
  }
  // SOCI 4.0.3 gives SQLite errors no category; SQLite names every kind in its message
  // ("UNIQUE constraint failed", "CHECK constraint failed", "NOT NULL constraint failed", ...).
  const std::string message = error.get_error_message();
  return message.find(" constraint failed") != std::string::npos ||
         message.find("duplicate key value") != std::string::npos;
}

}  // namespace vern::storage
