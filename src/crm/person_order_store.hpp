#pragma once

#include "storage/dialect.hpp"
#include "storage/soci.hpp"

namespace vern::crm {

/// Room left between neighbouring ranks when ranks are handed out afresh.
inline constexpr long long kSearchRankSpacing = 1LL << 32;

/// Keeps persons.search_rank (SQLite only) in name order: for any two persons, the one first by
/// (last_name, first_name, id) has the lower rank. The search index uses the rank as its rowid,
/// so a prefix search reads its matches in name order (see query::PersonSearchStore).
///
/// A person gets the rank halfway between its neighbours'. When they have no room left, a window
/// of neighbours around it is spread out evenly again, growing until the spread leaves room.
class PersonOrderStore {
 public:
  explicit PersonOrderStore(const storage::Dialect& dialect) : dialect_(dialect) {}

  /// After inserting a person or changing their name: moves their rank to its place if it is not
  /// there already. Nothing on PostgreSQL, whose search needs no rank.
  void settle(soci::session& session, long long person_id) const;

  /// After a bulk load: ranks every person afresh, `kSearchRankSpacing` apart, and refills the
  /// search index in one pass (the search triggers are paused meanwhile: migration 5). Call it in
  /// the transaction of the load.
  void rank_all(soci::session& session) const;

 private:
  const storage::Dialect& dialect_;
};

}  // namespace vern::crm
