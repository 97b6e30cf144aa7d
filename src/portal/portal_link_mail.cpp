#include "portal/portal_link_mail.hpp"

#include <array>
#include <chrono>
#include <map>

namespace vern::portal {
namespace {

/// Everything the e-mail says in one language. Texts hold {placeholders}; a value put in is
/// never read for placeholders again, so an organisation's name cannot change the text.
struct Wording {
  std::string_view language;
  std::array<std::string_view, 7> weekdays;  // Sunday first, as std::chrono::weekday counts
  std::array<std::string_view, 12> months;
  std::string_view date;  // {weekday} {day} {month} {year} {time}
  char time_separator;
  std::string_view subject;
  std::string_view greeting;        // with {name}
  std::string_view greeting_plain;  // without a name
  std::string_view body;            // {organisation} {link} {expires}
};

constexpr Wording kEnglish{
    "en",
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
    "{weekday} {day} {month} {year} at {time} UTC",
    ':',
    "Your personal data at {organisation}",
    "Hello {name},",
    "Hello,",
    "Here is the link you asked for. It opens a page where you can see the personal data "
    "{organisation} holds about you, correct it, change your consents, download a copy and ask "
    "to be forgotten:\n\n{link}\n\nThe link works until {expires}. It is meant for you alone: "
    "do not pass it on. If you did not ask for it, you can ignore this e-mail, or tell us.\n\n"
    "{organisation}\n"};

constexpr Wording kNorwegian{
    "nb",
    {"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
    {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
     "november", "desember"},
    "{weekday} {day}. {month} {year} kl. {time} UTC",
    '.',
    "Dine personopplysninger hos {organisation}",
    "Hei {name},",
    "Hei,",
    "Her er lenken du ba om. Den åpner en side der du kan se personopplysningene "
    "{organisation} har om deg, rette dem, endre samtykkene dine, laste ned en kopi og be om å "
    "bli slettet:\n\n{link}\n\nLenken virker til {expires}. Den er bare ment for deg: ikke gi "
    "den videre. Hvis du ikke ba om den, kan du se bort fra denne e-posten, eller si fra til "
    "oss.\n\n{organisation}\n"};

constexpr Wording kSwedish{
    "sv",
    {"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
    {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"},
    "{weekday} {day} {month} {year} kl. {time} UTC",
    '.',
    "Dina personuppgifter hos {organisation}",
    "Hej {name},",
    "Hej,",
    "Här är länken du bad om. Den öppnar en sida där du kan se de personuppgifter som "
    "{organisation} har om dig, rätta dem, ändra dina samtycken, ladda ner en kopia och begära "
    "att bli raderad:\n\n{link}\n\nLänken fungerar fram till {expires}. Den är bara avsedd för "
    "dig: ge den inte vidare. Om du inte bad om den kan du bortse från det här mejlet, eller "
    "säga till oss.\n\n{organisation}\n"};

const Wording& wording(std::string_view language) {
  if (language == kNorwegian.language) {
    return kNorwegian;
  }
  if (language == kSwedish.language) {
    return kSwedish;
  }
  return kEnglish;
}

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
  const Wording& words = wording(language);
  const sys_seconds instant{seconds{time}};
  const auto day = floor<days>(instant);
  const year_month_day date{day};
  const hh_mm_ss clock{instant - day};
  std::string hour_minute = two_digits(clock.hours().count());
  hour_minute.push_back(words.time_separator);
  hour_minute.append(two_digits(clock.minutes().count()));
  const Values values{{"weekday", std::string(words.weekdays[weekday{day}.c_encoding()])},
                      {"day", std::to_string(static_cast<unsigned>(date.day()))},
                      {"month", std::string(words.months[static_cast<unsigned>(date.month()) - 1])},
                      {"year", std::to_string(static_cast<int>(date.year()))},
                      {"time", hour_minute}};
  return fill(words.date, values);
}

PortalLinkMailText portal_link_mail_text(const PortalLinkMail& mail) {
  const Wording& words = wording(mail.language);
  const Values values{{"name", mail.first_name},
                      {"organisation", mail.organisation},
                      {"link", mail.link},
                      {"expires", written_utc_time(mail.expires_at, words.language)}};
  PortalLinkMailText text;
  text.subject = fill(words.subject, values);
  text.text = fill(mail.first_name.empty() ? words.greeting_plain : words.greeting, values);
  text.text.append("\n\n").append(fill(words.body, values));
  return text;
}

}  // namespace vern::portal
