#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"

namespace vern::http {

/// Where the server listens and the limits it holds every connection to.
struct ServerOptions {
  std::string host = "127.0.0.1";  // an IPv4 address, "0.0.0.0" or "localhost"
  std::uint16_t port = 8080;       // 0: pick a free port
  unsigned threads = 4;            // threads that run the handlers, taking requests from one queue
  unsigned io_threads = 2;         // MHD's threads, which read requests and write answers
  // Requests whose path starts with this are answered on MHD's threads, without the hand-over:
  // embedded files, which never wait for anything.
  std::string inline_prefix = "/static/";
  unsigned connection_timeout_seconds = 30;
  unsigned connection_limit = 2048;
  unsigned per_address_connection_limit = 512;
  std::size_t max_body_bytes = 10 * 1024 * 1024;  // larger: 413
  std::size_t max_header_bytes = 32 * 1024;       // larger: 431
  bool behind_tls = false;  // adds Strict-Transport-Security and marks cookies Secure
};

/// Answers one complete request. Runs on the server's handler threads, several at a time; a
/// request waits in a queue while all of them are busy.
using Dispatch = std::function<Response(Request&)>;

/// Answers a request whose body is over `max_body_bytes`, from its headers alone: the body is
/// never kept and the Dispatch never called. Without one the answer is a plain-text 413.
using RefuseTooLarge = std::function<Response(Request&, std::size_t max_body_bytes)>;

/// Serves HTTP with libmicrohttpd; every response passes through add_security_headers.
class Server {
 public:
  Server(ServerOptions options, Dispatch dispatch, RefuseTooLarge refuse_too_large = {});
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and starts serving; throws std::runtime_error with one sentence naming the address
  /// and the reason, e.g. "cannot listen on 127.0.0.1:8080: address already in use".
  void start();
  /// The port really listened on, also when options.port was 0; 0 before start().
  std::uint16_t port() const;
  /// Stops serving and closes the listening socket; safe to call more than once.
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace vern::http
