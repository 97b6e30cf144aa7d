#pragma once

#include <array>
#include <span>
#include <string_view>

namespace vern::demo {

// The word lists the demo data is made from: names, places, companies and notes of the four
// Nordic countries. Everything here is made up from common words and names; e-mail domains end
// in the reserved top-level domain .example, so no demo address can reach anyone.

enum class DemoCountry { kNorway, kSweden, kDenmark, kFinland };

inline constexpr std::array<DemoCountry, 4> kDemoCountries = {
    DemoCountry::kNorway, DemoCountry::kSweden, DemoCountry::kDenmark, DemoCountry::kFinland};

/// First and last names common in one country.
struct DemoNames {
  std::span<const std::string_view> female;
  std::span<const std::string_view> male;
  std::span<const std::string_view> last;
};
DemoNames demo_names(DemoCountry country);

/// A city with the range of its postal codes.
struct DemoCity {
  std::string_view name;
  int first_postal_code;
  int last_postal_code;
};

/// What makes addresses, phone numbers, companies, titles and notes look as if they come from
/// one country.
struct DemoLocale {
  std::string_view country_code;  // ISO 3166-1 alpha-2, as the person's country
  std::string_view language;      // the person's language: nb, sv, da or fi
  unsigned weight;                // the country's share of the demo persons
  std::span<const DemoCity> cities;
  std::span<const std::string_view> streets;
  std::span<const std::string_view> mobile_prefixes;
  std::span<const std::string_view> landline_prefixes;
  std::span<const std::string_view> email_domains;  // for persons without a company
  std::span<const std::string_view> titles;
  std::span<const std::string_view> notes;  // history note texts, in the language
  std::span<const std::string_view> company_words;
  std::span<const std::string_view> company_trades;
  std::span<const std::string_view> company_forms;  // AS, AB, A/S, Oy, ...
};
DemoLocale demo_locale(DemoCountry country);

/// A marketing activity of the demo, dated relative to the demo's base date; each person takes
/// part with the chance `per_mille` / 1000.
struct DemoActivity {
  std::string_view name;
  std::string_view type;
  int days_from_base;
  std::string_view description;
  unsigned per_mille;
};
std::span<const DemoActivity> demo_activities();

/// A custom field the demo fills, and its options with labels in English, bokmål and Swedish.
struct DemoOption {
  std::string_view value;
  std::string_view en;
  std::string_view nb;
  std::string_view sv;
};

/// Customer status (an option field) and interests (a multi-option field).
std::span<const DemoOption> demo_customer_statuses();
std::span<const DemoOption> demo_interests();

}  // namespace vern::demo
