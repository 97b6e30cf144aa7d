#include "demo/generator.hpp"

#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "common/validation.hpp"

namespace vern::demo {
namespace {

constexpr long long kPersons = 20'000;

std::string describe(const crm::Person& person) {
  return person.first_name + "|" + person.last_name + "|" + person.email + "|" + person.phone +
         "|" + person.mobile + "|" + person.street + "|" + person.postal_code + "|" + person.city +
         "|" + person.country + "|" + person.birth_date + "|" + person.title + "|" +
         person.language;
}

int digit(const std::string& number, std::size_t at) {
  return number[at] - '0';
}

std::string digits_of(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    }
  }
  return digits;
}

/// Checks an organisation number's check digit by its country's rule.
bool valid_org_number(const std::string& country, const std::string& text) {
  const std::string number = digits_of(text);
  int sum = 0;
  if (country == "NO") {
    const int weights[] = {3, 2, 7, 6, 5, 4, 3, 2};
    for (std::size_t i = 0; i < 8; ++i) {
      sum += digit(number, i) * weights[i];
    }
    return number.size() == 9 && (11 - sum % 11) % 11 == digit(number, 8);
  }
  if (country == "SE") {
    for (std::size_t i = 0; i < number.size(); ++i) {
      const int value = digit(number, i) * (i % 2 == 0 ? 2 : 1);
      sum += value > 9 ? value - 9 : value;
    }
    return number.size() == 10 && sum % 10 == 0;
  }
  if (country == "DK") {
    const int weights[] = {2, 7, 6, 5, 4, 3, 2, 1};
    for (std::size_t i = 0; i < 8; ++i) {
      sum += digit(number, i) * weights[i];
    }
    return number.size() == 8 && sum % 11 == 0;
  }
  const int weights[] = {7, 9, 10, 5, 8, 4, 2};
  for (std::size_t i = 0; i < 7; ++i) {
    sum += digit(number, i) * weights[i];
  }
  const int check = sum % 11 == 0 ? 0 : 11 - sum % 11;
  return number.size() == 8 && check == digit(number, 7);
}

TEST(DemoGenerator, TheSameSeedMakesTheSamePersonsAndCompanies) {
  const DemoGenerator first(42, kPersons);
  const DemoGenerator second(42, kPersons);
  for (long long index = 0; index < 200; ++index) {
    const DemoPerson a = first.person(index);
    const DemoPerson b = second.person(index);
    EXPECT_EQ(describe(a.person), describe(b.person));
    EXPECT_EQ(a.company, b.company);
    EXPECT_EQ(a.customer_status, b.customer_status);
    EXPECT_EQ(a.interests, b.interests);
    ASSERT_EQ(a.history.size(), b.history.size());
    ASSERT_EQ(a.activities.size(), b.activities.size());
  }
  ASSERT_EQ(first.companies().size(), second.companies().size());
  for (std::size_t i = 0; i < first.companies().size(); ++i) {
    EXPECT_EQ(first.companies()[i].company.name, second.companies()[i].company.name);
    EXPECT_EQ(first.companies()[i].company.org_number, second.companies()[i].company.org_number);
  }
}

TEST(DemoGenerator, AnotherSeedMakesOtherPersons) {
  const DemoGenerator first(1, kPersons);
  const DemoGenerator second(2, kPersons);
  int same = 0;
  for (long long index = 0; index < 100; ++index) {
    same += describe(first.person(index).person) == describe(second.person(index).person) ? 1 : 0;
  }
  EXPECT_EQ(same, 0);
}

TEST(DemoGenerator, EveryValueIsValidAndLooksLikeItsCountry) {
  const DemoGenerator generator(7, kPersons);
  const std::map<std::string, std::pair<std::string, std::regex>> countries = {
      {"NO", {"nb", std::regex(R"(\d{4})")}},
      {"SE", {"sv", std::regex(R"(\d{3} \d{2})")}},
      {"DK", {"da", std::regex(R"(\d{4})")}},
      {"FI", {"fi", std::regex(R"(\d{4}0)")}},
  };
  const std::map<std::string, std::string> calling_codes = {
      {"NO", "+47 "}, {"SE", "+46 "}, {"DK", "+45 "}, {"FI", "+358 "}};
  const long long base = demo_days(kDemoBaseDate);
  std::set<std::string> emails;
  std::map<std::string, int> per_country;
  for (long long index = 0; index < kPersons; ++index) {
    const crm::Person person = generator.person(index).person;
    const auto country = countries.find(person.country);
    ASSERT_NE(country, countries.end()) << person.country;
    ++per_country[person.country];
    EXPECT_TRUE(person.language == country->second.first ||
                (person.country == "FI" && person.language == "sv"))
        << describe(person);
    EXPECT_TRUE(std::regex_match(person.postal_code, country->second.second)) << describe(person);
    EXPECT_FALSE(person.first_name.empty());
    EXPECT_FALSE(person.last_name.empty());
    EXPECT_FALSE(person.street.empty());
    EXPECT_TRUE(validation::is_email(person.email)) << person.email;
    EXPECT_TRUE(person.email.ends_with(".example")) << person.email;
    EXPECT_TRUE(emails.insert(person.email).second) << "repeated: " << person.email;
    for (const std::string& number : {person.phone, person.mobile}) {
      if (!number.empty()) {
        EXPECT_TRUE(validation::is_phone(number)) << number;
        EXPECT_TRUE(number.starts_with(calling_codes.at(person.country))) << number;
      }
    }
    ASSERT_TRUE(validation::is_date(person.birth_date)) << person.birth_date;
    const long long age_days = base - demo_days(person.birth_date);
    EXPECT_GE(age_days, 18 * 365);
    EXPECT_LE(age_days, 85 * 365);
  }
  for (const auto& [code, count] : per_country) {
    EXPECT_GT(count, kPersons / 10) << code;
  }
}

