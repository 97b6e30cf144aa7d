#include "crm/field_store.hpp"

#include <nlohmann/json.hpp>

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"
#include "storage/statement_cache.hpp"

namespace vern::crm {
namespace {

constexpr std::string_view kSelectCustomTypes =
    "SELECT key, type FROM field_definitions WHERE builtin = 0";
constexpr std::string_view kSelect =
    "SELECT key, type, builtin, label_en, label_nb, label_sv, options, portal, portal_order "
    "FROM field_definitions";
constexpr std::string_view kOrder = " ORDER BY builtin DESC, position, key";
constexpr std::string_view kInsert =
    "INSERT INTO field_definitions (key, type, builtin, label_en, label_nb, label_sv, options, "
    "portal, portal_order, position, created_at) VALUES (:key, :type, 0, :en, :nb, :sv, :options, "
    ":portal, :portal_order, (SELECT COALESCE(MAX(position), 0) + 1 FROM field_definitions), :now)";
constexpr std::string_view kUpdate =
    "UPDATE field_definitions SET label_en = :en, label_nb = :nb, label_sv = :sv, options = "
    ":options, portal = :portal, portal_order = :portal_order WHERE key = :key";
constexpr std::string_view kDelete = "DELETE FROM field_definitions WHERE key = :key";
constexpr std::string_view kCountHolders =
    "SELECT COUNT(DISTINCT person_id) FROM person_values WHERE field_key = :key";

constexpr std::string_view kSelectGeneration =
    "SELECT generation FROM generations WHERE name = 'field_definitions'";

FieldDefinition field_from_row(const soci::row& row) {
  FieldDefinition field;
  field.key = storage::get_text(row, 0);
  field.type = parse_field_type(storage::get_text(row, 1)).value_or(FieldType::kText);
  field.builtin = storage::get_bool(row, 2);
  field.labels = {storage::get_text(row, 3), storage::get_text(row, 4), storage::get_text(row, 5)};
  const auto options = nlohmann::json::parse(storage::get_text(row, 6), nullptr, false);
  if (!options.is_discarded()) {
    field.options = options_from_json(options, field.key);
  }
  field.portal = parse_portal_access(storage::get_text(row, 7)).value_or(PortalAccess::kHidden);
  field.portal_order = static_cast<int>(storage::get_int64(row, 8));
  return field;
}

std::vector<FieldDefinition> read_all(soci::session& session) {
  storage::DynamicQuery query(kSelect);
  return query.append(kOrder).rows(session, field_from_row);
}

}  // namespace

CustomTypes FieldStore::custom_types(soci::session& session) const {
  CustomTypes types;
  storage::DynamicQuery(kSelectCustomTypes).for_each_row(session, [&](const soci::row& row) {
    if (const auto type = parse_field_type(storage::get_text(row, 1))) {
      types.emplace(storage::get_text(row, 0), *type);
    }
  });
  return types;
}

std::vector<FieldDefinition> FieldStore::list(soci::session& session) const {
  // Every request reads the definitions, and they seldom change: outside a write transaction a
  // connection keeps what it read until the generation moves on (migration 11's triggers).
  storage::StatementCache* cache = storage::StatementCache::of(session);
  if (cache == nullptr || storage::StatementCache::in_write_transaction(session)) {
    return read_all(session);
  }
  // The generation is read first: definitions read after it are at least that new.
  const long long generation = storage::DynamicQuery(kSelectGeneration).first_integer(session);
  storage::StatementCache::Memo& memo = cache->memo("field_definitions");
  if (memo.value == nullptr || memo.generation != generation) {
    memo.value = std::make_shared<const std::vector<FieldDefinition>>(read_all(session));
    memo.generation = generation;
  }
  return *static_cast<const std::vector<FieldDefinition>*>(memo.value.get());
}

std::optional<FieldDefinition> FieldStore::find(soci::session& session,
                                                const std::string& key) const {
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kSelect) + " WHERE key = :key", soci::use(key));
  for (const soci::row& row : rows) {
    return field_from_row(row);
  }
  return std::nullopt;
}

void FieldStore::insert(soci::session& session, const FieldDefinition& field, UnixTime now) const {
  const std::string type(to_string(field.type));
  const std::string options = options_to_json(field.options).dump();
  const std::string portal(to_string(field.portal));
  const long long order = field.portal_order;
  session << kInsert, soci::use(field.key), soci::use(type), soci::use(field.labels.en),
      soci::use(field.labels.nb), soci::use(field.labels.sv), soci::use(options), soci::use(portal),
      soci::use(order), soci::use(now);
}

void FieldStore::update(soci::session& session, const FieldDefinition& field) const {
  const std::string options = options_to_json(field.options).dump();
  const std::string portal(to_string(field.portal));
  const long long order = field.portal_order;
  session << kUpdate, soci::use(field.labels.en), soci::use(field.labels.nb),
      soci::use(field.labels.sv), soci::use(options), soci::use(portal), soci::use(order),
      soci::use(field.key);
}

void FieldStore::remove(soci::session& session, const std::string& key) const {
  session << kDelete, soci::use(key);
}

long long FieldStore::count_holders(soci::session& session, const std::string& key) const {
  long long count = 0;
  session << kCountHolders, soci::use(key), soci::into(count);
  return count;
}

}  // namespace vern::crm
