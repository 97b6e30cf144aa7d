#include "http/server.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/router.hpp"
#include "support/http_client.hpp"

namespace vern::http {
namespace {

using vern::testing::HttpClient;
using vern::testing::HttpResult;

constexpr std::string_view kLoopback = "127.0.0.1";

/// A plain TCP connection to the server, for what an HTTP client library will not do.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    inet_pton(AF_INET, kLoopback.data(), &address.sin_addr);
    if (fd_ < 0 || connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      throw std::runtime_error("cannot connect to the test server");
    }
  }
  ~RawConnection() { close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send_text(std::string_view text) const {
    while (!text.empty()) {
      const auto sent = ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL);
      if (sent <= 0) {
        throw std::runtime_error("cannot send to the test server");
      }
      text.remove_prefix(static_cast<std::size_t>(sent));
    }
  }

  /// Tells the server that nothing more will come (a half close).
  void finish_sending() const { shutdown(fd_, SHUT_WR); }

  /// Everything the server sends until it closes the connection (or 5 s pass).
  std::string read_until_closed() const {
    std::string received;
    std::array<char, 4096> buffer{};
    while (wait_readable(std::chrono::seconds(5))) {
      const auto count = recv(fd_, buffer.data(), buffer.size(), 0);
      if (count <= 0) {
        break;
      }
      received.append(buffer.data(), static_cast<std::size_t>(count));
    }
    return received;
  }

  /// False once the server has closed its end.
  bool is_open() const {
    if (!wait_readable(std::chrono::milliseconds(0))) {
      return true;
    }
    char byte = 0;
    return recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

 private:
  bool wait_readable(std::chrono::milliseconds timeout) const {
    pollfd entry{fd_, POLLIN, 0};
    return poll(&entry, 1, static_cast<int>(timeout.count())) > 0;
  }

  int fd_;
};

ServerOptions test_options() {
  ServerOptions options;
  options.host = std::string(kLoopback);
  options.port = 0;
  options.threads = 2;
  return options;
}

/// A started server and a client pointed at it.
struct TestServer {
  explicit TestServer(Dispatch dispatch, ServerOptions options = test_options())
      : server(std::move(options), std::move(dispatch)) {
    server.start();
  }
  HttpClient client() const {
    return HttpClient("http://" + std::string(kLoopback) + ":" + std::to_string(server.port()));
  }

