#include "app/config.hpp"

#include <charconv>
#include <filesystem>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "storage/database_url.hpp"

namespace vern::app {

ListenAddress parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw Error::invalid_field("listen", "use HOST:PORT, as in 127.0.0.1:8080");
  }
  ListenAddress address;
  address.host = listen.substr(0, colon);
  unsigned port = 0;
  const char* begin = listen.data() + colon + 1;
  const char* end = listen.data() + listen.size();
  auto [ptr, error] = std::from_chars(begin, end, port);
  if (error != std::errc() || ptr != end || port > 65535) {
    throw Error::invalid_field("listen", "the port must be a number from 0 to 65535");
  }
  address.port = static_cast<std::uint16_t>(port);
  return address;
}

MailFrom parse_mail_from(const std::string& text) {
  MailFrom from;
  const std::string trimmed(text::trim(text));
  const auto open = trimmed.rfind('<');
  if (open != std::string::npos && trimmed.ends_with('>')) {
    from.name = std::string(text::trim(std::string_view(trimmed).substr(0, open)));
    from.address = trimmed.substr(open + 1, trimmed.size() - open - 2);
  } else {
    from.address = trimmed;
  }
  if (!validation::is_email(from.address) ||
      from.name.find_first_of("\r\n<>\"") != std::string::npos) {
    throw Error::invalid_field(
        "mail_from", "use an address or Name <address>, as in Vern <no-reply@example.org>");
  }
  return from;
}

std::string link_base_url(const Config& config) {
  return config.base_url.empty() ? std::string("http://").append(config.listen) : config.base_url;
}

std::string mail_folder(const Config& config) {
  if (!config.mail_dir.empty()) {
    return config.mail_dir;
  }
  const auto url = storage::DatabaseUrl::parse(config.database_url);
  if (url.backend == storage::Backend::kSqlite) {
    return (std::filesystem::path(url.sqlite_path).parent_path() / "mail").string();
  }
  return "mail";
}

}  // namespace vern::app
