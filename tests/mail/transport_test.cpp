#include "mail/transport.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mail/message.hpp"

namespace vern::mail {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Message message_to(const std::string& address, const std::string& subject) {
  Message message;
  message.from = {"post@vern.example", "Vern"};
  message.to = {address, "Kari Nordmann"};
  message.subject = subject;
  message.text = "Hei Kari,\n.\nA line with only a dot above, and æøå.\n";
  message.message_id = new_message_id("vern.example");
  message.date = 1'800'000'000;
  return message;
}

// The messages the test SMTP server (scripts/smtp_sink.py, started by the test command) has
// stored that carry `message_id`, waiting up to five seconds for them.
fs::path stored_message(const fs::path& folder, const std::string& message_id) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.path().extension() == ".eml" &&
          read_file(entry.path()).find("<" + message_id + ">") != std::string::npos) {
        return entry.path();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  // Not a skip: without the SMTP server that the test command starts, this test fails.
  EXPECT_NE(value, nullptr) << name << " is not set: run the tests with scripts/test.sh";
  return value == nullptr ? std::string() : value;
}

TEST(SmtpTransport, DeliversSeveralMessagesOverOneTransportToARealServer) {
  const std::string url = required_env("VERN_TEST_SMTP_URL");
  const fs::path folder = required_env("VERN_TEST_SMTP_DIR");
  ASSERT_FALSE(url.empty());
  SmtpTransport::Options options;
  options.url = url;
  SmtpTransport transport(options);
  for (int i = 0; i < 3; ++i) {
    const Message message = message_to("kari" + std::to_string(i) + "@example.no",
                                       "Din lenke nr. " + std::to_string(i) + " – personvern");
    const std::string data = compose(message);
    const SendResult result = transport.send({"post@vern.example", {message.to.address}}, data);
    ASSERT_EQ(result.outcome, SendResult::Outcome::kSent) << result.reply;
    const fs::path stored = stored_message(folder, message.message_id);
    ASSERT_FALSE(stored.empty()) << "message " << i << " did not arrive";
    // Byte for byte what was composed (the leading dot survives SMTP's dot-stuffing).
    EXPECT_EQ(read_file(stored), data);
    fs::path envelope_path = stored;
    const auto envelope =
        nlohmann::json::parse(read_file(envelope_path.replace_extension(".json")));
    EXPECT_EQ(envelope["mail_from"], "post@vern.example");
    EXPECT_EQ(envelope["rcpt_tos"], nlohmann::json::array({message.to.address}));
  }
}

TEST(SmtpTransport, NoServerIsATemporaryFailure) {
  SmtpTransport::Options options;
  options.url = "smtp://127.0.0.1:1";
  options.timeout_seconds = 5;
  SmtpTransport transport(options);
  const Message message = message_to("kari@example.no", "x");
  const SendResult result =
      transport.send({"post@vern.example", {"kari@example.no"}}, compose(message));
  EXPECT_EQ(result.outcome, SendResult::Outcome::kTemporary);
  EXPECT_FALSE(result.reply.empty());
}

TEST(FileDropTransport, WritesEachMessageAsAnEmlFile) {
  const fs::path folder =
      fs::temp_directory_path() / ("vern-drop-" + new_message_id("x").substr(0, 16));
  FileDropTransport transport(folder / "mail");
  const Message message = message_to("kari@example.no", "Hei");
  const std::string data = compose(message);
  const SendResult result = transport.send({"post@vern.example", {"kari@example.no"}}, data);
  ASSERT_EQ(result.outcome, SendResult::Outcome::kSent) << result.reply;
  const fs::path written = folder / "mail" / result.reply;
  EXPECT_EQ(written.extension(), ".eml");
  EXPECT_EQ(read_file(written), data);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder / "mail")) {
    ++files;  // no temporary file left behind
  }
  EXPECT_EQ(files, 1);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace vern::mail
