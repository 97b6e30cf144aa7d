#include "storage/dynamic_query.hpp"

#include "storage/row.hpp"
#include "storage/soci.hpp"
#include "storage/statement_cache.hpp"

namespace vern::storage {

DynamicQuery& DynamicQuery::append(std::string_view fragment) {
  sql_ += fragment;
  return *this;
}

std::string DynamicQuery::next_name() {
  std::string name(1, 'p');
  name += std::to_string(++counter_);
  return name;
}

DynamicQuery& DynamicQuery::bind(long long value) {
  auto& [name, stored] = integers_.emplace_back(next_name(), value);
  sql_ += ":" + name;
  types_ += 'i';
  (void)stored;
  return *this;
}

DynamicQuery& DynamicQuery::bind(std::string value) {
  auto& [name, stored] = texts_.emplace_back(next_name(), std::move(value));
  sql_ += ":" + name;
  types_ += 't';
  (void)stored;
  return *this;
}

DynamicQuery& DynamicQuery::bind(const std::optional<long long>& value) {
  return value ? bind(*value) : append("NULL");
}

DynamicQuery& DynamicQuery::bind_list(const std::vector<long long>& values) {
  if (values.empty()) {
    return append("(NULL)");
  }
  append("(");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      append(", ");
    }
    bind(values[i]);
  }
  return append(")");
}

void DynamicQuery::exchange_uses(soci::statement& statement) const {
  for (const auto& [name, value] : integers_) {
    statement.exchange(soci::use(value, name));
  }
  for (const auto& [name, value] : texts_) {
    statement.exchange(soci::use(value, name));
  }
}

bool DynamicQuery::run_cached(soci::session& session,
                              const std::function<void(const soci::row&)>* on_row) const {
  StatementCache* cache = StatementCache::of(session);
  if (cache == nullptr) {
    return false;
  }
  std::string key;
  key.reserve(types_.size() + 2 + sql_.size());
  key.append(types_).append(on_row != nullptr ? "r|" : "x|").append(sql_);
  StatementCache::Entry* entry = cache->find(key);
  if (entry != nullptr && entry->busy) {
    return false;  // the same query is still being read further up the stack
  }
  if (entry == nullptr) {
    StatementCache::Entry& added = cache->add(key, session);
    try {
      for (const auto& [name, value] : integers_) {
        added.statement.exchange(soci::use(added.integers.emplace_back(value), name));
      }
      for (const auto& [name, value] : texts_) {
        added.statement.exchange(soci::use(added.texts.emplace_back(value), name));
      }
      if (on_row != nullptr) {
        added.statement.exchange(soci::into(added.row));
      }
      added.statement.alloc();
      added.statement.prepare(sql_);
      added.statement.define_and_bind();
    } catch (...) {
      cache->forget(key);
      throw;
    }
    entry = &added;
  } else {
    std::size_t i = 0;
    for (const auto& [name, value] : integers_) {
      entry->integers[i++] = value;
    }
    i = 0;
    for (const auto& [name, value] : texts_) {
      entry->texts[i++] = value;
    }
  }
  // Reset whatever happens, so that no read stays open on the connection.
  struct Release {
    StatementCache::Entry& entry;
    ~Release() {
      entry.busy = false;
      StatementCache::reset(entry);
    }
  } release{*entry};
  entry->busy = true;
  if (on_row != nullptr) {
    entry->statement.execute(false);
    while (entry->statement.fetch()) {
      (*on_row)(entry->row);
    }
  } else {
    entry->statement.execute(true);
  }
  return true;
}

// Without a cache (PostgreSQL) a statement is run once: PostgreSQL then takes the query and its
// values in one round trip instead of preparing, executing and deallocating a named statement.
void DynamicQuery::for_each_row(soci::session& session,
                                const std::function<void(const soci::row&)>& on_row) const {
  if (run_cached(session, &on_row)) {
    return;
  }
  soci::statement statement(session);
  soci::row row;
  exchange_uses(statement);
  statement.exchange(soci::into(row));
  statement.alloc();
  statement.prepare(sql_, soci::details::st_one_time_query);
  statement.define_and_bind();
  statement.execute(false);
  while (statement.fetch()) {
    on_row(row);
  }
}

void DynamicQuery::execute(soci::session& session) const {
  if (run_cached(session, nullptr)) {
    return;
  }
  soci::statement statement(session);
  exchange_uses(statement);
  statement.alloc();
  statement.prepare(sql_, soci::details::st_one_time_query);
  statement.define_and_bind();
  statement.execute(true);
}

long long DynamicQuery::first_integer(soci::session& session) const {
  long long value = 0;
  bool first = true;
  for_each_row(session, [&](const soci::row& row) {
    if (first) {
      value = get_int64(row, 0);
      first = false;
    }
  });
  return value;
}

}  // namespace vern::storage
