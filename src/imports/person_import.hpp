#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"

namespace vern::imports {

inline constexpr std::size_t kMaxImportRows = 1'000'000;
/// Problems kept in the summary; the observer hears of every one.
inline constexpr std::size_t kMaxKeptImportProblems = 1000;

/// What to do with a row whose e-mail address a person has already (in the database, or in an
/// earlier row of the file).
enum class OnDuplicate { kSkip, kUpdate };

/// A dry run checks every row and writes nothing.
enum class ImportMode { kWrite, kDryRun };

struct ImportOptions {
  ImportMode mode = ImportMode::kWrite;
  OnDuplicate on_duplicate = OnDuplicate::kSkip;
  std::size_t max_rows = kMaxImportRows;
};

/// One problem in the file: the line its row starts on, the field key of the column (empty for
/// the row as a whole), and what is wrong, in words for people.
struct ImportProblem {
  std::size_t line = 0;
  std::string field;
  std::string message;
};

/// What an import did, or in a dry run would do. When any row has a problem nothing is written,
/// and the counts say what the rows without problems would have done.
struct ImportSummary {
  ImportMode mode = ImportMode::kWrite;
  std::size_t rows = 0;       // data rows read
  std::size_t imported = 0;   // new persons
  std::size_t updated = 0;    // duplicates merged into their person
  std::size_t unchanged = 0;  // duplicates to update that brought nothing new
  std::size_t skipped = 0;    // duplicates skipped
  std::size_t bad_rows = 0;
  std::size_t problem_count = 0;
  std::vector<ImportProblem> problems;  // the first kMaxKeptImportProblems
  bool complete = true;                 // false when the file could not be read to its end

  bool written() const { return mode == ImportMode::kWrite && problem_count == 0; }
};

struct ImportProgress {
  std::size_t rows = 0;
  std::uint64_t bytes = 0;  // of the input read so far
};

/// Hears of progress now and then, and of each problem as it is found.
struct ImportObserver {
  std::function<void(const ImportProgress&)> on_progress;
  std::function<void(const ImportProblem&)> on_problem;
};

/// Imports persons from CSV (see CsvReader) whose header row names field keys or labels,
/// built-in and custom. Every value is validated by its field definition; a row with problems
/// is reported by line and field, and then nothing at all is written. Otherwise the whole file
/// goes in in one transaction, with an audit event for every person created or updated and one
/// for the import. Duplicates by e-mail address (ignoring case), against the database and within
/// the file, are skipped or merged (non-empty values replace the stored ones, version + 1).
class PersonImporter {
 public:
  PersonImporter(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  /// Throws vern::Error (kInvalid) before reading any row when the header does not fit.
  ImportSummary run(const Actor& actor, std::istream& csv, const ImportOptions& options,
                    const ImportObserver& observer = {});

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::imports
