#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace vern::privacy {

using Date = std::chrono::year_month_day;

/// The date `months` calendar months after `received`, counted as Regulation (EEC, Euratom)
/// No 1182/71 counts periods (Art. 3(2)(c)): the same day of the month that many months on
/// (15 March → 15 April), or that month's last day when it has no such day (31 January → 28 or
/// 29 February); and when that day is a Saturday, a Sunday or one of `holidays`, the next working
/// day (Art. 3(4)). The GDPR's month for answering a request (Art. 12(3)) is `months` = 1, and an
/// extension by one or two more months counts from receipt too: `months` = 2 or 3.
Date due_date(Date received, int months, const std::set<Date>& holidays = {});

/// Whether `date` is a Saturday, a Sunday or one of `holidays`.
bool is_non_working_day(Date date, const std::set<Date>& holidays);

/// The UTC calendar date of an instant.
Date utc_date(UnixTime time);

/// "YYYY-MM-DD" of a date, and back (nothing for anything else, or a day that does not exist).
std::string format_date(Date date);
std::optional<Date> parse_date(std::string_view text);

}  // namespace vern::privacy
