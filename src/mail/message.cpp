#include "mail/message.hpp"

#include <array>
#include <ctime>

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"

namespace vern::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxLine = 76;
// An encoded word's text: 36 bytes of UTF-8 are 48 base64 characters, so with "=?UTF-8?B?",
// "?=" and the header's name or the folding space a line stays within 76 characters.
constexpr std::size_t kWordBytes = 36;
constexpr char kHex[] = "0123456789ABCDEF";

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool plain_ascii(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7E) {
      return false;
    }
  }
  return true;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16U) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8U) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18U) & 63U];
    out += kAlphabet[(n >> 12U) & 63U];
    out += kAlphabet[(n >> 6U) & 63U];
    out += kAlphabet[n & 63U];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U;
    if (i + 1 < bytes.size()) {
      n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
    }
    out += kAlphabet[(n >> 18U) & 63U];
    out += kAlphabet[(n >> 12U) & 63U];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

void require_header_text(std::string_view text, const std::string& field) {
  if (has_line_break(text)) {
    throw Error::invalid_field(field, "A header may not contain a line break.");
  }
  if (!validation::is_single_line(text)) {
    throw Error::invalid_field(field, "Must be valid UTF-8 without control characters.");
  }
}

std::string mailbox(const Mailbox& box, const std::string& field, std::size_t used) {
  require_header_text(box.address, field + ".address");
  require_header_text(box.name, field + ".name");
  if (!plain_ascii(box.address) || !validation::is_email(box.address)) {
    throw Error::invalid_field(field + ".address", "Must be an e-mail address in ASCII.");
  }
  if (box.name.empty()) {
    return box.address;
  }
  std::string name;
  if (plain_ascii(box.name)) {
    // A quoted string: any specials inside are harmless.
    name = "\"";
    for (const char c : box.name) {
      if (c == '"' || c == '\\') {
        name += '\\';
      }
      name += c;
    }
    name += '"';
  } else {
    name = encode_header_text(box.name, used);
  }
  return name + " <" + box.address + ">";
}

std::string header(std::string_view name, const std::string& value) {
  return std::string(name) + ": " + value + std::string(kCrlf);
}

std::string part_headers(std::string_view type) {
  return "Content-Type: " + std::string(type) + "; charset=UTF-8" + std::string(kCrlf) +
         "Content-Transfer-Encoding: quoted-printable" + std::string(kCrlf);
}

}  // namespace

std::string encode_header_text(std::string_view text, std::size_t used) {
  if (plain_ascii(text) && used + text.size() <= kMaxLine) {
    return std::string(text);
  }
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + kWordBytes);
    if (end < text.size()) {
      end = text::character_start(text, end);
      if (end == start) {
        end = std::min(text.size(), start + kWordBytes);  // not UTF-8: split anyway
      }
    }
    if (!out.empty()) {
      out += std::string(kCrlf) + " ";
    }
    out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t line = 0;  // characters on the current output line
  const auto put = [&](std::string_view piece) {
    if (line + piece.size() > kMaxLine - 1) {  // room for the soft break's '='
      out += "=";
      out += kCrlf;
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\n' ||
                          (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n');
    if (byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the LF that follows makes the break
    }
    if (byte == '\n') {
      out += kCrlf;
      line = 0;
      continue;
    }
    if ((byte >= 33 && byte <= 126 && byte != '=') ||
        ((byte == ' ' || byte == '\t') && !line_end)) {
      put(std::string_view(&text[i], 1));
    } else {
      const std::array<char, 3> escaped = {'=', kHex[byte >> 4U], kHex[byte & 15U]};
      put(std::string_view(escaped.data(), escaped.size()));
    }
  }
  return out;
}

std::string new_message_id(std::string_view domain) {
  return crypto::random_token(16) + "@" + std::string(domain);
}

std::string address_domain(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string("localhost")
                                      : std::string(address.substr(at + 1));
}

std::string rfc5322_date(UnixTime time) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = static_cast<std::time_t>(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays.at(static_cast<std::size_t>(utc.tm_wday)), utc.tm_mday,
                kMonths.at(static_cast<std::size_t>(utc.tm_mon)), utc.tm_year + 1900, utc.tm_hour,
                utc.tm_min, utc.tm_sec);
  return buffer;
}

std::string compose(const Message& message) {
  require_header_text(message.subject, "subject");
  if (message.message_id.empty() || !plain_ascii(message.message_id) ||
      message.message_id.find_first_of("<> ") != std::string::npos ||
      message.message_id.find('@') == std::string::npos) {
    throw Error::invalid_field("message_id",
                               "Must be left@right in ASCII, without <, > or spaces.");
  }
  if (!validation::is_clean_text(message.text)) {
    throw Error::invalid_field("text", "Must be valid UTF-8 without control characters.");
  }
  if (message.html && !validation::is_clean_text(*message.html)) {
    throw Error::invalid_field("html", "Must be valid UTF-8 without control characters.");
  }
  std::string out;
  out += header("Date", rfc5322_date(message.date));
  out += header("From", mailbox(message.from, "from", 6));
  out += header("To", mailbox(message.to, "to", 4));
  if (message.reply_to) {
    out += header("Reply-To", mailbox(*message.reply_to, "reply_to", 10));
  }
  out += header("Subject", encode_header_text(message.subject, 9));
  out += header("Message-ID", "<" + message.message_id + ">");
  out += header("MIME-Version", "1.0");
  if (!message.html) {
    out += part_headers("text/plain");
    out += kCrlf;
    out += quoted_printable(message.text);
    out += kCrlf;
    return out;
  }
  // "=_" never occurs in quoted-printable text, so the boundary cannot appear in a part.
  const std::string boundary = "=_vern_" + crypto::random_token(12);
  out += header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  out += kCrlf;
  out += "--" + boundary + std::string(kCrlf) + part_headers("text/plain") + std::string(kCrlf);
  out += quoted_printable(message.text) + std::string(kCrlf);
  out += "--" + boundary + std::string(kCrlf) + part_headers("text/html") + std::string(kCrlf);
  out += quoted_printable(*message.html) + std::string(kCrlf);
  out += "--" + boundary + "--" + std::string(kCrlf);
  return out;
}

}  // namespace vern::mail
