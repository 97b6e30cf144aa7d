#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/page.hpp"
#include "query/filter.hpp"
#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::query {

/// What to look for: search words (as typed), a parsed filter, and which page.
struct SearchRequest {
  std::string q;                     // words; each must start a word of some indexed field
  std::optional<Filter> filter;      // from parse_filter
  int limit = kDefaultListLimit;     // 1 to kMaxListLimit
  std::optional<std::string> after;  // the `next` cursor of the previous page
  bool count = false;                // also count every match
};

/// One page of matching persons' ids, in name order; the caller loads the persons.
struct SearchResult {
  std::vector<long long> ids;
  std::optional<std::string> next;  // the cursor of the following page; none on the last page
  std::optional<long long> total;   // when asked for
};

/// The position of a person in name order: what a cursor holds.
struct PageKey {
  std::string last_name;
  std::string first_name;
  long long id = 0;
};

/// Finds persons by prefix search over names, e-mail, phone, mobile, company name and city (the
/// search index of migration 3) and by the filter language, ordered by last name, first name
/// and id, a page at a time (keyset pagination with an opaque cursor).
class PersonSearchStore {
 public:
  /// Throws vern::Error kInvalid naming "q", "limit", "after" or the filter's node for bad
  /// input.
  SearchResult search(soci::session& session, const storage::Dialect& dialect,
                      const SearchRequest& request) const;

  /// Merges the search index so that the words of deleted and changed persons leave the
  /// database file, not only the results (SQLite FTS5 keeps them in old segments until then).
  /// Run it after erasures; it costs about one pass over the index.
  void optimize_index(soci::session& session, const storage::Dialect& dialect) const;
};

/// The search terms of `q`: its words split further at ASCII punctuation (as the index splits
/// e-mail addresses and phone numbers), each a run of ASCII letters and digits and non-ASCII
/// characters. No terms means no search condition. Throws kInvalid ("q") for more than
/// kMaxSearchTerms terms, more than kMaxSearchBytes bytes or text that is not UTF-8.
std::vector<std::string> search_terms(std::string_view q);
inline constexpr std::size_t kMaxSearchTerms = 10;
inline constexpr std::size_t kMaxSearchBytes = 500;

/// The opaque cursor for a position: base64url of the JSON [last_name, first_name, id].
std::string encode_cursor(const PageKey& key);
/// The position in a cursor; throws kInvalid ("after") for anything encode_cursor did not make.
PageKey decode_cursor(std::string_view cursor);

}  // namespace vern::query
