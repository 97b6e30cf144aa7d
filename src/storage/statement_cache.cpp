#include "storage/statement_cache.hpp"

#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include <soci/sqlite3/soci-sqlite3.h>

namespace vern::storage {
namespace {

// Which session has which cache. Looked up on every query (a shared lock); changed only when a
// Database opens or closes its connections.
std::shared_mutex registry_mutex;
std::unordered_map<const soci::session*, std::unique_ptr<StatementCache>>& registry() {
  static std::unordered_map<const soci::session*, std::unique_ptr<StatementCache>> caches;
  return caches;
}

}  // namespace

StatementCache* StatementCache::of(soci::session& session) {
  const std::shared_lock lock(registry_mutex);
  const auto found = registry().find(&session);
  return found == registry().end() ? nullptr : found->second.get();
}

void StatementCache::attach(soci::session& session) {
  const std::unique_lock lock(registry_mutex);
  registry()[&session] = std::make_unique<StatementCache>();
}

void StatementCache::detach(soci::session& session) {
  std::unique_ptr<StatementCache> cache;
  {
    const std::unique_lock lock(registry_mutex);
    const auto found = registry().find(&session);
    if (found == registry().end()) {
      return;
    }
    cache = std::move(found->second);
    registry().erase(found);
  }
  // The statements are finalised here, while their connection is still open.
}

StatementCache::Entry* StatementCache::find(const std::string& key) {
  const auto found = entries_.find(key);
  return found == entries_.end() ? nullptr : found->second.get();
}

StatementCache::Entry& StatementCache::add(const std::string& key, soci::session& session) {
  while (entries_.size() >= kCapacity && !order_.empty()) {
    const auto oldest = entries_.find(order_.front());
    if (oldest != entries_.end() && oldest->second->busy) {
      break;  // still running further up the stack: the cache may exceed its size a moment
    }
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(key);
  auto& entry = entries_[key];
  entry = std::make_unique<Entry>(session);
  return *entry;
}

void StatementCache::forget(const std::string& key) {
  entries_.erase(key);
  order_.erase(std::remove(order_.begin(), order_.end(), key), order_.end());
}

void StatementCache::reset(Entry& entry) {
  auto* backend = static_cast<soci::sqlite3_statement_backend*>(entry.statement.get_backend());
  if (backend != nullptr && backend->stmt_ != nullptr) {
    sqlite_api::sqlite3_reset(backend->stmt_);
  }
}

bool StatementCache::in_write_transaction(soci::session& session) {
  if (session.get_backend_name() != "sqlite3") {
    return true;  // not known: treated as inside one
  }
  auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
  if (backend == nullptr || backend->conn_ == nullptr) {
    return true;
  }
  // A transaction begun with BEGIN IMMEDIATE holds the write lock from its start; a deferred one
  // that has written holds it from its first write.
  return sqlite_api::sqlite3_txn_state(backend->conn_, nullptr) == SQLITE_TXN_WRITE;
}

}  // namespace vern::storage
