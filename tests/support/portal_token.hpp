#pragma once

#include <cctype>
#include <regex>
#include <string>

#include "storage/database.hpp"
#include "storage/soci.hpp"

namespace vern::testing {

/// Quoted-printable decoded (soft line breaks joined, =XX turned back into bytes).
inline std::string decode_quoted_printable(const std::string& text) {
  const auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && text.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // a soft line break
    } else if (text[i] == '=' && i + 2 < text.size() && is_hex(text[i + 1]) &&
               is_hex(text[i + 2])) {
      decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

/// The token of the newest portal link e-mailed to the person, as the subject would read it in
/// the e-mail: the only place it exists. Empty when there is none.
inline std::string portal_token_from_outbox(storage::Database& database, long long person_id) {
  std::string data;
  database.read([&](soci::session& session) {
    soci::indicator indicator = soci::i_null;
    session << "SELECT data FROM outbox WHERE person_id = :id AND kind = 'portal_link' "
               "ORDER BY id DESC LIMIT 1",
        soci::use(person_id), soci::into(data, indicator);
    if (indicator != soci::i_ok) {
      data.clear();
    }
  });
  static const std::regex kLink("/p/([A-Za-z0-9_-]{43,})");
  std::smatch match;
  const std::string body = decode_quoted_printable(data);
  return std::regex_search(body, match, kLink) ? match[1].str() : std::string();
}

}  // namespace vern::testing
