#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/actor.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"

namespace vern::demo {

inline constexpr long long kDefaultDemoPersons = 2000;
inline constexpr long long kMaxDemoPersons = 10'000'000;

struct DemoOptions {
  long long persons = kDefaultDemoPersons;
  std::uint64_t seed = 1;
};

/// What a demo load wrote. When the database held persons already, nothing was written and
/// `existing_persons` says how many there were.
struct DemoSummary {
  long long existing_persons = 0;
  long long persons = 0;
  long long companies = 0;
  long long values = 0;  // custom field values
  long long history = 0;
  long long activities = 0;
  long long participants = 0;
  long long consent_events = 0;
  std::vector<std::string> fields_created;
};

/// Called after each batch of persons with how many are written and how many will be.
using DemoProgress = std::function<void(long long done, long long total)>;

/// Loads the demo data of DemoGenerator: companies, persons with custom values, history notes,
/// marketing activities and participants, in one transaction and in batches through DemoStore,
/// with one audit event for the whole load. It adds nothing to a database that holds persons,
/// so running it twice makes no duplicates.
class DemoLoader {
 public:
  DemoLoader(storage::Database& database, audit::AuditLog& audit, const Clock& clock)
      : database_(database), audit_(audit), clock_(clock) {}

  DemoSummary load(const Actor& actor, const DemoOptions& options,
                   const DemoProgress& progress = {});

 private:
  storage::Database& database_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace vern::demo
