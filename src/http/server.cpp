#include "http/server.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>
#include <typeinfo>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <cxxabi.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

namespace vern::http {
namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
constexpr std::string_view kStrictTransportSecurity = "max-age=31536000; includeSubDomains";

// MHD keeps the whole header block in the connection's memory pool and answers a block that
// overflows it with its own 431 (414 for the request line), which lacks our security headers.
// A pool of twice the header limit lets a block somewhat over the limit arrive whole, so that
// our own 431 answers it; the headroom holds MHD's header records and the response headers.
constexpr std::size_t kPoolHeadroomBytes = 16 * 1024;

// HTTP/1.1 framing around each header line (": " and CRLF) and the request line.
constexpr std::size_t kHeaderLineOverhead = 4;
constexpr std::size_t kRequestLineOverhead = 12;

constexpr int kMinimumStatus = 200;  // a 1xx is never a final answer
constexpr int kMaximumStatus = 599;

/// What one request accumulates between MHD's calls; freed in the completion callback.
struct Exchange {
  std::string body;
  std::size_t discarded_bytes = 0;
  bool too_large = false;
  // Set by a handler thread before it resumes the connection; MHD's next call sends it.
  std::optional<Response> response;
};

std::string describe_errno(int error) {
  std::string message = std::generic_category().message(error);
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') {
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  }
  return message;
}

std::string readable_type_name(const std::type_info& type) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string name = status == 0 && demangled != nullptr ? demangled : type.name();
  std::free(demangled);  // __cxa_demangle allocates with malloc
  return name;
}

/// Whether an MHD message reports what a client did (hung up, sent too much) rather than a
/// fault of the server: those are routine and logged at debug level only.
bool is_client_caused(std::string_view message) {
  constexpr std::array<std::string_view, 4> kClientCausedPrefixes{
      "Connection was closed by remote side",
      "Error processing request",
      "Failed to parse",
      "Not enough memory in pool to allocate header record",
  };
  for (const auto prefix : kClientCausedPrefixes) {
    if (message.starts_with(prefix)) {
      return true;
    }
  }
  return false;
}

void log_from_mhd(void* /*context*/, const char* format, va_list arguments) {
  std::array<char, 512> message{};
  std::vsnprintf(message.data(), message.size(), format, arguments);
  std::string_view text(message.data());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (is_client_caused(text)) {
    spdlog::debug("libmicrohttpd: {}", text);
  } else {
    spdlog::warn("libmicrohttpd: {}", text);
  }
}

// MHD would decode %XX in the path before we see it; keeping the raw text lets the router split
// first and decode each segment once, so an encoded "/" stays inside its segment.
std::size_t keep_escaped(void* /*context*/, MHD_Connection* /*connection*/, char* text) {
  return std::strlen(text);
}

void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

std::string listen_address_text(const ServerOptions& options) {
  return options.host + ":" + std::to_string(options.port);
}

/// Binds the listening socket ourselves so a failure names its real cause.
int open_listen_socket(const ServerOptions& options) {
  const std::string where = "cannot listen on " + listen_address_text(options) + ": ";
  const std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(options.port);
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
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

std::string client_address_of(MHD_Connection* connection) {
  const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) {
    return {};
  }
  std::array<char, INET6_ADDRSTRLEN> text{};
  const sockaddr* address = info->client_addr;
  const void* bytes = nullptr;
  if (address->sa_family == AF_INET) {
    bytes = &reinterpret_cast<const sockaddr_in*>(address)->sin_addr;
  } else if (address->sa_family == AF_INET6) {
    bytes = &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
  } else {
    return {};
  }
  if (inet_ntop(address->sa_family, bytes, text.data(), text.size()) == nullptr) {
    return {};
  }
  return text.data();
}

std::string_view view_of(const char* text, std::size_t size) {
  return text == nullptr ? std::string_view() : std::string_view(text, size);
}

MHD_Result add_header_bytes(void* total, MHD_ValueKind /*kind*/, const char* /*key*/,
                            std::size_t key_size, const char* /*value*/, std::size_t value_size) {
  *static_cast<std::size_t*>(total) += key_size + value_size + kHeaderLineOverhead;
  return MHD_YES;
}

/// The size of the request line (method, path and query) as the client sent it, near enough.
std::size_t request_line_bytes(MHD_Connection* connection, const char* method, const char* url) {
  std::size_t total = std::strlen(method) + std::strlen(url) + kRequestLineOverhead;
  MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, &add_header_bytes, &total);
  return total;
}

std::size_t header_field_bytes(MHD_Connection* connection) {
  std::size_t total = 0;
  MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &add_header_bytes, &total);
  return total;
}

