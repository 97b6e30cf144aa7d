#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace vern::mail {

/// A mailbox: an address and an optional display name (any Unicode).
struct Mailbox {
  std::string address;
  std::string name;
};

/// An e-mail to compose: UTF-8 throughout. `html` is optional; the plain text is always sent.
struct Message {
  Mailbox from;
  Mailbox to;
  std::optional<Mailbox> reply_to;
  std::string subject;
  std::string text;
  std::optional<std::string> html;
  std::string message_id;  // without the angle brackets: "random@domain"
  UnixTime date = 0;
};

/// The message as RFC 5322 bytes, ready for SMTP: CRLF line endings; headers with non-ASCII
/// text (subject, display names) as RFC 2047 encoded words (UTF-8, base64), folded so no line
/// passes 76 characters; the plain text — and the HTML, as a multipart/alternative part after it
/// — in quoted-printable; a Message-ID and a Date; MIME-Version 1.0.
///
/// Throws vern::Error (kInvalid) naming the field when a header value holds a CR or LF (no
/// header can be injected), when an address is not a plain addr-spec, or when a text is not
/// valid UTF-8.
std::string compose(const Message& message);

/// `text` as RFC 2047 encoded words when it is not plain printable ASCII, else unchanged;
/// `used` is how many characters of the line are taken already (to fold the first word).
std::string encode_header_text(std::string_view text, std::size_t used = 0);

/// `text` in quoted-printable (RFC 2045) with CRLF line breaks and soft breaks so that no line
/// passes 76 characters. LF or CRLF in `text` become CRLF.
std::string quoted_printable(std::string_view text);

/// A new Message-ID's left part and `domain`: 128 random bits, hex ("…@domain").
std::string new_message_id(std::string_view domain);

/// The domain of an address (what follows its last '@'), or "localhost" when it has none: the
/// right part of the Message-IDs of mail from it.
std::string address_domain(std::string_view address);

/// The RFC 5322 date of `time` in UTC: "Sun, 29 Nov 2026 17:40:00 +0000".
std::string rfc5322_date(UnixTime time);

}  // namespace vern::mail