  Server server;
};

Response echo(Request& request) {
  return Response::text(200, std::string(to_string(request.method)) + " " + request.path +
                                 " q=" + request.query_param("q") +
                                 " x=" + request.header("x-test") + " body=" + request.body);
}

void expect_security_headers(const HttpResult& result) {
  EXPECT_NE(result.header("content-security-policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(result.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(result.header("referrer-policy"), "no-referrer");
  EXPECT_EQ(result.header("x-frame-options"), "DENY");
  EXPECT_EQ(result.header("cross-origin-opener-policy"), "same-origin");
  EXPECT_EQ(result.header("permissions-policy"), "camera=(), microphone=(), geolocation=()");
  EXPECT_EQ(result.header("cache-control"), "no-store");
}

TEST(Server, GetIsDispatchedAndEchoed) {
  TestServer running(echo);
  auto client = running.client();
  const auto result = client.get("/hello", {"X-Test: yes"});
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "GET /hello q= x=yes body=");
  EXPECT_EQ(result.header("content-type"), "text/plain; charset=utf-8");
  expect_security_headers(result);
}

TEST(Server, PortIsRealWhenZeroWasAsked) {
  Server server(test_options(), echo);
  EXPECT_EQ(server.port(), 0);
  server.start();
  EXPECT_NE(server.port(), 0);
  server.stop();
  EXPECT_EQ(server.port(), 0);
  server.stop();
}

TEST(Server, PathParametersReachTheHandler) {
  Router router;
  router.add(Method::kGet, "/persons/{id}/files/{name}", [](Request& request) {
    return Response::text(200, request.path_param("id") + "|" + request.path_param("name") + "|" +
                                   request.path + "|" + request.context.route);
  });
  TestServer running([&router](Request& request) {
    const auto match = router.match(request);
    request.context.route = match.pattern;
    return match.handler != nullptr ? (*match.handler)(request) : Response::text(404, "no");
  });
  auto client = running.client();
  const auto result = client.get("/persons/J%C3%B6rg/files/a%2Fb+c");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body,
            "J\xC3\xB6rg|a/b+c|/persons/J\xC3\xB6rg/files/a/b+c|/persons/{id}/files/{name}");
}

TEST(Server, QueryArgumentsAreDecodedOnce) {
  std::map<std::string, std::string> seen;
  TestServer running([&seen](Request& request) {
    seen = request.query;
    return Response::no_content();
  });
  auto client = running.client();
  EXPECT_EQ(client.get("/search?q=a+b%2Bc%2541&empty=&flag&n%C3%A5=%C3%B8&q2=%").status, 204);
  EXPECT_EQ(
      seen,
      (std::map<std::string, std::string>{
          {"q", "a b+c%41"}, {"empty", ""}, {"flag", ""}, {"n\xC3\xA5", "\xC3\xB8"}, {"q2", "%"}}));
}

TEST(Server, RequestCarriesHeadersCookiesAndClientAddress) {
  Request seen;
  TestServer running([&seen](Request& request) {
    seen = request;
    return Response::no_content();
  });
  auto client = running.client();
  client.set_cookie("vern_session", "abc");
  client.set_cookie("lang", "nb");
  EXPECT_EQ(client.get("/", {"X-Mixed-Case: Value", "Accept: application/json"}).status, 204);
  EXPECT_EQ(seen.header("x-mixed-case"), "Value");
  EXPECT_EQ(seen.cookie("vern_session"), "abc");
  EXPECT_EQ(seen.cookie("lang"), "nb");
  EXPECT_EQ(seen.client_address, kLoopback);
  EXPECT_TRUE(seen.wants_json());
}

TEST(Server, KeepAliveConnectionServesSeveralRequests) {
  TestServer running(echo);
  RawConnection connection(running.server.port());
  connection.send_text(
      "GET /first HTTP/1.1\r\nHost: test\r\n\r\n"
      "POST /second HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc"
      "GET /third HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
  const auto answer = connection.read_until_closed();
  EXPECT_NE(answer.find("GET /first q= x= body="), std::string::npos);
  EXPECT_NE(answer.find("POST /second q= x= body=abc"), std::string::npos);
  EXPECT_NE(answer.find("GET /third q= x= body="), std::string::npos);
}

TEST(Server, GarbageRequestsLeaveTheServerServing) {
  TestServer running(echo);
  for (const std::string_view garbage :
       {std::string_view("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"),
        std::string_view("GET\r\n\r\n"), std::string_view("GET / HTTP/9.9\r\n\r\n"),
        std::string_view("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n"),
        std::string_view("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "zz\r\n\r\n"),
        std::string_view("GET /%00%ff%2e%2e/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")}) {
    RawConnection connection(running.server.port());
    connection.send_text(garbage);
    connection.finish_sending();
    const auto answer = connection.read_until_closed();
    EXPECT_TRUE(answer.empty() || answer.starts_with("HTTP/1.1 ")) << answer.substr(0, 40);
  }
  EXPECT_EQ(running.client().get("/after").status, 200);
}

TEST(Server, PostBodyArrivesWhole) {
  TestServer running(echo);
  auto client = running.client();
  const auto result = client.post("/persons", R"({"name":"Kari"})");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, R"(POST /persons q= x= body={"name":"Kari"})");
}

TEST(Server, FormPostIsParsed) {
  TestServer running([](Request& request) {
    return Response::text(200, request.form_field("name") + "|" + request.form_field("note"));
  });
  auto client = running.client();
  const auto result = client.post_form("/form", {{"name", "Kari Nordmann"}, {"note", "a&b=c"}});
  EXPECT_EQ(result.body, "Kari Nordmann|a&b=c");
}

std::string megabyte_body() {
  std::string body(1024 * 1024, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) {
    body[i] = static_cast<char>('a' + i % 26);
  }
  return body;
}

TEST(Server, MegabyteBodyArrivesWholeAndIsEchoed) {
  TestServer running([](Request& request) { return Response::text(200, request.body); });
  auto client = running.client();
  const auto body = megabyte_body();
  const auto result = client.post("/upload", body, "application/octet-stream");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body.size(), body.size());
  EXPECT_TRUE(result.body == body);
}

TEST(Server, ChunkedBodySentInPiecesArrivesWhole) {
  std::atomic<std::size_t> received{0};
  std::string copy;
  TestServer running([&](Request& request) {
    received = request.body.size();
    copy = request.body;
    return Response::no_content();
  });
  const auto body = megabyte_body();
  RawConnection connection(running.server.port());
  connection.send_text(
      "POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n"
      "Connection: close\r\n\r\n");
  constexpr std::size_t kPiece = 64 * 1024 + 17;
  for (std::size_t offset = 0; offset < body.size(); offset += kPiece) {
    const auto piece = std::string_view(body).substr(offset, kPiece);
    std::array<char, 32> size_line{};
    std::snprintf(size_line.data(), size_line.size(), "%zx\r\n", piece.size());
    connection.send_text(size_line.data());
    connection.send_text(piece);
    connection.send_text("\r\n");
  }
  connection.send_text("0\r\n\r\n");
  const auto answer = connection.read_until_closed();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 204")) << answer.substr(0, 40);
  EXPECT_EQ(received.load(), body.size());
  EXPECT_TRUE(copy == body);
}

TEST(Server, BodyOverLimitIs413AndNeverDispatched) {
  std::atomic<int> calls{0};
  auto options = test_options();
  options.max_body_bytes = 1024;
  TestServer running(
      [&calls](Request&) {
        ++calls;
        return Response::no_content();
      },
      options);
  auto client = running.client();
  const auto result = client.post("/upload", std::string(1025, 'x'), "text/plain");
  EXPECT_EQ(result.status, 413);
  expect_security_headers(result);
  EXPECT_EQ(client.post("/upload", std::string(1024, 'x'), "text/plain").status, 204);
  EXPECT_EQ(calls.load(), 1);
}

TEST(Server, ChunkedBodyOverLimitIs413AndNeverDispatched) {
  std::atomic<int> calls{0};
  auto options = test_options();
  options.max_body_bytes = 1024;
  TestServer running(
      [&calls](Request&) {
        ++calls;
        return Response::no_content();
      },
      options);
  RawConnection connection(running.server.port());
  connection.send_text(
      "POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n"
      "Connection: close\r\n\r\n");
  for (int piece = 0; piece < 3; ++piece) {
    connection.send_text("200\r\n" + std::string(512, 'x') + "\r\n");
  }
  connection.send_text("0\r\n\r\n");
  const auto answer = connection.read_until_closed();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 40);
  EXPECT_NE(answer.find("X-Frame-Options: DENY"), std::string::npos);
  EXPECT_EQ(calls.load(), 0);
}

