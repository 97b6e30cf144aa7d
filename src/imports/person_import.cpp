#include "imports/person_import.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "consent/consent_store.hpp"
#include "crm/field_store.hpp"
#include "crm/field_value.hpp"
#include "crm/person_store.hpp"
#include "imports/person_import_columns.hpp"
#include "imports/person_import_csv.hpp"
#include "imports/person_import_store.hpp"

namespace vern::imports {
namespace {

constexpr std::size_t kProgressEveryRows = 1000;

/// Thrown inside the write transaction to roll it back when a row had a problem.
struct RowsRejected {};

/// One valid value of a row, normalised as it is stored.
struct RowValue {
  const ImportColumn* column;
  nlohmann::json value;
};

/// A row that passed validation.
/// A consent column's value: grant (yes) or withdraw (no).
struct RowConsent {
  std::string consent_type;
  bool granted = false;
};

struct ParsedRow {
  std::vector<RowValue> values;
  std::vector<RowConsent> consents;
  std::optional<long long> company_id;
  std::string email;
  bool has_name = false;
};

/// The fields a row changed in a person, for the store and the audit.
struct Changes {
  std::vector<std::string> fields;
  std::vector<std::string> custom_keys;
};

Changes apply_row(crm::Person& person, const ParsedRow& row) {
  Changes changes;
  for (const RowValue& value : row.values) {
    const ImportColumn& column = *value.column;
    if (column.target == ImportTarget::kText) {
      const auto& text = value.value.get_ref<const std::string&>();
      if (person.*column.member != text) {
        person.*column.member = text;
        changes.fields.push_back(column.field.key);
      }
    } else if (person.custom.value(column.field.key, nlohmann::json()) != value.value) {
      person.custom[column.field.key] = value.value;
      changes.fields.push_back("custom." + column.field.key);
      changes.custom_keys.push_back(column.field.key);
    }
  }
  if (row.company_id && person.company_id != row.company_id) {
    person.company_id = row.company_id;
    changes.fields.push_back("company_id");
  }
  return changes;
}

bool all_empty(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(),
                     [](const std::string& cell) { return text::trim(cell).empty(); });
}

std::string person_details(const Changes& changes) {
  return nlohmann::json{{"fields", changes.fields}, {"source", "import"}}.dump();
}

/// One pass over the rows of a file, inside one transaction (a read-only one for a dry run).
class ImportPass {
 public:
  ImportPass(soci::session& session, const storage::Dialect& dialect, audit::AuditLog& audit,
             const Actor& actor, UnixTime now, const ImportOptions& options,
             const ImportObserver& observer, std::vector<ImportColumn> columns,
             crm::CustomTypes custom_types, ImportSummary& summary)
      : session_(session),
        persons_(dialect),
        lookups_(session),
        audit_(audit),
        actor_(actor),
        now_(now),
        options_(options),
        observer_(observer),
        columns_(std::move(columns)),
        custom_types_(std::move(custom_types)),
        summary_(summary) {}

  void read_rows(CsvReader& reader) {
    std::vector<std::string> cells;
    try {
      while (reader.next(cells)) {
        if (all_empty(cells)) {
          continue;
        }
        if (summary_.rows == options_.max_rows) {
          summary_.complete = false;
          problem(reader.line(), "",
                  "The file has more than " + std::to_string(options_.max_rows) +
                      " rows: split it into smaller files.");
          return;
        }
        ++summary_.rows;
        row(cells, reader.line());
        if (summary_.rows % kProgressEveryRows == 0 && observer_.on_progress) {
          observer_.on_progress({summary_.rows, reader.bytes_read()});
        }
      }
    } catch (const CsvError& error) {
      summary_.complete = false;
      problem(error.line(), "", error.message());
    }
    if (observer_.on_progress) {
      observer_.on_progress({summary_.rows, reader.bytes_read()});
    }
  }

 private:
  bool writing() const {
    return options_.mode == ImportMode::kWrite && summary_.problem_count == 0;
  }

  void problem(std::size_t line, std::string field, std::string message) {
    ImportProblem found{line, std::move(field), std::move(message)};
    if (observer_.on_problem) {
      observer_.on_problem(found);
    }
    ++summary_.problem_count;
    if (summary_.problems.size() < kMaxKeptImportProblems) {
      summary_.problems.push_back(std::move(found));
    }
  }

