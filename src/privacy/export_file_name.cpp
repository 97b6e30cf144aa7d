#include "privacy/export_file_name.hpp"

#include <chrono>

#include "common/text.hpp"
#include "common/time_format.hpp"
#include "privacy/deadline.hpp"

namespace vern::privacy {
namespace {

constexpr std::size_t kMaxNameInFileName = 60;

std::string name_slug(std::string_view name) {
  std::string slug = text::ascii_slug(name);
  if (slug.size() > kMaxNameInFileName) {
    slug.resize(kMaxNameInFileName);
  }
  while (!slug.empty() && slug.back() == '-') {
    slug.pop_back();
  }
  return slug;
}

}  // namespace

std::string export_file_name(const PersonDataPackage& package, std::string_view extension) {
  std::string name = name_slug(package.person_name);
  if (name.empty()) {
    name = std::string("person-").append(std::to_string(package.person_id));
  }
  using namespace std::chrono;
  const year_month_day day{floor<days>(sys_seconds{seconds{package.exported_at}})};
  std::string file_name = "vern-export-";
  file_name.append(name).append("-").append(format_date(day)).append(".");
  for (const char c : text::to_lower_ascii(extension)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      file_name.push_back(c);
    }
  }
  return file_name;
}

}  // namespace vern::privacy
