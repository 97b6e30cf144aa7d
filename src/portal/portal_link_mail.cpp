#include "portal/portal_link_mail.hpp"

#include <array>
#include <chrono>
#include <map>

#include "common/i18n.hpp"

namespace vern::portal {
namespace {

using Values = std::map<std::string, std::string, std::less<>>;

/// `text` with each {name} that `values` has replaced by its value, in one pass.
std::string fill(std::string_view text, const Values& values) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('{', at);
    const auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      break;
    }
    out.append(text.substr(at, open - at));
    const auto value = values.find(text.substr(open + 1, close - open - 1));
    if (value != values.end()) {
      out.append(value->second);
    } else {
      out.append(text.substr(open, close - open + 1));
    }
    at = close + 1;
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

std::string two_digits(long long value) {
  std::string digits = std::to_string(value);
  return digits.size() < 2 ? std::string("0").append(digits) : digits;
}

}  // namespace

std::string written_utc_time(UnixTime time, std::string_view language) {
  using namespace std::chrono;
  const sys_seconds instant{seconds{time}};
  const auto day = floor<days>(instant);
  const year_month_day date{day};
  const hh_mm_ss clock{instant - day};
  std::string hour_minute = two_digits(clock.hours().count());
  hour_minute.append(i18n::text(language, "time_separator"));
  hour_minute.append(two_digits(clock.minutes().count()));
  const Values values{
      {"weekday", i18n::text(language, "weekday_" + std::to_string(weekday{day}.c_encoding()))},
      {"day", std::to_string(static_cast<unsigned>(date.day()))},
      {"month",
       i18n::text(language, "month_" + std::to_string(static_cast<unsigned>(date.month())))},
      {"year", std::to_string(static_cast<int>(date.year()))},
      {"time", hour_minute}};
  return fill(i18n::text(language, "written_utc_time"), values);
}

PortalLinkMailText portal_link_mail_text(const PortalLinkMail& mail) {
  // The catalogue's language: English for any other.
  const std::string language =
      i18n::is_language(mail.language) ? mail.language : std::string(i18n::kDefaultLocale);
  const auto words = [&language](const char* key) { return i18n::text(language, key); };
  const Values values{{"name", mail.first_name},
                      {"organisation", mail.organisation},
                      {"link", mail.link},
                      {"expires", written_utc_time(mail.expires_at, language)}};
  PortalLinkMailText text;
  text.subject = fill(words("link_mail_subject"), values);
  text.text = fill(
      words(mail.first_name.empty() ? "link_mail_greeting_plain" : "link_mail_greeting"), values);
  text.text.append("\n\n").append(fill(words("link_mail_body"), values));
  return text;
}

}  // namespace vern::portal