  std::optional<ParsedRow> parse(const std::vector<std::string>& cells, std::size_t line) {
    ParsedRow parsed;
    const std::size_t problems_before = summary_.problem_count;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const ImportColumn& column = columns_[i];
      const std::string_view text = text::trim(cells[i]);
      if (text.empty()) {
        continue;
      }
      if (column.target == ImportTarget::kCompany) {
        parsed.company_id = company(text, line);
        continue;
      }
      const nlohmann::json value = import_cell_value(column.field, cells[i]);
      if (auto message = crm::check_field_value(column.field, value)) {
        problem(line, column.field.key, *message);
        continue;
      }
      nlohmann::json normalised = crm::normalise_field_value(column.field, value);
      if (normalised.is_null()) {
        continue;
      }
      if (column.target == ImportTarget::kConsent) {
        parsed.consents.push_back({column.field.key, normalised.get<bool>()});
        continue;
      }
      if (column.field.key == "email") {
        parsed.email = normalised.get<std::string>();
      }
      if (column.field.key == "first_name" || column.field.key == "last_name") {
        parsed.has_name = true;
      }
      parsed.values.push_back({&column, std::move(normalised)});
    }
    if (parsed.email.empty() && !parsed.has_name && summary_.problem_count == problems_before) {
      problem(line, "last_name", "Give a name or an e-mail address.");
    }
    if (summary_.problem_count != problems_before) {
      return std::nullopt;
    }
    return parsed;
  }

  std::optional<long long> company(std::string_view text, std::size_t line) {
    const auto id = validation::parse_id(text);
    if (!id) {
      problem(line, "company_id", "Must be a company id.");
      return std::nullopt;
    }
    auto known = companies_.find(*id);
    if (known == companies_.end()) {
      known = companies_.emplace(*id, lookups_.company_exists(*id)).first;
    }
    if (!known->second) {
      problem(line, "company_id", "No company with this id.");
      return std::nullopt;
    }
    return id;
  }

  void row(const std::vector<std::string>& cells, std::size_t line) {
    if (cells.size() != columns_.size()) {
      ++summary_.bad_rows;
      problem(line, "",
              "The row has " + std::to_string(cells.size()) + " fields; the header has " +
                  std::to_string(columns_.size()) + ".");
      return;
    }
    const auto parsed = parse(cells, line);
    if (!parsed) {
      ++summary_.bad_rows;
      return;
    }
    std::optional<long long> duplicate;
    if (!parsed->email.empty()) {
      if (const auto seen = seen_.find(parsed->email); seen != seen_.end()) {
        duplicate = seen->second;
      } else {
        duplicate = lookups_.find_id_by_email(parsed->email);
      }
    }
    if (!duplicate) {
      create(*parsed);
    } else if (options_.on_duplicate == OnDuplicate::kSkip) {
      ++summary_.skipped;
    } else {
      update(*parsed, *duplicate);
    }
  }

  void create(const ParsedRow& parsed) {
    ++summary_.imported;
    long long id = 0;
    if (writing()) {
      crm::Person person;
      const Changes changes = apply_row(person, parsed);
      person.created_at = person.updated_at = now_;
      id = lookups_.insert(person);
      persons_.settle_order(session_, id);
      audit_.append(session_, actor_, "person.create", "person", std::to_string(id), id,
                    person_details(changes));
      record_consents(id, parsed, {});
    }
    if (!parsed.email.empty()) {
      // 0 stands for a person this run has not written (a dry run, or after a problem).
      seen_.emplace(parsed.email, id);
    }
  }

  /// Merges the row into person `id`; 0 is a person created by an earlier row and not written.
  void update(const ParsedRow& parsed, long long id) {
    auto person = id == 0 ? std::nullopt : persons_.find(session_, id, custom_types_, writing());
    if (!person) {
      ++summary_.updated;  // a duplicate of an earlier row: its values are not at hand to compare
      return;
    }
    const Changes changes = apply_row(*person, parsed);
    const auto current = parsed.consents.empty() ? std::map<std::string, consent::ConsentEvent>()
                                                 : consents_.latest_of(session_, id);
    const bool consents_change =
        std::any_of(parsed.consents.begin(), parsed.consents.end(), [&](const RowConsent& consent) {
          const auto latest = current.find(consent.consent_type);
          return latest == current.end() || latest->second.granted != consent.granted;
        });
    if (changes.fields.empty() && !consents_change) {
      ++summary_.unchanged;
      return;
    }
    ++summary_.updated;
    if (!writing()) {
      return;
    }
    record_consents(id, parsed, current);
    if (changes.fields.empty()) {
      return;
    }
    person->updated_at = now_;
    if (!persons_.update(session_, *person, person->version)) {
      throw Error(ErrorKind::kConflict, "Someone changed a person while the import ran.");
    }
    persons_.write_custom(session_, id, person->custom, changes.custom_keys, custom_types_);
    audit_.append(session_, actor_, "person.update", "person", std::to_string(id), id,
                  person_details(changes));
  }

