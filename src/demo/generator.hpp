#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/activity.hpp"
#include "crm/company.hpp"
#include "crm/person.hpp"
#include "demo/data.hpp"

namespace vern::demo {

/// The fixed day the demo's dates are counted from (birth dates, history, activities), so that a
/// seed gives the same data whenever it runs.
inline constexpr std::string_view kDemoBaseDate = "2026-11-01";

/// The keys of the custom fields the demo fills.
inline constexpr std::string_view kDemoStatusField = "customer_status";
inline constexpr std::string_view kDemoInterestsField = "interests";

/// A demo company, with the country and e-mail domain its employees share.
struct DemoCompany {
  crm::Company company;
  DemoCountry country = DemoCountry::kNorway;
  std::string domain;
};

struct DemoHistory {
  std::string type;  // note, call, meeting or email
  std::string date;
  std::string text;
};

struct DemoParticipation {
  std::size_t activity = 0;  // index into demo_activities()
  crm::ParticipantStatus status = crm::ParticipantStatus::kInvited;
};

/// A demo person with what hangs on them. `person` has no id, no company_id and no times yet.
struct DemoPerson {
  crm::Person person;
  std::optional<std::size_t> company;  // index into DemoGenerator::companies()
  std::string customer_status;
  std::vector<std::string> interests;  // sorted
  std::vector<DemoHistory> history;
  std::vector<DemoParticipation> activities;
};

/// Makes the demo's companies, persons, history and participations from a seed. Each person is
/// made from the seed and its index alone, so the same seed gives the same first persons
/// whatever the total.
class DemoGenerator {
 public:
  DemoGenerator(std::uint64_t seed, long long persons);

  /// A few companies per thousand persons (at least a handful when there are persons).
  static long long company_count(long long persons);

  const std::vector<DemoCompany>& companies() const { return companies_; }
  DemoPerson person(long long index) const;
  /// The activities, dated from the base date.
  std::vector<crm::Activity> activities() const;

 private:
  DemoCompany make_company(long long index) const;

  std::uint64_t seed_;
  std::vector<DemoCompany> companies_;
  std::array<std::vector<std::size_t>, kDemoCountries.size()> companies_by_country_;
};

/// Days since 1970-01-01 as YYYY-MM-DD, and back.
std::string demo_date(long long days_since_epoch);
long long demo_days(std::string_view date);

}  // namespace vern::demo
