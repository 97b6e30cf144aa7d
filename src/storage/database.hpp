#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

#include "storage/database_url.hpp"
#include "storage/dialect.hpp"
#include "storage/soci_fwd.hpp"

namespace vern::storage {

/// A pool of database sessions for one database, and the transaction helpers every store's caller
/// uses. SOCI sessions are not thread-safe: each is leased to one thread at a time.
class Database {
 public:
  /// Opens `pool_size` connections and applies the per-connection settings. Throws vern::Error
  /// (kUnavailable) with one clear sentence when the database cannot be reached.
  static std::unique_ptr<Database> open(const DatabaseUrl& url, std::size_t pool_size);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const Dialect& dialect() const { return dialect_; }
  const DatabaseUrl& url() const { return url_; }
  std::size_t pool_size() const { return pool_size_; }
  /// How many sessions are leased right now (for /metrics).
  std::size_t in_use() const;

  /// One leased session, given back when the lease ends.
  class Lease {
   public:
    Lease(Database& database, std::size_t position);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& session() { return *session_; }

   private:
    Database& database_;
    std::size_t position_;
    soci::session* session_;
  };

  /// Leases a session, waiting up to a few seconds; throws kUnavailable when none comes free.
  std::unique_ptr<Lease> lease();

  /// Runs `work(session)` outside any explicit transaction (for reads).
  template <typename Work>
  decltype(auto) read(Work&& work) {
    auto leased = lease();
    return std::forward<Work>(work)(leased->session());
  }

  /// Runs `work(session)`, which only reads, in one transaction: every query sees the database as
  /// it was at the first. For reads of many queries that belong together (a person's whole data
  /// package); on SQLite it also spares each query opening a read of its own.
  template <typename Work>
  decltype(auto) snapshot(Work&& work) {
    return in_transaction(dialect_.begin_snapshot(), std::forward<Work>(work));
  }

  /// Runs `work(session)` in a write transaction (BEGIN IMMEDIATE on SQLite): committed when it
  /// returns, rolled back when it throws.
  template <typename Work>
  decltype(auto) write(Work&& work) {
    return in_transaction(dialect_.begin_write(), std::forward<Work>(work));
  }

  /// True when a trivial query succeeds (for /healthz).
  bool ping();

 private:
  /// Runs `work(session)` in a transaction begun with `begin`: committed when it returns, rolled
  /// back when it throws.
  template <typename Work>
  decltype(auto) in_transaction(std::string_view begin, Work&& work) {
    auto leased = lease();
    soci::session& session = leased->session();
    TransactionGuard guard(session, begin);
    if constexpr (std::is_void_v<decltype(work(session))>) {
      std::forward<Work>(work)(session);
      guard.commit();
    } else {
      decltype(auto) result = std::forward<Work>(work)(session);
      guard.commit();
      return result;
    }
  }

  /// Begins a transaction with `begin` and rolls it back unless committed.
  class TransactionGuard {
   public:
    TransactionGuard(soci::session& session, std::string_view begin);
    ~TransactionGuard();
    TransactionGuard(const TransactionGuard&) = delete;
    TransactionGuard& operator=(const TransactionGuard&) = delete;
    void commit();

   private:
    soci::session& session_;
    bool open_ = true;
  };

  Database(DatabaseUrl url, std::size_t pool_size);
  void connect(soci::session& session);

  DatabaseUrl url_;
  Dialect dialect_;
  std::size_t pool_size_;
  std::unique_ptr<soci::connection_pool> pool_;
  std::atomic<std::size_t> in_use_{0};
};

/// True when `error` is a unique or other constraint violation, on either database.
bool is_constraint_violation(const soci::soci_error& error);

}  // namespace vern::storage