  /// Appends an event, with source import, for each consent of the row that differs from the
  /// person's current state (`current`: their latest events, by type).
  void record_consents(long long person_id, const ParsedRow& parsed,
                       const std::map<std::string, consent::ConsentEvent>& current) {
    for (const RowConsent& consent : parsed.consents) {
      const auto latest = current.find(consent.consent_type);
      if (latest != current.end() && latest->second.granted == consent.granted) {
        continue;
      }
      const auto type = consent_types_.find(consent.consent_type);
      if (type == consent_types_.end()) {
        continue;  // mapped from the same list: cannot happen
      }
      consent::ConsentEvent event;
      event.person_id = person_id;
      event.consent_type = consent.consent_type;
      event.granted = consent.granted;
      event.text_version = type->second.text_version;
      event.source = consent::Source::kImport;
      if (actor_.is_user()) {
        event.actor_user_id = actor_.user_id;
      }
      event.actor = actor_.name;
      event.occurred_at = now_;
      consents_.append_event(session_, type->second.id, event);
      audit_.append(session_, actor_, consent.granted ? "consent.grant" : "consent.withdraw",
                    "person", std::to_string(person_id), person_id,
                    nlohmann::json{{"consent_type", consent.consent_type},
                                   {"granted", consent.granted},
                                   {"text_version", event.text_version},
                                   {"source", "import"}}
                        .dump());
    }
  }

 public:
  /// The active consent types, by key (consent columns name them).
  void set_consent_types(std::map<std::string, consent::ConsentType> types) {
    consent_types_ = std::move(types);
  }

 private:
  soci::session& session_;
  const crm::PersonStore persons_;
  const consent::ConsentStore consents_{};
  std::map<std::string, consent::ConsentType> consent_types_;
  PersonImportStore lookups_;  // and the inserts
  audit::AuditLog& audit_;
  const Actor& actor_;
  UnixTime now_;
  const ImportOptions& options_;
  const ImportObserver& observer_;
  std::vector<ImportColumn> columns_;
  crm::CustomTypes custom_types_;
  ImportSummary& summary_;
  std::unordered_map<std::string, long long> seen_;  // e-mail -> person id (0: not written)
  std::unordered_map<long long, bool> companies_;    // company id -> exists
};

std::string import_details(const ImportOptions& options, const ImportSummary& summary) {
  return nlohmann::json{
      {"rows", summary.rows},
      {"imported", summary.imported},
      {"updated", summary.updated},
      {"unchanged", summary.unchanged},
      {"skipped", summary.skipped},
      {"on_duplicate", options.on_duplicate == OnDuplicate::kSkip ? "skip" : "update"}}
      .dump();
}

}  // namespace

ImportSummary PersonImporter::run(const Actor& actor, std::istream& csv,
                                  const ImportOptions& options, const ImportObserver& observer) {
  require_role(actor, Role::kAdmin);
  CsvReader reader(csv);
  std::vector<std::string> header;
  try {
    if (!reader.next(header)) {
      throw Error::invalid_field("file",
                                 "The file is empty: its first line must name the columns.");
    }
  } catch (const CsvError& error) {
    throw Error::invalid_field("file", error.what());
  }
  const std::vector<crm::FieldDefinition> fields =
      database_.read([](soci::session& session) { return crm::FieldStore().list(session); });
  std::map<std::string, consent::ConsentType> consent_types;
  std::vector<std::string> consent_keys;
  for (auto& type : database_.read(
           [](soci::session& session) { return consent::ConsentStore().list_types(session); })) {
    if (type.active) {
      consent_keys.push_back(type.key);
      consent_types.emplace(type.key, std::move(type));
    }
  }
  std::vector<ImportColumn> columns = map_import_columns(header, fields, consent_keys);
  crm::CustomTypes custom_types;
  for (const crm::FieldDefinition& field : fields) {
    if (!field.builtin) {
      custom_types.emplace(field.key, field.type);
    }
  }

  ImportSummary summary;
  summary.mode = options.mode;
  auto run_pass = [&](soci::session& session) {
    ImportPass pass(session, database_.dialect(), audit_, actor, clock_.now(), options, observer,
                    std::move(columns), std::move(custom_types), summary);
    pass.set_consent_types(std::move(consent_types));
    pass.read_rows(reader);
  };
  if (options.mode == ImportMode::kDryRun) {
    database_.read(run_pass);
    return summary;
  }
  try {
    database_.write([&](soci::session& session) {
      run_pass(session);
      if (summary.problem_count > 0) {
        throw RowsRejected{};
      }
      audit_.append(session, actor, "person.import", "person", std::nullopt, std::nullopt,
                    import_details(options, summary));
    });
  } catch (const RowsRejected&) {
    // Rolled back: nothing of the file is written.
  }
  return summary;
}

}  // namespace vern::imports
