#include "demo/generator.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "common/text.hpp"
#include "demo/random.hpp"

namespace vern::demo {
namespace {

// Independent random streams, so that adding a kind of data never changes another.
enum Stream : std::uint64_t { kCompanyStream = 1, kPersonStream = 2 };

constexpr long long kPersonsPerCompany = 250;
constexpr std::size_t kDateBufferBytes = 64;  // room for any long long, to please -Wformat
constexpr long long kMinCompanies = 5;
constexpr long long kDaysPerYear = 365;
constexpr long long kYoungestAge = 18;
constexpr long long kOldestAge = 85;
constexpr long long kHistoryDays = 3 * kDaysPerYear + 1;

// Chances in per mille.
constexpr unsigned kFemale = 500;
constexpr unsigned kEmployed = 600;
constexpr unsigned kHasTitle = 850;
constexpr unsigned kHasLandline = 400;
constexpr unsigned kHasMobile = 900;
constexpr unsigned kFinlandSwede = 55;

constexpr std::array<unsigned, 4> kStatusWeights = {35, 45, 12, 8};
constexpr std::array<unsigned, 4> kInterestCountWeights = {40, 30, 20, 10};
constexpr std::array<unsigned, 4> kHistoryCountWeights = {35, 35, 20, 10};
constexpr std::array<std::string_view, 4> kHistoryTypes = {"note", "call", "meeting", "email"};
constexpr std::array<unsigned, 4> kHistoryTypeWeights = {40, 30, 15, 15};
constexpr std::array<crm::ParticipantStatus, 4> kStatuses = {
    crm::ParticipantStatus::kInvited, crm::ParticipantStatus::kRegistered,
    crm::ParticipantStatus::kAttended, crm::ParticipantStatus::kCancelled};
constexpr std::array<unsigned, 4> kPastStatusWeights = {20, 15, 55, 10};
constexpr std::array<unsigned, 4> kFutureStatusWeights = {60, 35, 0, 5};

template <typename T>
std::span<const T> as_span(const std::vector<T>& items) {
  return {items.data(), items.size()};
}

DemoCountry pick_country(DemoRandom& random) {
  std::array<unsigned, kDemoCountries.size()> weights{};
  for (std::size_t i = 0; i < kDemoCountries.size(); ++i) {
    weights.at(i) = demo_locale(kDemoCountries.at(i)).weight;
  }
  return kDemoCountries.at(random.weighted(weights));
}

std::string digits(DemoRandom& random, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += static_cast<char>('0' + random.below(10));
  }
  return text;
}

/// Groups `number` as `pattern` shows it: "3 2 3" gives "412 34 567".
std::string grouped(const std::string& number, std::initializer_list<std::size_t> groups) {
  std::string text;
  std::size_t at = 0;
  for (const std::size_t group : groups) {
    if (!text.empty()) {
      text += ' ';
    }
    text += number.substr(at, group);
    at += group;
  }
  return text;
}

std::string phone(DemoRandom& random, DemoCountry country, bool mobile) {
  const DemoLocale locale = demo_locale(country);
  const std::string prefix(random.pick(mobile ? locale.mobile_prefixes : locale.landline_prefixes));
  switch (country) {
    case DemoCountry::kNorway: {
      const std::string number = prefix + digits(random, 6);
      return "+47 " + (mobile ? grouped(number, {3, 2, 3}) : grouped(number, {2, 2, 2, 2}));
    }
    case DemoCountry::kSweden:
      if (prefix == "8") {
        return "+46 8 " + grouped(digits(random, 8), {3, 3, 2});
      }
      return "+46 " + prefix + " " + grouped(digits(random, 7), {3, 2, 2});
    case DemoCountry::kDenmark:
      return "+45 " + grouped(prefix + digits(random, 6), {2, 2, 2, 2});
    case DemoCountry::kFinland:
      break;
  }
  return "+358 " + prefix + " " + grouped(digits(random, 7), {3, 4});
}

std::string postal_code(DemoRandom& random, DemoCountry country, const DemoCity& city) {
  const long long code = random.between(city.first_postal_code, city.last_postal_code);
  std::string text = std::to_string(code);
  switch (country) {
    case DemoCountry::kSweden:
      return text.substr(0, 3) + " " + text.substr(3);
    case DemoCountry::kFinland:
      text += '0';  // the range is in tens
      return std::string(5 - std::min<std::size_t>(5, text.size()), '0') + text;
    default:
      return std::string(4 - std::min<std::size_t>(4, text.size()), '0') + text;
  }
}

std::string street(DemoRandom& random, DemoCountry country) {
  const DemoLocale locale = demo_locale(country);
  std::string text(random.pick(locale.streets));
  text += ' ';
  text += std::to_string(random.between(1, random.between(10, 120)));
  switch (country) {
    case DemoCountry::kNorway:
      if (random.chance(100)) {
        text += static_cast<char>('A' + random.below(4));
      }
      break;
    case DemoCountry::kSweden:
      if (random.chance(50)) {
        text += static_cast<char>('A' + random.below(2));
      }
      break;
    case DemoCountry::kDenmark:
      if (random.chance(350)) {
        static constexpr std::array<std::string_view, 3> kSides = {"th", "tv", "mf"};
        const auto floor = static_cast<long long>(random.below(6));
        text += ", " + (floor == 0 ? std::string("st.") : std::to_string(floor) + ".") + " " +
                std::string(random.pick(std::span<const std::string_view>(kSides)));
      }
      break;
    case DemoCountry::kFinland:
      if (random.chance(450)) {
        text += " ";
        text += static_cast<char>('A' + random.below(4));
        text += " " + std::to_string(random.between(1, 60));
      }
      break;
  }
  return text;
}

/// The mod-11 check digit of `body`'s digits under `weights`, (11 - sum mod 11) mod 11, or
/// nothing when that is 10 (no number has that body).
template <std::size_t N>
std::optional<int> mod11_check(const std::string& body, const std::array<int, N>& weights) {
  int sum = 0;
  for (std::size_t i = 0; i < N; ++i) {
    sum += (body[i] - '0') * weights[i];
  }
  const int check = (11 - sum % 11) % 11;
  return check == 10 ? std::nullopt : std::optional(check);
}

/// An organisation number with its country's check digit.
std::string org_number(DemoRandom& random, DemoCountry country) {
  auto digit_at = [](const std::string& number, std::size_t i) { return number[i] - '0'; };
  for (;;) {
    switch (country) {
      case DemoCountry::kNorway: {
        // Brønnøysund: nine digits, mod 11 with weights 3 2 7 6 5 4 3 2.
        const std::string body = std::to_string(random.between(8, 9)) + digits(random, 7);
        static constexpr std::array<int, 8> kWeights = {3, 2, 7, 6, 5, 4, 3, 2};
        const auto check = mod11_check(body, kWeights);
        if (!check) {
          continue;
        }
        return grouped(body + std::to_string(*check), {3, 3, 3});
      }
      case DemoCountry::kSweden: {
        // Bolagsverket: 55xxxx-xxxx for limited companies, Luhn check digit.
        const std::string body = "55" + std::to_string(random.between(6, 9)) + digits(random, 6);
        int sum = 0;
        for (std::size_t i = 0; i < body.size(); ++i) {
          int value = digit_at(body, i) * (i % 2 == 0 ? 2 : 1);
          sum += value > 9 ? value - 9 : value;
        }
        const std::string number = body + std::to_string((10 - sum % 10) % 10);
        return number.substr(0, 6) + "-" + number.substr(6);
      }
      case DemoCountry::kDenmark: {
        // CVR: eight digits whose weighted sum (2 7 6 5 4 3 2 1) is divisible by 11.
        const std::string body = std::to_string(random.between(1, 9)) + digits(random, 6);
        static constexpr std::array<int, 7> kWeights = {2, 7, 6, 5, 4, 3, 2};
        const auto check = mod11_check(body, kWeights);
        if (!check) {
          continue;
        }
        return body + std::to_string(*check);
      }
      case DemoCountry::kFinland: {
        // Y-tunnus: seven digits, a dash and a mod 11 check digit (weights 7 9 10 5 8 4 2).
        const std::string body = std::to_string(random.between(1, 3)) + digits(random, 6);
        static constexpr std::array<int, 7> kWeights = {7, 9, 10, 5, 8, 4, 2};
        const auto check = mod11_check(body, kWeights);
        if (!check) {
          continue;
        }
        return body + "-" + std::to_string(*check);
      }
    }
  }
}

/// The first letter in lower case (ASCII only: the trades start with ASCII letters).
std::string lower_first(std::string_view word) {
  std::string text(word);
  if (!text.empty()) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

std::string company_name(DemoRandom& random, DemoCountry country) {
  const DemoLocale locale = demo_locale(country);
  const std::string word(random.pick(locale.company_words));
  const std::string trade(random.pick(locale.company_trades));
  std::string name;
  switch (random.below(4)) {
    case 0:
      name = word + lower_first(trade);
      break;
    case 1:
      name = word + " " + trade;
      break;
    case 2:
      name = word + " " + trade + " " + std::string(random.pick(locale.cities).name);
      break;
    default:
      name = std::string(random.pick(demo_names(country).last)) + " " + trade;
      break;
  }
  return name + " " + std::string(random.pick(locale.company_forms));
}

std::vector<DemoHistory> history(DemoRandom& random, const DemoLocale& locale, long long base) {
  std::vector<DemoHistory> entries(random.weighted(kHistoryCountWeights));
  for (DemoHistory& entry : entries) {
    entry.type = kHistoryTypes.at(random.weighted(kHistoryTypeWeights));
    entry.date = demo_date(base - static_cast<long long>(random.below(kHistoryDays)));
    entry.text = random.pick(locale.notes);
  }
  // Stable, so that notes of the same day keep their order with every standard library.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const DemoHistory& a, const DemoHistory& b) { return a.date < b.date; });
  return entries;
}

std::vector<std::string> interests(DemoRandom& random) {
  const auto options = demo_interests();
  std::vector<std::string> chosen;
  const std::size_t count = random.weighted(kInterestCountWeights);
  while (chosen.size() < count) {
    std::string value(random.pick(options).value);
    if (std::find(chosen.begin(), chosen.end(), value) == chosen.end()) {
      chosen.push_back(std::move(value));
    }
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<DemoParticipation> participations(DemoRandom& random) {
  std::vector<DemoParticipation> taken;
  const auto activities = demo_activities();
  for (std::size_t i = 0; i < activities.size(); ++i) {
    if (random.chance(activities[i].per_mille)) {
      const auto& weights =
          activities[i].days_from_base < 0 ? kPastStatusWeights : kFutureStatusWeights;
      taken.push_back({i, kStatuses.at(random.weighted(weights))});
    }
  }
  return taken;
}

}  // namespace

DemoGenerator::DemoGenerator(std::uint64_t seed, long long persons) : seed_(seed) {
  const long long count = company_count(persons);
  companies_.reserve(static_cast<std::size_t>(count));
  for (long long index = 0; index < count; ++index) {
    companies_.push_back(make_company(index));
    companies_by_country_.at(static_cast<std::size_t>(companies_.back().country))
        .push_back(companies_.size() - 1);
  }
}

long long DemoGenerator::company_count(long long persons) {
  if (persons <= 0) {
    return 0;
  }
  return std::max(persons / kPersonsPerCompany, std::min(persons, kMinCompanies));
}

DemoCompany DemoGenerator::make_company(long long index) const {
  DemoRandom random(seed_, kCompanyStream, static_cast<std::uint64_t>(index));
  DemoCompany demo;
  demo.country = pick_country(random);
  const DemoLocale locale = demo_locale(demo.country);
  crm::Company& company = demo.company;
  company.name = company_name(random, demo.country);
  // The domain leaves out the company form: "Fjordbygg AS" works at fjordbygg.example.
  demo.domain =
      text::ascii_slug(company.name.substr(0, company.name.rfind(' ')), text::WordBreak::kNone) +
      ".example";
  company.org_number = org_number(random, demo.country);
  const DemoCity& city = random.pick(locale.cities);
  company.street = street(random, demo.country);
  company.postal_code = postal_code(random, demo.country, city);
  company.city = city.name;
  company.country = locale.country_code;
  company.phone = phone(random, demo.country, false);
  company.email = (demo.country == DemoCountry::kNorway ? "post@" : "info@") + demo.domain;
  company.website = "https://www." + demo.domain;
  return demo;
}

DemoPerson DemoGenerator::person(long long index) const {
  DemoRandom random(seed_, kPersonStream, static_cast<std::uint64_t>(index));
  DemoPerson demo;
  crm::Person& person = demo.person;
  const DemoCountry country = pick_country(random);
  const DemoLocale locale = demo_locale(country);
  const DemoNames names = demo_names(country);
  person.first_name = random.pick(random.chance(kFemale) ? names.female : names.male);
  person.last_name = random.pick(names.last);
  const auto& local_companies = companies_by_country_.at(static_cast<std::size_t>(country));
  if (!local_companies.empty() && random.chance(kEmployed)) {
    demo.company = random.pick(as_span(local_companies));
  }
  const DemoCity& city = random.pick(locale.cities);
  person.street = street(random, country);
  person.postal_code = postal_code(random, country, city);
  person.city = city.name;
  person.country = locale.country_code;
  if (random.chance(kHasLandline)) {
    person.phone = phone(random, country, false);
  }
  if (random.chance(kHasMobile)) {
    person.mobile = phone(random, country, true);
  }
  // The person's number makes the address unique; names alone repeat.
  const std::string domain = demo.company ? companies_[*demo.company].domain
                                          : std::string(random.pick(locale.email_domains));
  person.email = text::ascii_slug(person.first_name, text::WordBreak::kNone) + "." +
                 text::ascii_slug(person.last_name, text::WordBreak::kNone) +
                 std::to_string(index + 1) + "@" + domain;
  const long long base = demo_days(kDemoBaseDate);
  person.birth_date =
      demo_date(base - random.between(kYoungestAge * kDaysPerYear, kOldestAge * kDaysPerYear));
  if (demo.company && random.chance(kHasTitle)) {
    person.title = random.pick(locale.titles);
  }
  const bool finland_swede = country == DemoCountry::kFinland && random.chance(kFinlandSwede);
  person.language = finland_swede ? "sv" : locale.language;
  demo.customer_status = demo_customer_statuses()[random.weighted(kStatusWeights)].value;
  demo.interests = interests(random);
  demo.history = history(random, finland_swede ? demo_locale(DemoCountry::kSweden) : locale, base);
  demo.activities = participations(random);
  return demo;
}

std::vector<crm::Activity> DemoGenerator::activities() const {
  std::vector<crm::Activity> result;
  const long long base = demo_days(kDemoBaseDate);
  for (const DemoActivity& demo : demo_activities()) {
    crm::Activity activity;
    activity.name = demo.name;
    activity.type = demo.type;
    activity.date = demo_date(base + demo.days_from_base);
    activity.description = demo.description;
    result.push_back(std::move(activity));
  }
  return result;
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
std::string demo_date(long long days_since_epoch) {
  const long long z = days_since_epoch + 719'468;
  const long long era = (z >= 0 ? z : z - 146'096) / 146'097;
  const long long day_of_era = z - era * 146'097;
  const long long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
  const long long day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long long shifted_month = (5 * day_of_year + 2) / 153;
  const long long day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const long long month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const long long year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  std::array<char, kDateBufferBytes> text{};
  std::snprintf(text.data(), text.size(), "%04lld-%02lld-%02lld", year, month, day);
  return text.data();
}

long long demo_days(std::string_view date) {
  const long long parsed_year = std::stoll(std::string(date.substr(0, 4)));
  const long long month = std::stoll(std::string(date.substr(5, 2)));
  const long long day = std::stoll(std::string(date.substr(8, 2)));
  const long long year = parsed_year - (month <= 2 ? 1 : 0);
  const long long era = (year >= 0 ? year : year - 399) / 400;
  const long long year_of_era = year - era * 400;
  const long long day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const long long day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146'097 + day_of_era - 719'468;
}

}  // namespace vern::demo
