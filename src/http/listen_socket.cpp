#include "http/listen_socket.hpp"

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace vern::http {
namespace {

std::string describe_errno(int error) {
  std::string message = std::generic_category().message(error);
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') {
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  }
  return message;
}

}  // namespace

std::string listen_address_text(const std::string& host, std::uint16_t port) {
  return host + ":" + std::to_string(port);
}

int open_listen_socket(const std::string& host, std::uint16_t port) {
  const std::string where = "cannot listen on " + listen_address_text(host, port) + ": ";
  const std::string address_text = host == "localhost" ? "127.0.0.1" : host;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, address_text.c_str(), &address.sin_addr) != 1) {
    throw std::runtime_error(where + "the host is not an IPv4 address or \"localhost\"");
  }
  const int socket_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (socket_fd < 0) {
    throw std::runtime_error(where + describe_errno(errno));
  }
  const int enable = 1;
  // Lets a restarted server bind while old connections sit in TIME_WAIT; a live listener still
  // makes bind() fail with EADDRINUSE.
  if (setsockopt(socket_fd, SOL_SOCKET, SO_REUSEADDR, &enable, sizeof(enable)) != 0 ||
      bind(socket_fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(socket_fd, SOMAXCONN) != 0) {
    const int error = errno;
    close(socket_fd);
    throw std::runtime_error(where + describe_errno(error));
  }
  return socket_fd;
}

std::uint16_t bound_port(int socket_fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  if (getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return 0;
  }
  return ntohs(address.sin_port);
}

}  // namespace vern::http
