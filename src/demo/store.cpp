#include "demo/store.hpp"

#include <algorithm>
#include <cassert>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>

#include <spdlog/spdlog.h>

#include "storage/dynamic_query.hpp"
#include "storage/soci.hpp"

namespace vern::demo {
namespace {

constexpr std::string_view kCountPersons = "SELECT COUNT(*) FROM persons";
// SQLite only: a bulk load grows the indexes in random order, and with the default page cache
// (2 MiB) most of its time goes to moving pages between SQLite and the operating system. A page
// cache of 256 MiB for the load more than halves the time of a million persons.
constexpr std::string_view kReadCacheSize = "PRAGMA cache_size";
constexpr std::string_view kBulkLoadCacheSize = "PRAGMA cache_size = -262144";
constexpr std::string_view kSetCacheSize = "PRAGMA cache_size = ";

// Rows per statement: a few thousand bound values each, well inside SQLite's limit of 32766
// parameters and PostgreSQL's of 65535.
constexpr std::size_t kPersonRows = 500;
constexpr std::size_t kValueRows = 2000;
constexpr std::size_t kHistoryRows = 1000;
constexpr std::size_t kParticipantRows = 2000;

enum class BulkColumnKind { kText, kInteger };

struct BulkColumn {
  std::string name;
  BulkColumnKind kind;
};

enum class Returning { kNothing, kIds };

}  // namespace

/// A multi-row INSERT into one table whose values are bound by reference to a buffer of rows:
/// prepared once, executed for every full buffer, and once more (prepared for the smaller number
/// of rows) for the rest.
class DemoBulkInsert {
 public:
  DemoBulkInsert(soci::session& session, std::string_view table, std::vector<BulkColumn> columns,
                 std::size_t rows_per_statement, Returning returning)
      : session_(session),
        table_(table),
        columns_(std::move(columns)),
        capacity_(rows_per_statement),
        returning_(returning),
        texts_(capacity_ * columns_.size()),
        integers_(capacity_ * columns_.size()),
        indicators_(capacity_ * columns_.size(), soci::i_ok) {}

  void text(std::string value) {
    assert(columns_[column_].kind == BulkColumnKind::kText);
    texts_[cell()] = std::move(value);
    indicators_[cell()] = soci::i_ok;
    ++column_;
  }

  void integer(std::optional<long long> value) {
    assert(columns_[column_].kind == BulkColumnKind::kInteger);
    integers_[cell()] = value.value_or(0);
    indicators_[cell()] = value ? soci::i_ok : soci::i_null;
    ++column_;
  }

  void end_row() {
    assert(column_ == columns_.size());
    column_ = 0;
    if (++rows_ == capacity_) {
      execute();
    }
  }

  void flush() {
    if (rows_ > 0) {
      execute();
    }
  }

  /// The ids of the rows written since the last call, in the order the rows were added.
  std::vector<long long> take_ids() { return std::exchange(ids_, {}); }

 private:
  std::size_t cell() const { return rows_ * columns_.size() + column_; }

  std::string sql(std::size_t rows) const {
    std::string text = "INSERT INTO " + table_ + " (";
    for (std::size_t column = 0; column < columns_.size(); ++column) {
      text += (column == 0 ? "" : ", ") + columns_[column].name;
    }
    text += ") VALUES ";
    for (std::size_t row = 0; row < rows; ++row) {
      text += row == 0 ? "(" : ", (";
      for (std::size_t column = 0; column < columns_.size(); ++column) {
        text += (column == 0 ? ":v" : ", :v") + std::to_string(row * columns_.size() + column);
      }
      text += ")";
    }
    if (returning_ == Returning::kIds) {
      text += " RETURNING id";
    }
    return text;
  }

