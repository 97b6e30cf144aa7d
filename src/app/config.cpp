#include "app/config.hpp"

#include <charconv>

#include "common/error.hpp"

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

}  // namespace vern::app