bool declared_body_too_large(MHD_Connection* connection, std::size_t max_body_bytes) {
  const char* length =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length == nullptr) {
    return false;
  }
  std::uint64_t declared = 0;
  const std::string_view text(length);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), declared);
  // An unreadable length is MHD's to refuse; a number too big for 64 bits is too large for us.
  if (error == std::errc::result_out_of_range) {
    return true;
  }
  return error == std::errc() && declared > max_body_bytes;
}

MHD_Result collect_header(void* target, MHD_ValueKind /*kind*/, const char* key,
                          std::size_t key_size, const char* value, std::size_t value_size) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(target);
  auto name = to_lower_ascii(view_of(key, key_size));
  const auto text = view_of(value, value_size);
  const auto [position, inserted] = headers.try_emplace(name, text);
  if (!inserted) {
    // Repeated fields combine into one list (RFC 9110 5.3); cookies use their own separator.
    position->second += name == "cookie" ? "; " : ", ";
    position->second += text;
  }
  return MHD_YES;
}

MHD_Result collect_cookie(void* target, MHD_ValueKind /*kind*/, const char* key,
                          std::size_t key_size, const char* value, std::size_t value_size) {
  auto& cookies = *static_cast<std::map<std::string, std::string>*>(target);
  // The first of two same-named cookies is the one with the more specific path.
  cookies.try_emplace(std::string(view_of(key, key_size)), view_of(value, value_size));
  return MHD_YES;
}

MHD_Result collect_argument(void* target, MHD_ValueKind /*kind*/, const char* key,
                            std::size_t key_size, const char* value, std::size_t value_size) {
  auto& query = *static_cast<std::map<std::string, std::string>*>(target);
  // MHD has turned '+' into spaces already; the %XX escapes are left for us (keep_escaped).
  query[url_decode(view_of(key, key_size))] = url_decode(view_of(value, value_size));
  return MHD_YES;
}

Request build_request(MHD_Connection* connection, const char* url, const char* method,
                      std::string body) {
  Request request;
  request.method = parse_method(method);
  if (request.method == Method::kHead) {
    // Answered as a GET; MHD leaves the body out of a HEAD answer.
    request.method = Method::kGet;
  }
  request.raw_path = url;
  request.path = url_decode_path(request.raw_path);
  MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, &collect_argument, &request.query);
  MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &collect_header, &request.headers);
  MHD_get_connection_values_n(connection, MHD_COOKIE_KIND, &collect_cookie, &request.cookies);
  request.body = std::move(body);
  request.client_address = client_address_of(connection);
  return request;
}

Response internal_server_error() {
  return Response::text(500, "Internal Server Error");
}

Response run_dispatch(const Dispatch& dispatch, Request& request) {
  // Exception texts can hold internals: they go to the log, never to the client. The route
  // pattern, not the path, names the request, as a path can hold personal data.
  const auto route = [&request] {
    return request.context.route.empty() ? std::string("(no route)") : request.context.route;
  };
  try {
    return dispatch(request);
  } catch (const std::exception& error) {
    spdlog::error("handler for {} {} threw {}: {}", to_string(request.method), route(),
                  readable_type_name(typeid(error)), error.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", to_string(request.method),
                  route());
  }
  return internal_server_error();
}

bool is_valid_header_name(std::string_view name) {
  constexpr std::string_view kSeparators = "()<>@,;:\\\"/[]?={}";
  if (name.empty()) {
    return false;
  }
  for (const char character : name) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte <= 0x20 || byte >= 0x7F || kSeparators.find(character) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool is_valid_header_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void free_body(void* body) {
  delete static_cast<std::string*>(body);
}

/// The MHD form of a response, or nullptr when a header could not be sent as given.
MHD_Response* to_native(Response& response) {
  if (response.status < kMinimumStatus || response.status > kMaximumStatus) {
    spdlog::error("handler answered with an invalid status {}", response.status);
    return nullptr;
  }
  std::vector<std::pair<std::string, std::string>> headers;
  if (!response.content_type.empty() && response.find_header("Content-Type").empty()) {
    headers.emplace_back(MHD_HTTP_HEADER_CONTENT_TYPE, response.content_type);
  }
  headers.insert(headers.end(), response.headers.begin(), response.headers.end());
  for (const auto& cookie : response.cookies) {
    headers.emplace_back(MHD_HTTP_HEADER_SET_COOKIE, cookie.header_value());
  }

  // The body moves to the heap and MHD frees it with the response: no copy, any size.
  auto* body = new std::string(std::move(response.body));
  MHD_Response* native = MHD_create_response_from_buffer_with_free_callback_cls(
      body->size(), body->data(), &free_body, body);
  if (native == nullptr) {
    delete body;
    return nullptr;
  }
  for (const auto& [name, value] : headers) {
    if (value.empty()) {
      continue;  // MHD refuses empty values, and an empty header says nothing
    }
    if (!is_valid_header_name(name) || !is_valid_header_value(value) ||
        MHD_add_response_header(native, name.c_str(), value.c_str()) != MHD_YES) {
      spdlog::error("handler set header {} that cannot be sent",
                    is_valid_header_name(name) ? name : std::string("(invalid name)"));
      MHD_destroy_response(native);
      return nullptr;
    }
  }
  return native;
}

MHD_Result send_response(MHD_Connection* connection, Response response,
                         const ServerOptions& options) {
  add_security_headers(response, options);
  auto status = response.status;
  MHD_Response* native = to_native(response);
  if (native == nullptr) {
    Response fallback = internal_server_error();
    add_security_headers(fallback, options);
    status = fallback.status;
    native = to_native(fallback);
    if (native == nullptr) {
      return MHD_NO;
    }
  }
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(status), native);
  MHD_destroy_response(native);
  return queued;
}

}  // namespace

