#include "http/server.hpp"

#include <array>
#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <spdlog/spdlog.h>

#include "http/handler_pool.hpp"
#include "http/listen_socket.hpp"
#include "http/mhd_exchange.hpp"

namespace vern::http {
namespace {

// MHD keeps the whole header block in the connection's memory pool and answers a block that
// overflows it with its own 431 (414 for the request line), which lacks our security headers.
// A pool of twice the header limit lets a block somewhat over the limit arrive whole, so that
// our own 431 answers it; the headroom holds MHD's header records and the response headers.
constexpr std::size_t kPoolHeadroomBytes = 16 * 1024;

void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

}  // namespace

struct Server::State {
  ServerOptions options;
  Dispatch dispatch;
  RefuseTooLarge refuse_too_large;
  MHD_Daemon* daemon = nullptr;
  std::uint16_t port = 0;
  std::unique_ptr<HandlerPool> handlers{};

  static MHD_Result on_request(void* context, MHD_Connection* connection, const char* url,
                               const char* method, const char* /*version*/, const char* upload_data,
                               std::size_t* upload_data_size, void** request_state) noexcept;
  static void on_completed(void* context, MHD_Connection* connection, void** request_state,
                           MHD_RequestTerminationCode reason) noexcept;

  MHD_Result begin(MHD_Connection* connection, const char* url, const char* method,
                   void** request_state) const;
  MHD_Result receive(Exchange& exchange, const char* data, std::size_t size) const;
  MHD_Result answer(MHD_Connection* connection, const char* url, const char* method,
                    Exchange& exchange) const;
  Response too_large(MHD_Connection* connection, const char* url, const char* method) const;
  BehindTls behind_tls() const { return options.behind_tls ? BehindTls::kYes : BehindTls::kNo; }
};

MHD_Result Server::State::on_request(void* context, MHD_Connection* connection, const char* url,
                                     const char* method, const char* /*version*/,
                                     const char* upload_data, std::size_t* upload_data_size,
                                     void** request_state) noexcept {
  const auto& state = *static_cast<const State*>(context);
  try {
    // MHD calls once when the headers are in, once per piece of the body, and once more with
    // no data when the request is complete.
    auto* exchange = static_cast<Exchange*>(*request_state);
    if (exchange == nullptr) {
      return state.begin(connection, url, method, request_state);
    }
    if (*upload_data_size != 0) {
      const auto size = std::exchange(*upload_data_size, 0);
      return state.receive(*exchange, upload_data, size);
    }
    return state.answer(connection, url, method, *exchange);
  } catch (const std::exception& error) {
    // Only allocation can fail here; dropping the connection is all that is left to do.
    spdlog::error("dropping a connection: {}", error.what());
  } catch (...) {
    spdlog::error("dropping a connection after a non-standard exception");
  }
  return MHD_NO;
}

void Server::State::on_completed(void* /*context*/, MHD_Connection* /*connection*/,
                                 void** request_state,
                                 MHD_RequestTerminationCode /*reason*/) noexcept {
  delete static_cast<Exchange*>(*request_state);
  *request_state = nullptr;
}

MHD_Result Server::State::begin(MHD_Connection* connection, const char* url, const char* method,
                                void** request_state) const {
  // A response queued now goes out before MHD reads the body, and MHD closes the connection.
  const auto line_bytes = request_line_bytes(connection, method, url);
  if (line_bytes > options.max_header_bytes) {
    return send_response(connection, Response::text(414, "URI Too Long"), behind_tls());
  }
  if (line_bytes + header_field_bytes(connection) > options.max_header_bytes) {
    return send_response(connection, Response::text(431, "Request Header Fields Too Large"),
                         behind_tls());
  }
  if (declared_body_too_large(connection, options.max_body_bytes)) {
    return send_response(connection, too_large(connection, url, method), behind_tls());
  }
  *request_state = new Exchange();
  return MHD_YES;
}

MHD_Result Server::State::receive(Exchange& exchange, const char* data, std::size_t size) const {
  if (!exchange.too_large && size <= options.max_body_bytes - exchange.body.size()) {
    exchange.body.append(data, size);
    return MHD_YES;
  }
  // MHD lets us answer only once the body is in (chunked bodies have no length up front), so
  // the rest is read and dropped; a client still sending at twice the limit is cut off.
  if (!exchange.too_large) {
    exchange.too_large = true;
    exchange.discarded_bytes = exchange.body.size();
    std::string().swap(exchange.body);
  }
  exchange.discarded_bytes += size;
  return exchange.discarded_bytes > 2 * options.max_body_bytes ? MHD_NO : MHD_YES;
}

MHD_Result Server::State::answer(MHD_Connection* connection, const char* url, const char* method,
                                 Exchange& exchange) const {
  if (exchange.response) {
    // Called again after a handler thread answered and resumed the connection.
    return send_response(connection, *std::exchange(exchange.response, std::nullopt), behind_tls());
  }
  if (exchange.too_large) {
    return send_response(connection, too_large(connection, url, method), behind_tls());
  }
  HandlerPool::Job job{connection, &exchange,
                       build_request(connection, url, method, std::move(exchange.body))};
  const bool answer_here =
      !options.inline_prefix.empty() && std::string_view(url).starts_with(options.inline_prefix);
  if (!answer_here && handlers->submit(job)) {
    return MHD_YES;
  }
  return send_response(connection, run_dispatch(dispatch, job.request), behind_tls());
}

Response Server::State::too_large(MHD_Connection* connection, const char* url,
                                  const char* method) const {
  if (!refuse_too_large) {
    return Response::text(413, "Payload Too Large");
  }
  Request request = build_request(connection, url, method, {});
  return run_dispatch(
      [this](Request& refused) { return refuse_too_large(refused, options.max_body_bytes); },
      request);
}

Server::Server(ServerOptions options, Dispatch dispatch, RefuseTooLarge refuse_too_large)
    : state_(std::make_unique<State>(
          State{std::move(options), std::move(dispatch), std::move(refuse_too_large)})) {}

Server::~Server() {
  stop();
}

void Server::start() {
  if (state_->daemon != nullptr) {
    throw std::runtime_error("the server at " +
                             listen_address_text(state_->options.host, state_->options.port) +
                             " is already running");
  }
  ignore_sigpipe_once();
  const auto& options = state_->options;
  const int listen_fd = open_listen_socket(options.host, options.port);
  const auto port = bound_port(listen_fd);

  const auto flags = static_cast<unsigned>(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                                           MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG);
  const std::size_t memory_limit = 2 * options.max_header_bytes + kPoolHeadroomBytes;
  // MHD warns about a pool of one thread, so the option goes in only for a real pool.
  std::array<MHD_OptionItem, 2> pool_options{
      {{MHD_OPTION_END, 0, nullptr}, {MHD_OPTION_END, 0, nullptr}}};
  if (options.io_threads > 1) {
    pool_options[0] = {MHD_OPTION_THREAD_POOL_SIZE, static_cast<intptr_t>(options.io_threads),
                       nullptr};
  }
  state_->handlers = std::make_unique<HandlerPool>(state_->dispatch);
  state_->handlers->start(options.threads);
  // MHD ignores the port argument when it is handed a listening socket.
  state_->daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &State::on_request, state_.get(), MHD_OPTION_EXTERNAL_LOGGER,
      &log_from_mhd, nullptr, MHD_OPTION_LISTEN_SOCKET, listen_fd, MHD_OPTION_ARRAY,
      pool_options.data(), MHD_OPTION_CONNECTION_TIMEOUT, options.connection_timeout_seconds,
      MHD_OPTION_CONNECTION_LIMIT, options.connection_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      options.per_address_connection_limit, MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
      MHD_OPTION_NOTIFY_COMPLETED, &State::on_completed, state_.get(), MHD_OPTION_UNESCAPE_CALLBACK,
      &keep_escaped, nullptr, MHD_OPTION_END);
  if (state_->daemon == nullptr) {
    state_->handlers.reset();
    // Not closed here: once MHD has taken the socket it closes it itself when it fails.
    throw std::runtime_error("cannot listen on " + listen_address_text(options.host, options.port) +
                             ": libmicrohttpd did not start (its reason is in the log)");
  }
  state_->port = port;
  spdlog::info("listening on {}:{}", options.host, port);
}

std::uint16_t Server::port() const {
  return state_->daemon == nullptr ? 0 : state_->port;
}

void Server::stop() {
  if (state_ == nullptr || state_->daemon == nullptr) {
    return;
  }
  // Every suspended connection must be resumed before MHD stops: the handler threads answer what
  // is queued first, and requests that come in meanwhile are answered on MHD's own threads.
  state_->handlers->stop();
  // Stopping the daemon also closes the listening socket it was given.
  MHD_stop_daemon(std::exchange(state_->daemon, nullptr));
  state_->handlers.reset();
  state_->port = 0;
}

}  // namespace vern::http
