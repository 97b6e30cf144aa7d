#pragma once

#include <string>
#include <string_view>

#include "storage/database_url.hpp"

namespace vern::storage {

/// Every difference between SQLite and PostgreSQL SQL lives here (and, later, in the filter
/// compiler); stores ask the dialect instead of testing the backend themselves.
class Dialect {
 public:
  explicit Dialect(Backend backend) : backend_(backend) {}

  Backend backend() const { return backend_; }
  bool is_postgresql() const { return backend_ == Backend::kPostgresql; }

  /// The statement that opens a write transaction: SQLite takes the write lock at once.
  std::string_view begin_write() const;
  /// Appended to a SELECT that must lock the rows it reads until commit ("" on SQLite, whose
  /// write transactions are already serialised).
  std::string_view for_update() const;
  /// A statement that serialises one kind of work between instances until the transaction ends,
  /// or "" where the write transaction already does (SQLite).
  std::string lock_for_transaction(long long lock_key) const;
  /// Expands the schema tokens used in migrations: ${ID} (auto-increment primary key),
  /// ${BLOB}, ${NOCASE} (case-insensitive text collation for unique names).
  std::string expand(std::string_view sql) const;

 private:
  Backend backend_;
};

/// Stable keys of the transaction-scoped locks Vern takes.
inline constexpr long long kMigrationLock = 7'273'001;
inline constexpr long long kAuditLock = 7'273'002;

}  // namespace vern::storage