TEST(Server, HeaderOverLimitIs431WithSecurityHeaders) {
  std::atomic<int> calls{0};
  auto options = test_options();
  options.max_header_bytes = 8 * 1024;
  TestServer running(
      [&calls](Request&) {
        ++calls;
        return Response::no_content();
      },
      options);
  auto client = running.client();
  const auto result = client.get("/", {"X-Large: " + std::string(9 * 1024, 'h')});
  EXPECT_EQ(result.status, 431);
  expect_security_headers(result);
  EXPECT_EQ(client.get("/", {"X-Large: " + std::string(7 * 1024, 'h')}).status, 204);
  EXPECT_EQ(calls.load(), 1);
}

TEST(Server, ManyHeadersOverLimitAre431) {
  auto options = test_options();
  options.max_header_bytes = 4 * 1024;
  TestServer running([](Request&) { return Response::no_content(); }, options);
  std::vector<std::string> headers;
  for (int i = 0; i < 100; ++i) {
    headers.push_back("X-Header-" + std::to_string(i) + ": " + std::string(40, 'v'));
  }
  auto client = running.client();
  EXPECT_EQ(client.get("/", headers).status, 431);
}

TEST(Server, RequestLineOverLimitIs414) {
  auto options = test_options();
  options.max_header_bytes = 4 * 1024;
  TestServer running([](Request&) { return Response::no_content(); }, options);
  auto client = running.client();
  const auto result = client.get("/persons?q=" + std::string(5 * 1024, 'q'));
  EXPECT_EQ(result.status, 414);
  expect_security_headers(result);
}

TEST(Server, HeaderFarBeyondTheMemoryPoolIsRefusedByMhd) {
  // Past the connection's memory pool MHD answers on its own, before our handler runs.
  auto options = test_options();
  options.max_header_bytes = 4 * 1024;
  TestServer running([](Request&) { return Response::no_content(); }, options);
  RawConnection connection(running.server.port());
  connection.send_text("GET / HTTP/1.1\r\nHost: test\r\nX-Huge: " + std::string(40 * 1024, 'h') +
                       "\r\n\r\n");
  const auto answer = connection.read_until_closed();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 431")) << answer.substr(0, 40);
}

