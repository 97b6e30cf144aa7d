#pragma once

#include <regex>
#include <string>

#include "storage/database.hpp"
#include "storage/soci.hpp"
#include "support/quoted_printable.hpp"

namespace vern::testing {

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