void add_security_headers(Response& response, const ServerOptions& options) {
  const auto set = [&response](std::string_view name, std::string_view value) {
    std::erase_if(response.headers, [name](const auto& header) {
      return to_lower_ascii(header.first) == to_lower_ascii(name);
    });
    response.headers.emplace_back(name, value);
  };
  set("Content-Security-Policy", kContentSecurityPolicy);
  set("X-Content-Type-Options", "nosniff");
  set("Referrer-Policy", "no-referrer");
  set("X-Frame-Options", "DENY");
  set("Cross-Origin-Opener-Policy", "same-origin");
  set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (options.behind_tls) {
    set("Strict-Transport-Security", kStrictTransportSecurity);
    for (auto& cookie : response.cookies) {
      cookie.secure = true;
    }
  }
  if (response.find_header("Cache-Control").empty()) {
    response.headers.emplace_back("Cache-Control", "no-store");
  }
}

/// The threads that run the handlers. MHD hands each connection to one of its threads for good,
/// and a burst of new connections often lands on one or two of them; were the handlers run there,
/// a busy thread would hold up every connection it owns while others idled. Instead a complete
/// request is suspended in MHD, queued, answered by whichever handler thread is free, and resumed.
class HandlerPool {
 public:
  struct Job {
    MHD_Connection* connection;
    Exchange* exchange;
    Request request;
  };

  explicit HandlerPool(const Dispatch& dispatch) : dispatch_(dispatch) {}
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;
  ~HandlerPool() { stop(); }

  void start(unsigned threads) {
    const std::lock_guard lock(mutex_);
    stopping_ = false;
    for (unsigned i = 0; i < std::max(threads, 1U); ++i) {
      threads_.emplace_back([this] { run(); });
    }
  }

  /// Queues `job` after suspending its connection; false when the pool is stopping (the caller
  /// answers on its own thread then).
  bool submit(Job& job) {
    const std::lock_guard lock(mutex_);
    if (stopping_ || threads_.empty()) {
      return false;
    }
    MHD_suspend_connection(job.connection);
    jobs_.push_back(std::move(job));
    ready_.notify_one();
    return true;
  }

  /// Answers every queued request (so no connection stays suspended) and ends the threads.
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& thread : threads_) {
      thread.join();
    }
    threads_.clear();
  }

 private:
  void run() {
    for (;;) {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) {
        return;  // stopping, and nothing left to answer
      }
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job.exchange->response = run_dispatch(dispatch_, job.request);
      MHD_resume_connection(job.connection);
    }
  }

  const Dispatch& dispatch_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  std::vector<std::thread> threads_;
  bool stopping_ = true;
};

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
    return send_response(connection, Response::text(414, "URI Too Long"), options);
  }
  if (line_bytes + header_field_bytes(connection) > options.max_header_bytes) {
    return send_response(connection, Response::text(431, "Request Header Fields Too Large"),
                         options);
  }
  if (declared_body_too_large(connection, options.max_body_bytes)) {
    return send_response(connection, too_large(connection, url, method), options);
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
    return send_response(connection, *std::exchange(exchange.response, std::nullopt), options);
  }
  if (exchange.too_large) {
    return send_response(connection, too_large(connection, url, method), options);
  }
  HandlerPool::Job job{connection, &exchange,
                       build_request(connection, url, method, std::move(exchange.body))};
  const bool answer_here =
      !options.inline_prefix.empty() && std::string_view(url).starts_with(options.inline_prefix);
  if (!answer_here && handlers->submit(job)) {
    return MHD_YES;
  }
  return send_response(connection, run_dispatch(dispatch, job.request), options);
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
    throw std::runtime_error("the server at " + listen_address_text(state_->options) +
                             " is already running");
  }
  ignore_sigpipe_once();
  const auto& options = state_->options;
  const int listen_fd = open_listen_socket(options);
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
    throw std::runtime_error("cannot listen on " + listen_address_text(options) +
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