TEST(Server, ThrowingHandlerGives500WithoutDetails) {
  TestServer running([](Request&) -> Response {
    throw std::runtime_error("secret table persons_private missing");
  });
  auto client = running.client();
  const auto result = client.get("/boom");
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.body, "Internal Server Error");
  EXPECT_EQ(result.body.find("secret"), std::string::npos);
  expect_security_headers(result);
}

TEST(Server, NonStandardExceptionGives500) {
  TestServer running([](Request&) -> Response { throw 42; });
  auto client = running.client();
  EXPECT_EQ(client.get("/boom").status, 500);
}

TEST(Server, HeaderThatCannotBeSentGives500) {
  TestServer running([](Request&) {
    return Response::text(200, "ok").header("X-Split", "a\r\nSet-Cookie: evil=1");
  });
  auto client = running.client();
  const auto result = client.get("/");
  EXPECT_EQ(result.status, 500);
  EXPECT_TRUE(result.set_cookies.empty());
}

TEST(Server, SecurityHeadersOnHandlerErrorsAndRedirects) {
  TestServer running([](Request& request) {
    return request.path == "/away" ? Response::redirect("/there") : Response::text(404, "none");
  });
  auto client = running.client();
  const auto missing = client.get("/missing");
  EXPECT_EQ(missing.status, 404);
  expect_security_headers(missing);
  const auto redirect = client.get("/away");
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.header("location"), "/there");
  expect_security_headers(redirect);
}

TEST(Server, OwnCacheControlIsKept) {
  TestServer running([](Request&) {
    return Response::text(200, "css").header("Cache-Control", "public, max-age=3600");
  });
  auto client = running.client();
  EXPECT_EQ(client.get("/app.css").header("cache-control"), "public, max-age=3600");
}

TEST(Server, BehindTlsAddsHstsAndSecureCookies) {
  auto options = test_options();
  options.behind_tls = true;
  TestServer running(
      [](Request&) {
        Response response = Response::no_content();
        response.cookies.push_back(Cookie{"vern_session", "abc"});
        return response;
      },
      options);
  auto client = running.client();
  const auto result = client.get("/");
  EXPECT_NE(result.header("strict-transport-security"), "");
  ASSERT_EQ(result.set_cookies.size(), 1U);
  EXPECT_NE(result.set_cookies.front().find("; Secure"), std::string::npos);
}