  std::unique_ptr<soci::statement> prepare(std::size_t rows) {
    auto statement = std::make_unique<soci::statement>(session_);
    for (std::size_t i = 0; i < rows * columns_.size(); ++i) {
      if (columns_[i % columns_.size()].kind == BulkColumnKind::kText) {
        statement->exchange(soci::use(texts_[i], indicators_[i]));
      } else {
        statement->exchange(soci::use(integers_[i], indicators_[i]));
      }
    }
    if (returning_ == Returning::kIds) {
      statement->exchange(soci::into(fetched_));
    }
    statement->alloc();
    statement->prepare(sql(rows));
    statement->define_and_bind();
    return statement;
  }

  void execute() {
    std::unique_ptr<soci::statement> partial;
    soci::statement* statement = nullptr;
    if (rows_ == capacity_) {
      if (!full_) {
        full_ = prepare(capacity_);
      }
      statement = full_.get();
    } else {
      partial = prepare(rows_);
      statement = partial.get();
    }
    fetched_.assign(rows_, 0);
    statement->execute(true);
    if (returning_ == Returning::kIds) {
      if (fetched_.size() != rows_) {
        throw std::runtime_error("bulk insert into " + table_ + " returned " +
                                 std::to_string(fetched_.size()) + " ids for " +
                                 std::to_string(rows_) + " rows");
      }
      // Both databases number the rows of one INSERT in the order of its VALUES, rising; sorting
      // the returned ids restores that order whatever order RETURNING gives them in.
      std::sort(fetched_.begin(), fetched_.end());
      ids_.insert(ids_.end(), fetched_.begin(), fetched_.end());
    }
    rows_ = 0;
  }

