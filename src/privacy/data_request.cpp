#include "privacy/data_request.hpp"

#include <algorithm>

#include "common/enum_names.hpp"

namespace vern::privacy {
namespace {

namespace chrono = std::chrono;

constexpr EnumNames<RequestType, 6> kTypeNames{{
    {RequestType::kAccess, "access"},
    {RequestType::kRectification, "rectification"},
    {RequestType::kErasure, "erasure"},
    {RequestType::kPortability, "portability"},
    {RequestType::kRestriction, "restriction"},
    {RequestType::kObjection, "objection"},
}};
constexpr EnumNames<RequestChannel, 4> kChannelNames{{
    {RequestChannel::kPhone, "phone"},
    {RequestChannel::kEmail, "email"},
    {RequestChannel::kLetter, "letter"},
    {RequestChannel::kPortal, "portal"},
}};
constexpr EnumNames<RequestStatus, 4> kStatusNames{{
    {RequestStatus::kOpen, "open"},
    {RequestStatus::kInProgress, "in_progress"},
    {RequestStatus::kCompleted, "completed"},
    {RequestStatus::kRejected, "rejected"},
}};

template <typename Enum, std::size_t N>
std::vector<Enum> values_of(const EnumNames<Enum, N>& names) {
  std::vector<Enum> values;
  for (const auto& [value, name] : names) {
    values.push_back(value);
  }
  return values;
}

Date plus_days(Date date, int days) {
  return Date{chrono::sys_days{date} + chrono::days{days}};
}

}  // namespace

std::string_view to_string(RequestType type) {
  return name_of(kTypeNames, type);
}
std::optional<RequestType> parse_request_type(std::string_view text) {
  return value_of(kTypeNames, text);
}
std::string_view to_string(RequestChannel channel) {
  return name_of(kChannelNames, channel);
}
std::optional<RequestChannel> parse_request_channel(std::string_view text) {
  return value_of(kChannelNames, text);
}
std::string_view to_string(RequestStatus status) {
  return name_of(kStatusNames, status);
}
std::optional<RequestStatus> parse_request_status(std::string_view text) {
  return value_of(kStatusNames, text);
}

const std::vector<RequestType>& all_request_types() {
  static const std::vector<RequestType> kValues = values_of(kTypeNames);
  return kValues;
}
const std::vector<RequestChannel>& all_request_channels() {
  static const std::vector<RequestChannel> kValues = values_of(kChannelNames);
  return kValues;
}
const std::vector<RequestStatus>& all_request_statuses() {
  static const std::vector<RequestStatus> kValues = values_of(kStatusNames);
  return kValues;
}

bool is_closed(RequestStatus status) {
  return status == RequestStatus::kCompleted || status == RequestStatus::kRejected;
}

Date request_due_date(UnixTime received_at, int extension_months, const std::set<Date>& holidays) {
  return due_date(utc_date(received_at), 1 + extension_months, holidays);
}

Urgency urgency_of(const DataRequest& request, Date today) {
  if (is_closed(request.status)) {
    return Urgency::kClosed;
  }
  if (request.due_date < today) {
    return Urgency::kOverdue;
  }
  return request.due_date < plus_days(today, kDueSoonDays) ? Urgency::kDueSoon : Urgency::kOnTime;
}

std::vector<DueWeek> group_by_due_week(const std::vector<std::pair<Date, long long>>& by_due_date,
                                       Date today, int weeks) {
  const chrono::sys_days today_days{today};
  const chrono::weekday weekday{today_days};
  const Date monday{today_days - (weekday - chrono::Monday)};
  std::vector<DueWeek> buckets;
  buckets.push_back({DueWeek::Kind::kOverdue, today, 0});
  for (int week = 0; week < weeks; ++week) {
    buckets.push_back({DueWeek::Kind::kWeek, plus_days(monday, 7 * week), 0});
  }
  buckets.push_back({DueWeek::Kind::kLater, plus_days(monday, 7 * weeks), 0});
  for (const auto& [due, count] : by_due_date) {
    if (due < today) {
      buckets.front().count += count;
      continue;
    }
    const auto days = (chrono::sys_days{due} - chrono::sys_days{monday}).count();
    const auto week = static_cast<std::size_t>(std::min<long long>(days / 7, weeks));
    buckets[week + 1].count += count;
  }
  return buckets;
}

}  // namespace vern::privacy