TEST(Server, HeadSendsHeadersWithoutBody) {
  std::atomic<int> gets{0};
  TestServer running([&gets](Request& request) {
    gets += request.method == Method::kGet ? 1 : 0;
    return Response::text(200, "a body that HEAD must not carry");
  });
  RawConnection connection(running.server.port());
  connection.send_text("HEAD /page HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
  const auto answer = connection.read_until_closed();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer.substr(0, 40);
  EXPECT_NE(answer.find("X-Content-Type-Options: nosniff"), std::string::npos);
  EXPECT_TRUE(answer.ends_with("\r\n\r\n")) << answer;
  EXPECT_EQ(answer.find("must not carry"), std::string::npos);
  EXPECT_EQ(gets.load(), 1);
}

TEST(Server, EachCookieArrivesAsItsOwnSetCookieHeader) {
  TestServer running([](Request& request) {
    Response response = Response::no_content();
    if (request.path == "/login") {
      response.cookies.push_back(Cookie{"vern_session", "abc"});
      Cookie csrf{"vern_csrf", "token"};
      csrf.http_only = false;
      response.cookies.push_back(csrf);
    } else {
      Cookie gone{"vern_session", ""};
      gone.max_age = 0;
      response.cookies.push_back(gone);
    }
    return response;
  });
  auto client = running.client();
  const auto login = client.get("/login");
  ASSERT_EQ(login.set_cookies.size(), 2U);
  EXPECT_EQ(login.set_cookies[0], "vern_session=abc; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(login.set_cookies[1], "vern_csrf=token; Path=/; SameSite=Lax");
  EXPECT_EQ(client.cookie("vern_session"), "abc");
  EXPECT_EQ(client.cookie("vern_csrf"), "token");
  client.get("/logout");
  EXPECT_EQ(client.cookie("vern_session"), "");
  EXPECT_EQ(client.cookie("vern_csrf"), "token");
}

TEST(Server, SecondServerOnSamePortFailsWithClearMessage) {
  TestServer first(echo);
  auto options = test_options();
  options.port = first.server.port();
  Server second(options, echo);
  try {
    second.start();
    FAIL() << "the second server started";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(
        std::string(error.what()),
        "cannot listen on 127.0.0.1:" + std::to_string(options.port) + ": address already in use");
  }
  EXPECT_EQ(first.client().get("/still-here").status, 200);
}

TEST(Server, HostMustBeAnIpv4AddressOrLocalhost) {
  auto options = test_options();
  options.host = "vern.example";
  Server server(options, echo);
  EXPECT_THROW(server.start(), std::runtime_error);
}

TEST(Server, LocalhostIsLoopback) {
  auto options = test_options();
  options.host = "localhost";
  TestServer running(echo, options);
  EXPECT_EQ(running.client().get("/").status, 200);
}

TEST(Server, StoppedServerFreesItsPort) {
  auto options = test_options();
  std::uint16_t port = 0;
  {
    TestServer first(echo, options);
    port = first.server.port();
    EXPECT_EQ(first.client().get("/").status, 200);
  }
  options.port = port;
  TestServer second(echo, options);
  EXPECT_EQ(second.client().get("/").status, 200);
}

TEST(Server, IdleConnectionsDoNotStarveRequests) {
  TestServer running(echo);
  constexpr int kIdleConnections = 200;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < kIdleConnections; ++i) {
    idle.push_back(std::make_unique<RawConnection>(running.server.port()));
    if (i % 2 == 1) {
      idle.back()->send_text("GET /slow HTTP/1.1\r\nHost: te");
    }
  }
  auto client = running.client();
  client.set_timeout(std::chrono::seconds(5));
  const auto result = client.get("/while-busy");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "GET /while-busy q= x= body=");
  int still_open = 0;
  for (const auto& connection : idle) {
    still_open += connection->is_open() ? 1 : 0;
  }
  EXPECT_EQ(still_open, kIdleConnections);
}

// Handlers run on their own threads, not on the thread that owns the connection: with a single
// libmicrohttpd thread, two requests on two connections are still answered side by side. Each
// waits (up to 10 s) for the other to be running too; one after the other, both would give 503.
TEST(Server, RequestsOfOneIoThreadAreAnsweredSideBySide) {
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0;
  ServerOptions options = test_options();
  options.io_threads = 1;
  options.threads = 2;
  TestServer server(
      [&](Request&) {
        std::unique_lock lock(mutex);
        ++running;
        changed.notify_all();
        const bool together =
            changed.wait_for(lock, std::chrono::seconds(10), [&] { return running >= 2; });
        return Response::text(together ? 200 : 503, together ? "together" : "alone");
      },
      options);
  HttpResult first;
  std::thread other([&] { first = server.client().get("/one"); });
  const HttpResult second = server.client().get("/two");
  other.join();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "together");
}

// Stopping while a handler is still at work waits for it and leaves no connection suspended in
// libmicrohttpd (stopping it with one suspended is undefined behaviour); the client gets the
// answer or a closed connection, never a hang.
TEST(Server, StoppingWaitsForTheRequestInHand) {
  std::mutex mutex;
  std::condition_variable changed;
  bool started = false;
  bool release = false;
  bool finished = false;
  auto running = std::make_unique<TestServer>([&](Request&) {
    std::unique_lock lock(mutex);
    started = true;
    changed.notify_all();
    changed.wait_for(lock, std::chrono::seconds(10), [&] { return release; });
    finished = true;
    return Response::text(200, "finished");
  });
  HttpResult result;
  std::thread client([&] {
    auto http = running->client();
    http.set_timeout(std::chrono::seconds(20));
    result = http.get("/in-hand");
  });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(10), [&] { return started; }));
  }
  std::thread stopper([&] { running->server.stop(); });
  {
    const std::lock_guard lock(mutex);
    release = true;
  }
  changed.notify_all();
  stopper.join();
  client.join();
  EXPECT_TRUE(finished);
  EXPECT_EQ(running->server.port(), 0);
  EXPECT_TRUE(result.status == 200 || result.status == 0) << result.status;
}

}  // namespace
}  // namespace vern::http
