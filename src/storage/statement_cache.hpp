#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/soci.hpp"

namespace vern::storage {

/// Prepared statements kept per SQLite connection, so that the queries a busy server runs all day
/// (a token, a user, a person and its values) are parsed once rather than on every request.
/// Database attaches one to each pooled SQLite session; DynamicQuery looks it up by session.
/// PostgreSQL sessions have none (the server parses and plans each query as before).
///
/// A cache belongs to its session and, like the session, is used by one thread at a time. It keeps
/// at most `kCapacity` statements and forgets the oldest first, so queries of ever-changing shape
/// (the filter language) cannot make it grow.
class StatementCache {
 public:
  static constexpr std::size_t kCapacity = 64;

  /// One prepared statement with the storage its parameters and result row are bound to.
  struct Entry {
    explicit Entry(soci::session& session) : statement(session) {}
    soci::statement statement;
    soci::row row;
    // Deques: addresses stay put while the binding is set up.
    std::deque<long long> integers;
    std::deque<std::string> texts;
    bool busy = false;  // in use further up the stack (a query run while iterating the same one)
  };

  /// The cache attached to `session`, or nullptr when it has none.
  static StatementCache* of(soci::session& session);
  /// Gives `session` a cache (an SQLite session of a Database).
  static void attach(soci::session& session);
  /// Drops the cache of `session` and finalises its statements; call before the session closes.
  static void detach(soci::session& session);

  /// The entry for `key`, or nullptr when there is none yet.
  Entry* find(const std::string& key);
  /// Makes room and adds an empty entry for `key` (the caller prepares its statement).
  Entry& add(const std::string& key, soci::session& session);
  /// Forgets `key` (its statement failed to prepare or run).
  void forget(const std::string& key);

  /// Resets the SQLite statement of `entry`, ending any read it still holds open.
  static void reset(Entry& entry);

  /// A value read through this connection and kept with it while `generation` (a counter in the
  /// database that every change to what it was read from moves on) stays where it was.
  struct Memo {
    long long generation = -1;
    std::shared_ptr<const void> value;
  };
  /// The memo called `name`, empty at first.
  Memo& memo(const std::string& name) { return memos_[name]; }
  /// Whether `session` is inside a transaction that may write: what it reads there may be its own
  /// writes, which may yet be rolled back, so it is not kept in a memo.
  static bool in_write_transaction(soci::session& session);

  std::size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
  std::deque<std::string> order_;  // oldest first
  std::unordered_map<std::string, Memo> memos_;
};

}  // namespace vern::storage
