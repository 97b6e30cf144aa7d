#include "mail/transport.hpp"

#include <algorithm>
#include <fstream>
#include <mutex>

#include <curl/curl.h>

#include "common/crypto.hpp"

namespace vern::mail {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// libcurl reads the message from here.
struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = upload->data->size() - upload->offset;
  const std::size_t n = std::min(room, left);
  std::copy_n(upload->data->data() + upload->offset, n, buffer);
  upload->offset += n;
  return n;
}

/// libcurl's debug callback: keeps the server's last reply line (CURLINFO_HEADER_IN), so that a
/// refusal is recorded in the server's own words.
int keep_reply(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type == CURLINFO_HEADER_IN) {
    auto* reply = static_cast<std::string*>(user);
    reply->assign(data, size);
    while (!reply->empty() && (reply->back() == '\n' || reply->back() == '\r')) {
      reply->pop_back();
    }
  }
  return 0;
}

// Angle brackets around an address, as MAIL FROM and RCPT TO want it.
std::string bracketed(const std::string& address) {
  return "<" + address + ">";
}

}  // namespace

SmtpTransport::SmtpTransport(Options options) : options_(std::move(options)) {
  global_init_once();
}

SmtpTransport::~SmtpTransport() {
  if (curl_ != nullptr) {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
  }
}

SendResult SmtpTransport::send(const Envelope& envelope, const std::string& data) {
  if (curl_ == nullptr) {
    curl_ = curl_easy_init();
    if (curl_ == nullptr) {
      return {SendResult::Outcome::kTemporary, "libcurl could not start"};
    }
  }
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the connection, forgets the last message's options
  char error[CURL_ERROR_SIZE] = {};
  Upload upload{&data};
  curl_slist* recipients = nullptr;
  for (const std::string& recipient : envelope.recipients) {
    recipients = curl_slist_append(recipients, bracketed(recipient).c_str());
  }
  const std::string sender = bracketed(envelope.sender);
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, sender.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(
      curl, CURLOPT_USE_SSL,
      options_.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  std::string server_reply;
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, keep_reply);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &server_reply);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, options_.timeout_seconds * 4);
  if (!options_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  long reply_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply_code);
  curl_slist_free_all(recipients);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code == CURLE_OK) {
    return {SendResult::Outcome::kSent, std::to_string(reply_code)};
  }
  // The server's words when it answered; else the code and what libcurl says went wrong.
  std::string reply = reply_code != 0 && !server_reply.empty()
                          ? server_reply
                          : std::to_string(reply_code) + " " +
                                (error[0] != '\0' ? error : curl_easy_strerror(code));
  // 5xx: the server refuses for good. Anything else (no connection, 4xx, a timeout) may pass
  // later.
  const bool permanent = reply_code >= 500 && reply_code < 600;
  return {permanent ? SendResult::Outcome::kPermanent : SendResult::Outcome::kTemporary,
          std::move(reply)};
}

FileDropTransport::FileDropTransport(std::filesystem::path folder) : folder_(std::move(folder)) {}

SendResult FileDropTransport::send(const Envelope&, const std::string& data) {
  std::error_code error;
  std::filesystem::create_directories(folder_, error);
  if (error) {
    return {SendResult::Outcome::kTemporary,
            "cannot create " + folder_.string() + ": " + error.message()};
  }
  const std::string name = crypto::random_token(12);
  const auto temporary = folder_ / ("." + name + ".tmp");
  const auto target = folder_ / (name + ".eml");
  {
    std::ofstream out(temporary, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out.flush()) {
      return {SendResult::Outcome::kTemporary, "cannot write " + temporary.string()};
    }
  }
  std::filesystem::rename(temporary, target, error);
  if (error) {
    return {SendResult::Outcome::kTemporary,
            "cannot rename into " + target.string() + ": " + error.message()};
  }
  return {SendResult::Outcome::kSent, target.filename().string()};
}

}  // namespace vern::mail
