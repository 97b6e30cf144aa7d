#include "crm/saved_filter.hpp"

#include "common/error.hpp"
#include "common/validation.hpp"
#include "consent/consent_store.hpp"
#include "crm/field_store.hpp"
#include "query/filter.hpp"
#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::crm {
namespace {

constexpr std::size_t kMaxName = 100;
constexpr std::string_view kSelect =
    "SELECT f.id, f.name, f.owner_user_id, u.username, f.shared, f.filter, f.created_at, "
    "f.updated_at FROM saved_filters f JOIN users u ON u.id = f.owner_user_id";
constexpr std::string_view kInsert =
    "INSERT INTO saved_filters (name, owner_user_id, shared, filter, created_at, updated_at) "
    "VALUES (:name, :owner, :shared, :filter, :now, :now2) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE saved_filters SET name = :name, shared = :shared, filter = :filter, updated_at = :now "
    "WHERE id = :id";
constexpr std::string_view kDelete = "DELETE FROM saved_filters WHERE id = :id";

/// SQL for saved filters.
class SavedFilterStore {
 public:
  std::vector<SavedFilter> visible_to(soci::session& session, long long user_id) const {
    storage::DynamicQuery query(kSelect);
    query.append(" WHERE f.owner_user_id = ").bind(user_id);
    query.append(" OR f.shared = 1 ORDER BY f.name, f.id");
    return fetch(session, query);
  }
  std::optional<SavedFilter> find(soci::session& session, long long id) const {
    storage::DynamicQuery query(kSelect);
    query.append(" WHERE f.id = ").bind(id);
    auto filters = fetch(session, query);
    return filters.empty() ? std::nullopt : std::optional(filters.front());
  }
  long long insert(soci::session& session, const SavedFilter& filter) const {
    long long id = 0;
    const int shared = filter.shared ? 1 : 0;
    const std::string text = filter.filter.dump();
    session << kInsert, soci::use(filter.name), soci::use(filter.owner_user_id), soci::use(shared),
        soci::use(text), soci::use(filter.created_at), soci::use(filter.updated_at), soci::into(id);
    return id;
  }
  void update(soci::session& session, const SavedFilter& filter) const {
    const int shared = filter.shared ? 1 : 0;
    const std::string text = filter.filter.dump();
    session << kUpdate, soci::use(filter.name), soci::use(shared), soci::use(text),
        soci::use(filter.updated_at), soci::use(filter.id);
  }
  void remove(soci::session& session, long long id) const { session << kDelete, soci::use(id); }

 private:
  static std::vector<SavedFilter> fetch(soci::session& session,
                                        const storage::DynamicQuery& query) {
    std::vector<SavedFilter> filters;
    query.for_each_row(session, [&filters](const soci::row& row) {
      SavedFilter filter;
      filter.id = storage::get_int64(row, 0);
      filter.name = storage::get_text(row, 1);
      filter.owner_user_id = storage::get_int64(row, 2);
      filter.owner = storage::get_text(row, 3);
      filter.shared = storage::get_bool(row, 4);
      filter.filter = nlohmann::json::parse(storage::get_text(row, 5), nullptr, false);
      filter.created_at = storage::get_int64(row, 6);
      filter.updated_at = storage::get_int64(row, 7);
      filters.push_back(std::move(filter));
    });
    return filters;
  }
};

void validate(soci::session& session, const std::string& name, const nlohmann::json& filter) {
  FieldErrors errors;
  if (name.empty() || validation::utf8_length(name) > kMaxName ||
      !validation::is_clean_text(name) || name.find('\n') != std::string::npos) {
    errors.add("name", "Give a name of 1 to 100 characters on one line.");
  }
  errors.throw_if_any();
  // Throws kInvalid naming the filter's bad node.
  consent::require_consent_types(session, query::parse_filter(filter, FieldStore().list(session)));
}

SavedFilter must_find_visible(soci::session& session, const auth::Actor& actor, long long id) {
  auto filter = SavedFilterStore().find(session, id);
  if (!filter || (!filter->shared && filter->owner_user_id != actor.user_id &&
                  actor.role != auth::Role::kAdmin)) {
    throw Error::not_found("No saved filter with id " + std::to_string(id) + ".");
  }
  return *filter;
}

void require_owner(const auth::Actor& actor, const SavedFilter& filter) {
  if (filter.owner_user_id != actor.user_id) {
    auth::require_role(actor, auth::Role::kAdmin);
  }
}

}  // namespace

SavedFilter SavedFilterService::create(const auth::Actor& actor, const std::string& name,
                                       const nlohmann::json& filter, bool shared) {
  if (!actor.is_user()) {
    throw Error::forbidden("Saved filters belong to staff users.");
  }
  return database_.write([&](soci::session& session) {
    validate(session, name, filter);
    SavedFilter saved;
    saved.name = name;
    saved.owner_user_id = actor.user_id;
    saved.shared = shared;
    saved.filter = filter;
    saved.created_at = saved.updated_at = clock_.now();
    saved.id = SavedFilterStore().insert(session, saved);
    audit_.append(session, actor, "saved_filter.create", "saved_filter", std::to_string(saved.id));
    return *SavedFilterStore().find(session, saved.id);
  });
}

std::vector<SavedFilter> SavedFilterService::list(const auth::Actor& actor) {
  auth::require_role(actor, auth::Role::kUser);
  return database_.read([&](soci::session& session) {
    return SavedFilterStore().visible_to(session, actor.user_id);
  });
}

SavedFilter SavedFilterService::get(const auth::Actor& actor, long long id) {
  auth::require_role(actor, auth::Role::kUser);
  return database_.read(
      [&](soci::session& session) { return must_find_visible(session, actor, id); });
}

SavedFilter SavedFilterService::change(const auth::Actor& actor, long long id,
                                       std::optional<std::string> name,
                                       std::optional<nlohmann::json> filter,
                                       std::optional<bool> shared) {
  return database_.write([&](soci::session& session) {
    SavedFilter saved = must_find_visible(session, actor, id);
    require_owner(actor, saved);
    saved.name = name.value_or(saved.name);
    saved.filter = filter.value_or(saved.filter);
    saved.shared = shared.value_or(saved.shared);
    validate(session, saved.name, saved.filter);
    saved.updated_at = clock_.now();
    SavedFilterStore().update(session, saved);
    audit_.append(session, actor, "saved_filter.change", "saved_filter", std::to_string(id));
    return saved;
  });
}

void SavedFilterService::remove(const auth::Actor& actor, long long id) {
  database_.write([&](soci::session& session) {
    const SavedFilter saved = must_find_visible(session, actor, id);
    require_owner(actor, saved);
    SavedFilterStore().remove(session, id);
    audit_.append(session, actor, "saved_filter.delete", "saved_filter", std::to_string(id));
  });
}

}  // namespace vern::crm
