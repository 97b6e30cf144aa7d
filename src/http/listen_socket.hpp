#pragma once

#include <cstdint>
#include <string>

namespace vern::http {

/// "HOST:PORT", as messages name a listening address.
std::string listen_address_text(const std::string& host, std::uint16_t port);

/// A non-blocking listening TCP socket on `host` (an IPv4 address, "0.0.0.0" or "localhost")
/// and `port` (0: a free one). Bound here rather than by libmicrohttpd so that a failure names
/// its real cause: throws std::runtime_error("cannot listen on HOST:PORT: address already in
/// use").
int open_listen_socket(const std::string& host, std::uint16_t port);

/// The port a socket is bound to; 0 when it cannot be read.
std::uint16_t bound_port(int socket_fd);

}  // namespace vern::http
