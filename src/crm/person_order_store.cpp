#include "crm/person_order_store.hpp"

#include <optional>
#include <string>
#include <vector>

#include "storage/row.hpp"
#include "storage/soci.hpp"

namespace vern::crm {
namespace {

// A window of neighbours is spread out again once it has at least this much room per person.
constexpr long long kMinSpreadSpacing = 1LL << 16;

constexpr std::string_view kFindPerson =
    "SELECT last_name, first_name, search_rank FROM persons WHERE id = :id";
// Neighbours in name order; persons without a rank (inside a bulk load) do not count.
constexpr std::string_view kBefore =
    "SELECT id, search_rank FROM persons WHERE (last_name, first_name, id) < (:last, :first, :id)"
    " AND search_rank IS NOT NULL ORDER BY last_name DESC, first_name DESC, id DESC LIMIT :n";
constexpr std::string_view kAfter =
    "SELECT id, search_rank FROM persons WHERE (last_name, first_name, id) > (:last, :first, :id)"
    " AND search_rank IS NOT NULL ORDER BY last_name, first_name, id LIMIT :n";
constexpr std::string_view kSetRank = "UPDATE persons SET search_rank = :rank WHERE id = :id";
constexpr std::string_view kClearRank = "UPDATE persons SET search_rank = NULL WHERE id = :id";
// rank_all: with the search triggers paused, rank everyone in one statement, then fill the search
// index in one statement in rank (rowid) order — FTS5 writes a segment per statement, so filling
// it row by row from triggers would take several times longer.
constexpr std::string_view kPauseSearchIndex = "UPDATE search_index_state SET paused = 1";
constexpr std::string_view kResumeSearchIndex = "UPDATE search_index_state SET paused = 0";
constexpr std::string_view kClearAllRanks =
    "UPDATE persons SET search_rank = NULL WHERE search_rank IS NOT NULL";
constexpr std::string_view kRankAll =
    "UPDATE persons SET search_rank = r.n * :spacing FROM (SELECT id, row_number() OVER"
    " (ORDER BY last_name, first_name, id) AS n FROM persons) r WHERE persons.id = r.id";
// FTS5 gathers this many bytes of new index entries in memory before it writes them as a segment:
// 64 MiB while filling makes fewer, larger segments to merge (30% faster than its default of
// 1 MiB, which is put back afterwards for the small writes of everyday use).
constexpr std::string_view kLargeIndexBuffer =
    "INSERT INTO person_search (person_search, rank) VALUES ('hashsize', 67108864)";
constexpr std::string_view kDefaultIndexBuffer =
    "INSERT INTO person_search (person_search, rank) VALUES ('hashsize', 1048576)";
constexpr std::string_view kEmptySearchIndex =
    "INSERT INTO person_search (person_search) VALUES ('delete-all')";
constexpr std::string_view kFillSearchIndex =
    "INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile, company, city,"
    " digits) SELECT search_rank, first_name, last_name, email, phone, mobile, company, city,"
    " digits FROM person_search_ranked WHERE search_rank IS NOT NULL ORDER BY search_rank";

struct Ranked {
  long long id = 0;
  long long rank = 0;
};

struct Key {
  std::string last_name;
  std::string first_name;
  long long id = 0;
};

std::vector<Ranked> neighbours(soci::session& session, std::string_view sql, const Key& key,
                               int count) {
  soci::rowset<soci::row> rows =
      (session.prepare << sql, soci::use(key.last_name, "last"), soci::use(key.first_name, "first"),
       soci::use(key.id, "id"), soci::use(count, "n"));
  std::vector<Ranked> found;
  for (const soci::row& row : rows) {
    found.push_back({storage::get_int64(row, 0), storage::get_int64(row, 1)});
  }
  return found;
}

void set_rank(soci::session& session, long long id, long long rank) {
  session << kSetRank, soci::use(rank, "rank"), soci::use(id, "id");
}

}  // namespace

void PersonOrderStore::settle(soci::session& session, long long person_id) const {
  if (dialect_.is_postgresql()) {
    return;
  }
  Key key;
  key.id = person_id;
  long long rank = 0;
  soci::indicator rank_indicator = soci::i_null;
  session << kFindPerson, soci::use(person_id, "id"), soci::into(key.last_name),
      soci::into(key.first_name), soci::into(rank, rank_indicator);
  if (!session.got_data()) {
    return;
  }
  for (int window = 1;; window *= 4) {
    // One more neighbour on each side than is moved: the outer ones bound the spread.
    const std::vector<Ranked> before = neighbours(session, kBefore, key, window + 1);
    const std::vector<Ranked> after = neighbours(session, kAfter, key, window + 1);
    const bool bounded_below = before.size() > static_cast<std::size_t>(window);
    const bool bounded_above = after.size() > static_cast<std::size_t>(window);
    const long long low = bounded_below ? before.back().rank : 0;
    if (window == 1) {
      const long long previous = before.empty() ? 0 : before.front().rank;
      const std::optional<long long> next =
          after.empty() ? std::nullopt : std::optional(after.front().rank);
      if (rank_indicator == soci::i_ok && rank > previous && (!next || rank < *next)) {
        return;  // already in its place
      }
      const long long high = next.value_or(previous + 2 * kSearchRankSpacing);
      if (high - previous >= 2) {
        set_rank(session, person_id, previous + (high - previous) / 2);
        return;
      }
      continue;
    }
    // The window: the neighbours below (nearest last), the person, the neighbours above.
    std::vector<long long> ids;
    for (std::size_t i = bounded_below ? before.size() - 1 : before.size(); i-- > 0;) {
      ids.push_back(before[i].id);
    }
    ids.push_back(person_id);
    for (std::size_t i = 0; i < after.size() - (bounded_above ? 1 : 0); ++i) {
      ids.push_back(after[i].id);
    }
    const auto slots = static_cast<long long>(ids.size()) + 1;
    // With no one above the window, its ranks may go as high as they need.
    const long long high = bounded_above ? after.back().rank : low + slots * kSearchRankSpacing;
    if ((bounded_below || bounded_above) && (high - low) / slots < kMinSpreadSpacing) {
      continue;  // too crowded: look further out (at last, at everyone)
    }
    const long long step = (high - low) / slots;
    // Cleared first, so that no new rank meets an old one still held in the window.
    for (long long id : ids) {
      session << kClearRank, soci::use(id, "id");
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      set_rank(session, ids[i], low + static_cast<long long>(i + 1) * step);
    }
    return;
  }
}

void PersonOrderStore::rank_all(soci::session& session) const {
  if (dialect_.is_postgresql()) {
    return;
  }
  // All in the caller's transaction: no one else sees the triggers paused, and a failure rolls
  // the pause back with everything else.
  session << kPauseSearchIndex;
  session << kClearAllRanks;
  const long long spacing = kSearchRankSpacing;
  session << kRankAll, soci::use(spacing, "spacing");
  session << kEmptySearchIndex;
  session << kLargeIndexBuffer;
  session << kFillSearchIndex;
  session << kDefaultIndexBuffer;
  session << kResumeSearchIndex;
}

}  // namespace vern::crm