  soci::session& session_;
  std::string table_;
  std::vector<BulkColumn> columns_;
  std::size_t capacity_;
  Returning returning_;
  // One cell per column of every row; a column's kind says which vector holds its value. The
  // vectors never resize, so the statements' references to their elements stay valid.
  std::vector<std::string> texts_;
  std::vector<long long> integers_;
  std::vector<soci::indicator> indicators_;
  std::size_t rows_ = 0;
  std::size_t column_ = 0;
  std::unique_ptr<soci::statement> full_;
  std::vector<long long> fetched_;
  std::vector<long long> ids_;
};

namespace {

std::vector<BulkColumn> person_columns() {
  std::vector<BulkColumn> columns;
  for (const crm::TextField& field : crm::person_text_fields()) {
    columns.push_back({std::string(field.key), BulkColumnKind::kText});
  }
  columns.push_back({"company_id", BulkColumnKind::kInteger});
  columns.push_back({"created_at", BulkColumnKind::kInteger});
  columns.push_back({"updated_at", BulkColumnKind::kInteger});
  return columns;
}

}  // namespace

DemoStore::DemoStore(soci::session& session, const storage::Dialect& dialect)
    : session_(session),
      persons_(std::make_unique<DemoBulkInsert>(session, "persons", person_columns(), kPersonRows,
                                                Returning::kIds)),
      values_(std::make_unique<DemoBulkInsert>(
          session, "person_values",
          std::vector<BulkColumn>{{"person_id", BulkColumnKind::kInteger},
                                  {"field_key", BulkColumnKind::kText},
                                  {"value", BulkColumnKind::kText}},
          kValueRows, Returning::kNothing)),
      history_(std::make_unique<DemoBulkInsert>(
          session, "history",
          std::vector<BulkColumn>{{"person_id", BulkColumnKind::kInteger},
                                  {"type", BulkColumnKind::kText},
                                  {"date", BulkColumnKind::kText},
                                  {"text", BulkColumnKind::kText},
                                  {"author_user_id", BulkColumnKind::kInteger},
                                  {"author", BulkColumnKind::kText},
                                  {"created_at", BulkColumnKind::kInteger},
                                  {"updated_at", BulkColumnKind::kInteger}},
          kHistoryRows, Returning::kNothing)),
      participants_(std::make_unique<DemoBulkInsert>(
          session, "participants",
          std::vector<BulkColumn>{{"activity_id", BulkColumnKind::kInteger},
                                  {"person_id", BulkColumnKind::kInteger},
                                  {"status", BulkColumnKind::kText},
                                  {"updated_at", BulkColumnKind::kInteger}},
          kParticipantRows, Returning::kNothing)) {
  if (!dialect.is_postgresql()) {
    long long cache_size = 0;
    session_ << kReadCacheSize, soci::into(cache_size);
    previous_cache_size_ = cache_size;
    session_ << kBulkLoadCacheSize;
  }
}

DemoStore::~DemoStore() {
  if (!previous_cache_size_) {
    return;
  }
  try {
    session_ << std::string(kSetCacheSize) + std::to_string(*previous_cache_size_);
  } catch (const std::exception& error) {
    spdlog::warn("could not restore the page cache size after the demo load: {}", error.what());
  }
}

long long DemoStore::count_persons() const {
  long long count = 0;
  session_ << kCountPersons, soci::into(count);
  return count;
}

std::vector<long long> DemoStore::insert_persons(const std::vector<crm::Person>& persons) {
  for (const crm::Person& person : persons) {
    for (const crm::TextField& field : crm::person_text_fields()) {
      persons_->text(person.*field.member);
    }
    persons_->integer(person.company_id);
    persons_->integer(person.created_at);
    persons_->integer(person.updated_at);
    persons_->end_row();
  }
  persons_->flush();
  return persons_->take_ids();
}

void DemoStore::add_value(const DemoValue& value) {
  values_->integer(value.person_id);
  values_->text(value.key);
  values_->text(value.value);
  values_->end_row();
}

void DemoStore::add_history(const crm::HistoryEntry& entry) {
  history_->integer(entry.person_id);
  history_->text(entry.type);
  history_->text(entry.date);
  history_->text(entry.text);
  history_->integer(entry.author_user_id);
  history_->text(entry.author);
  history_->integer(entry.created_at);
  history_->integer(entry.updated_at);
  history_->end_row();
}

void DemoStore::add_participant(const DemoParticipant& participant) {
  participants_->integer(participant.activity_id);
  participants_->integer(participant.person_id);
  participants_->text(std::string(to_string(participant.status)));
  participants_->integer(participant.updated_at);
  participants_->end_row();
}

void DemoStore::flush() {
  values_->flush();
  history_->flush();
  participants_->flush();
}

long long DemoStore::add_consents(long long type_id, int salt, int granted_percent,
                                  int withdrawn_percent, const std::string& actor, UnixTime when) {
  // (id * 7919 + salt) % 100 spreads the ids evenly over 0..99; withdrawals come later, so
  // their ids are higher and they are the latest events.
  long long written = 0;
  for (const auto& [granted, percent, later] :
       {std::tuple{1, granted_percent, 0}, std::tuple{0, withdrawn_percent, 3600}}) {
    storage::DynamicQuery query(
        "INSERT INTO consent_events (person_id, consent_type_id, granted, text_version, source,"
        " note, actor_user_id, actor, occurred_at) SELECT id, ");
    query.bind(type_id).append(", ").bind(granted).append(", 1, 'import', '', NULL, ");
    query.bind(actor).append(", ").bind(when + later);
    query.append(" FROM persons WHERE (id * 7919 + ").bind(salt).append(") % 100 < ");
    query.bind(percent).append(" ORDER BY id");
    query.execute(session_);
    long long count = 0;
    session_ << "SELECT COUNT(*) FROM consent_events WHERE consent_type_id = :t AND granted = :g",
        soci::use(type_id), soci::use(static_cast<long long>(granted)), soci::into(count);
    written += count;
  }
  return written;
}

void DemoStore::derive_current_consents() {
  session_ << "INSERT INTO person_consents (person_id, consent_type_id, granted, event_id)"
              " SELECT e.person_id, e.consent_type_id, e.granted, e.id FROM consent_events e"
              " JOIN (SELECT MAX(id) AS id FROM consent_events"
              " GROUP BY person_id, consent_type_id) latest ON latest.id = e.id";
}

}  // namespace vern::demo
