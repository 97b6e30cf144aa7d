#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace vern::mail {

/// Who a message goes from and to on the wire (SMTP's MAIL FROM and RCPT TO).
struct Envelope {
  std::string sender;
  std::vector<std::string> recipients;
};

/// How a send went: sent; a temporary failure (the connection failed or the server answered
/// 4xx), worth trying again later; or a permanent one (5xx, or a message the server cannot
/// take), not worth retrying. `reply` is the server's answer or the error, for the outbox.
struct SendResult {
  enum class Outcome { kSent, kTemporary, kPermanent };
  Outcome outcome = Outcome::kSent;
  std::string reply;
};

/// Delivers composed messages (mail::compose). One transport is used by one thread at a time.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual SendResult send(const Envelope& envelope, const std::string& data) = 0;
};

/// SMTP through libcurl: smtp:// (with STARTTLS when the server offers it; `require_tls` makes
/// it required) or smtps://, optional user and password, and one connection kept open and reused
/// from one message to the next.
class SmtpTransport final : public Transport {
 public:
  struct Options {
    std::string url;  // smtp://host:port or smtps://host:port
    std::string user;
    std::string password;
    bool require_tls = false;
    long timeout_seconds = 30;
  };
  explicit SmtpTransport(Options options);
  ~SmtpTransport() override;
  SmtpTransport(const SmtpTransport&) = delete;
  SmtpTransport& operator=(const SmtpTransport&) = delete;

  SendResult send(const Envelope& envelope, const std::string& data) override;

 private:
  Options options_;
  void* curl_ = nullptr;  // CURL*, kept between messages for its connection
};

/// With no SMTP server configured: each message becomes NAME.eml in a folder, written
/// atomically (a temporary file renamed), so the embedded default works at once.
class FileDropTransport final : public Transport {
 public:
  explicit FileDropTransport(std::filesystem::path folder);
  SendResult send(const Envelope& envelope, const std::string& data) override;

 private:
  std::filesystem::path folder_;
};

}  // namespace vern::mail
