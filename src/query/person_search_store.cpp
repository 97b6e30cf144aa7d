#include "query/person_search_store.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "common/error.hpp"
#include "common/validation.hpp"
#include "query/filter_compiler.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::query {
namespace {

constexpr std::string_view kSelectPage =
    "SELECT p.id, p.last_name, p.first_name FROM persons p WHERE 1 = 1";
constexpr std::string_view kSelectCount = "SELECT COUNT(*) FROM persons p WHERE 1 = 1";
constexpr std::string_view kAfter = " AND (p.last_name, p.first_name, p.id) > (";
constexpr std::string_view kOrderAndLimit = " ORDER BY p.last_name, p.first_name, p.id LIMIT ";

// SQLite: words first, read from the index in name order (its rowid is the person's rank), so
// the page ends after `limit` matches however many there are.
constexpr std::string_view kSelectRankedPage =
    "SELECT p.id, p.last_name, p.first_name FROM person_search s"
    " JOIN persons p ON p.search_rank = s.rowid WHERE s.person_search MATCH ";
constexpr std::string_view kSelectRankedCount =
    "SELECT COUNT(*) FROM person_search s JOIN persons p ON p.search_rank = s.rowid"
    " WHERE s.person_search MATCH ";
constexpr std::string_view kSelectWordCount =
    "SELECT COUNT(*) FROM person_search s WHERE s.person_search MATCH ";
constexpr std::string_view kRankedAfter = " AND s.rowid > ";
constexpr std::string_view kRankedOrderAndLimit = " ORDER BY s.rowid LIMIT ";
// The rank of the last person at or before a cursor's position: the next page starts above it.
constexpr std::string_view kRankAtOrBefore =
    "SELECT search_rank FROM persons WHERE (last_name, first_name, id) <= (";
constexpr std::string_view kRankAtOrBeforeEnd =
    ") AND search_rank IS NOT NULL ORDER BY last_name DESC, first_name DESC, id DESC LIMIT 1";

constexpr std::size_t kMaxCursorBytes = 4096;

bool is_term_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// The search and filter conditions, shared by the page and the count.
void append_conditions(storage::DynamicQuery& query, const storage::Dialect& dialect,
                       const std::vector<std::string>& terms, const std::optional<Filter>& filter) {
  if (!terms.empty()) {
    query.append(" AND ");
    dialect.append_person_search(query, terms);
  }
  if (filter) {
    query.append(" AND ");
    compile_filter(*filter, dialect, query);
  }
}

std::optional<long long> rank_at_or_before(soci::session& session, const PageKey& key) {
  storage::DynamicQuery query(kRankAtOrBefore);
  query.bind(key.last_name).append(", ").bind(key.first_name).append(", ").bind(key.id);
  query.append(kRankAtOrBeforeEnd);
  std::optional<long long> rank;
  query.for_each_row(session, [&](const soci::row& row) { rank = storage::get_int64(row, 0); });
  return rank;
}

Error bad_cursor() {
  return Error::invalid_field("after", "not a cursor from a previous page");
}

}  // namespace

std::vector<std::string> search_terms(std::string_view q) {
  if (q.size() > kMaxSearchBytes) {
    throw Error::invalid_field("q",
                               "must be at most " + std::to_string(kMaxSearchBytes) + " bytes");
  }
  if (!validation::is_clean_text(q)) {
    throw Error::invalid_field("q", "must be plain text");
  }
  std::vector<std::string> terms;
  std::string term;
  for (std::size_t i = 0; i <= q.size(); ++i) {
    if (i < q.size() && is_term_byte(q[i])) {
      term += q[i];
      continue;
    }
    if (!term.empty()) {
      terms.push_back(std::move(term));
      term.clear();
    }
  }
  if (terms.size() > kMaxSearchTerms) {
    throw Error::invalid_field("q",
                               "must have at most " + std::to_string(kMaxSearchTerms) + " words");
  }
  return terms;
}

std::string encode_cursor(const PageKey& key) {
  const nlohmann::json position = nlohmann::json::array({key.last_name, key.first_name, key.id});
  const std::string text = position.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(text.size(), variant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(text.data()), text.size(), variant);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

PageKey decode_cursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > kMaxCursorBytes) {
    throw bad_cursor();
  }
  std::string text(cursor.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(text.data()), text.size(), cursor.data(),
                        cursor.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    throw bad_cursor();
  }
  text.resize(length);
  const auto position = nlohmann::json::parse(text, nullptr, false);
  if (!position.is_array() || position.size() != 3 || !position[0].is_string() ||
      !position[1].is_string() || !position[2].is_number_integer()) {
    throw bad_cursor();
  }
  PageKey key{position[0].get<std::string>(), position[1].get<std::string>(),
              position[2].get<long long>()};
  // Names are bound as text: the database would refuse a NUL or a broken character.
  if (!validation::is_clean_text(key.last_name) || !validation::is_clean_text(key.first_name)) {
    throw bad_cursor();
  }
  return key;
}

SearchResult PersonSearchStore::search(soci::session& session, const storage::Dialect& dialect,
                                       const SearchRequest& request) const {
  if (request.limit < 1 || request.limit > kMaxListLimit) {
    throw Error::invalid_field("limit", "must be from 1 to " + std::to_string(kMaxListLimit));
  }
  const std::vector<std::string> terms = search_terms(request.q);
  const std::optional<PageKey> after =
      request.after ? std::optional(decode_cursor(*request.after)) : std::nullopt;

  const bool ranked = !terms.empty() && dialect.person_search_in_rank_order();
  storage::DynamicQuery page(ranked ? kSelectRankedPage : kSelectPage);
  if (ranked) {
    page.bind(dialect.prefix_query(terms));
    append_conditions(page, dialect, {}, request.filter);
    if (after) {
      if (const auto rank = rank_at_or_before(session, *after)) {
        page.append(kRankedAfter).bind(*rank);
      }
    }
    page.append(kRankedOrderAndLimit);
  } else {
    append_conditions(page, dialect, terms, request.filter);
    if (after) {
      page.append(kAfter).bind(after->last_name).append(", ").bind(after->first_name);
      page.append(", ").bind(after->id).append(")");
    }
    page.append(kOrderAndLimit);
  }
  // One row more than asked tells whether another page follows.
  page.bind(request.limit + 1LL);

  SearchResult result;
  std::optional<PageKey> last_key;
  page.for_each_row(session, [&](const soci::row& row) {
    if (result.ids.size() == static_cast<std::size_t>(request.limit)) {
      result.next = encode_cursor(*last_key);
      return;
    }
    last_key =
        PageKey{storage::get_text(row, 1), storage::get_text(row, 2), storage::get_int64(row, 0)};
    result.ids.push_back(last_key->id);
  });

  if (request.count) {
    storage::DynamicQuery count(!ranked ? kSelectCount
                                        : (request.filter ? kSelectRankedCount : kSelectWordCount));
    if (ranked) {
      count.bind(dialect.prefix_query(terms));
    }
    append_conditions(count, dialect, ranked ? std::vector<std::string>() : terms, request.filter);
    count.for_each_row(session,
                       [&](const soci::row& row) { result.total = storage::get_int64(row, 0); });
  }
  return result;
}

void PersonSearchStore::optimize_index(soci::session& session,
                                       const storage::Dialect& dialect) const {
  if (const std::string_view statement = dialect.optimize_person_search(); !statement.empty()) {
    session << statement;
  }
}

}  // namespace vern::query