TEST(DemoGenerator, CompaniesHaveValidOrganisationNumbersAndTheirPersonsLiveInTheirCountry) {
  const DemoGenerator generator(3, kPersons);
  ASSERT_EQ(generator.companies().size(), 80U);
  for (const DemoCompany& demo : generator.companies()) {
    const crm::Company& company = demo.company;
    EXPECT_TRUE(valid_org_number(company.country, company.org_number))
        << company.country << " " << company.org_number;
    EXPECT_TRUE(company.name.ends_with(" AS") || company.name.ends_with(" ASA") ||
                company.name.ends_with(" AB") || company.name.ends_with(" A/S") ||
                company.name.ends_with(" ApS") || company.name.ends_with(" Oy") ||
                company.name.ends_with(" Oyj"))
        << company.name;
    EXPECT_TRUE(validation::is_email(company.email)) << company.email;
    EXPECT_TRUE(validation::is_url(company.website)) << company.website;
    EXPECT_TRUE(validation::is_phone(company.phone)) << company.phone;
  }
  int employed = 0;
  for (long long index = 0; index < 2000; ++index) {
    const DemoPerson demo = generator.person(index);
    if (demo.company) {
      ++employed;
      const DemoCompany& company = generator.companies().at(*demo.company);
      EXPECT_EQ(demo.person.country, company.company.country);
      EXPECT_TRUE(demo.person.email.ends_with("@" + company.domain)) << demo.person.email;
    } else {
      EXPECT_TRUE(demo.person.title.empty());
    }
  }
  EXPECT_GT(employed, 1000);
  EXPECT_LT(employed, 1400);
}

TEST(DemoGenerator, HistoryIsFromTheLastThreeYearsAndOnlyPastActivitiesWereAttended) {
  const DemoGenerator generator(5, kPersons);
  const long long base = demo_days(kDemoBaseDate);
  const auto activities = demo_activities();
  const std::set<std::string> types = {"note", "call", "meeting", "email"};
  long long notes = 0;
  long long participations = 0;
  for (long long index = 0; index < 5000; ++index) {
    const DemoPerson demo = generator.person(index);
    for (const DemoHistory& note : demo.history) {
      ++notes;
      EXPECT_TRUE(types.contains(note.type)) << note.type;
      const long long days = demo_days(note.date);
      EXPECT_LE(days, base);
      EXPECT_GE(days, base - 3 * 365 - 1);
      EXPECT_FALSE(note.text.empty());
    }
    for (const DemoParticipation& participation : demo.activities) {
      ++participations;
      ASSERT_LT(participation.activity, activities.size());
      if (activities[participation.activity].days_from_base > 0) {
        EXPECT_NE(participation.status, crm::ParticipantStatus::kAttended);
      }
    }
  }
  EXPECT_GT(notes, 4000);
  EXPECT_LT(notes, 6500);
  EXPECT_GT(participations, 500);
}

TEST(DemoGenerator, CompanyCountIsAFewPerThousandPersons) {
  EXPECT_EQ(DemoGenerator::company_count(0), 0);
  EXPECT_EQ(DemoGenerator::company_count(3), 3);
  EXPECT_EQ(DemoGenerator::company_count(100), 5);
  EXPECT_EQ(DemoGenerator::company_count(2000), 8);
  EXPECT_EQ(DemoGenerator::company_count(1'000'000), 4000);
}

TEST(DemoGenerator, NameListsHoldAHundredAndMoreOfEachKind) {
  for (const DemoCountry country : kDemoCountries) {
    const DemoNames names = demo_names(country);
    EXPECT_GE(names.female.size() + names.male.size(), 100U);
    EXPECT_GE(names.last.size(), 100U);
  }
}

TEST(DemoGenerator, DatesRoundTrip) {
  EXPECT_EQ(demo_days("1970-01-01"), 0);
  EXPECT_EQ(demo_date(0), "1970-01-01");
  EXPECT_EQ(demo_date(demo_days("2024-02-29")), "2024-02-29");
  EXPECT_EQ(demo_days("2024-03-01") - demo_days("2024-02-28"), 2);
  EXPECT_EQ(demo_date(demo_days("1941-12-31") + 1), "1942-01-01");
}

}  // namespace
}  // namespace vern::demo
