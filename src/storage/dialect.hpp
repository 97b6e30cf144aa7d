#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database_url.hpp"
#include "storage/dynamic_query.hpp"

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
  /// The statement that opens a read-only transaction whose queries all see one snapshot.
  std::string_view begin_snapshot() const;
  /// Appended to a SELECT that must lock the rows it reads until commit ("" on SQLite, whose
  /// write transactions are already serialised).
  std::string_view for_update() const;
  /// A statement that serialises one kind of work between instances until the transaction ends,
  /// or "" where the write transaction already does (SQLite).
  std::string lock_for_transaction(long long lock_key) const;
  /// Expands the schema tokens used in migrations: ${ID} (auto-increment primary key),
  /// ${BLOB}, ${NOCASE} (case-insensitive text collation for unique names).
  std::string expand(std::string_view sql) const;
  /// A migration statement as this database runs it: a statement that starts with "@sqlite " or
  /// "@postgresql " runs on that database only (nothing for the other); tokens are expanded.
  std::optional<std::string> migration_statement(std::string_view statement) const;

  /// A full-text query, in this database's syntax, that matches a document holding, for every
  /// term, a word that starts with it. Each term is quoted so that no query syntax in it is
  /// obeyed: FTS5 `"ola"* "nord"*`, PostgreSQL `'ola':* & 'nord':*`.
  std::string prefix_query(const std::vector<std::string>& terms) const;
  /// Appends a condition on persons `p` that keeps the persons whose search index entry (the
  /// person_search table of migration 3) matches prefix_query(terms), bound as a value.
  void append_person_search(DynamicQuery& query, const std::vector<std::string>& terms) const;
  /// The statement that merges the person search index so that the words of changed and
  /// deleted persons leave the file too (run it after erasures), or "" where the index needs
  /// none (PostgreSQL rewrites the row; VACUUM reclaims it).
  std::string_view optimize_person_search() const;
  /// SQLite: the search index's rowid is persons.search_rank, in name order (PersonOrderStore), so
  /// a search can read its matches in that order instead of sorting them.
  bool person_search_in_rank_order() const { return !is_postgresql(); }

 private:
  Backend backend_;
};

/// Stable keys of the transaction-scoped locks Vern takes.
inline constexpr long long kMigrationLock = 7'273'001;
inline constexpr long long kAuditLock = 7'273'002;
inline constexpr long long kHolidaysLock = 7'273'003;

}  // namespace vern::storage
