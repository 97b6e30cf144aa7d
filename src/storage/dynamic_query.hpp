#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "storage/soci_fwd.hpp"

namespace vern::storage {

/// A query whose shape is decided at run time (optional filters, the filter language). Only fixed
/// SQL fragments are appended as text; every value is bound as a parameter.
class DynamicQuery {
 public:
  explicit DynamicQuery(std::string_view sql = {}) : sql_(sql) {}

  /// Appends a fixed SQL fragment (never a value from outside).
  DynamicQuery& append(std::string_view fragment);
  /// Appends a placeholder bound to `value`.
  DynamicQuery& bind(long long value);
  DynamicQuery& bind(std::string value);
  /// Appends a placeholder bound to `value`, or NULL when there is none.
  DynamicQuery& bind(const std::optional<long long>& value);
  /// Appends "(:p1, :p2, ...)" bound to `values`; an empty list gives "(NULL)", which matches
  /// nothing in an IN.
  DynamicQuery& bind_list(const std::vector<long long>& values);

  const std::string& sql() const { return sql_; }

  /// Runs the query and calls `on_row` for each row.
  void for_each_row(soci::session& session,
                    const std::function<void(const soci::row&)>& on_row) const;
  /// Runs the query and returns its rows, each made into a value by `from_row`.
  template <typename FromRow>
  auto rows(soci::session& session, FromRow&& from_row) const {
    std::vector<std::decay_t<std::invoke_result_t<FromRow&, const soci::row&>>> values;
    for_each_row(session, [&](const soci::row& row) { values.push_back(from_row(row)); });
    return values;
  }
  /// Runs a statement that returns no rows.
  void execute(soci::session& session) const;
  /// Runs the query and returns the first column of its first row as an integer (a COUNT, an id
  /// from RETURNING), or 0 when there is no row.
  long long first_integer(soci::session& session) const;

 private:
  std::string next_name();
  void exchange_uses(soci::statement& statement) const;
  /// Runs the query with the session's cached statement (prepared on first use), if the session
  /// has a StatementCache; false when it did not run. `on_row` is null for a statement without
  /// rows.
  bool run_cached(soci::session& session,
                  const std::function<void(const soci::row&)>* on_row) const;

  std::string sql_;
  // Deques keep the bound values' addresses stable while more are added.
  std::deque<std::pair<std::string, long long>> integers_;
  std::deque<std::pair<std::string, std::string>> texts_;
  int counter_ = 0;
  std::string types_;  // 'i' or 't' per parameter, in order: part of the statement's cache key
};

}  // namespace vern::storage
