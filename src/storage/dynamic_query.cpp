#include "storage/dynamic_query.hpp"

namespace vern::storage {

DynamicQuery& DynamicQuery::append(std::string_view fragment) {
  sql_ += fragment;
  return *this;
}

std::string DynamicQuery::next_name() {
  return "p" + std::to_string(++counter_);
}

DynamicQuery& DynamicQuery::bind(long long value) {
  auto& [name, stored] = integers_.emplace_back(next_name(), value);
  sql_ += ":" + name;
  (void)stored;
  return *this;
}

DynamicQuery& DynamicQuery::bind(std::string value) {
  auto& [name, stored] = texts_.emplace_back(next_name(), std::move(value));
  sql_ += ":" + name;
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

void DynamicQuery::for_each_row(soci::session& session,
                                const std::function<void(const soci::row&)>& on_row) const {
  soci::statement statement(session);
  soci::row row;
  exchange_uses(statement);
  statement.exchange(soci::into(row));
  statement.alloc();
  statement.prepare(sql_);
  statement.define_and_bind();
  statement.execute(false);
  while (statement.fetch()) {
    on_row(row);
  }
}

void DynamicQuery::execute(soci::session& session) const {
  soci::statement statement(session);
  exchange_uses(statement);
  statement.alloc();
  statement.prepare(sql_);
  statement.define_and_bind();
  statement.execute(true);
}

}  // namespace vern::storage
