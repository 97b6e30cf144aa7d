#include "query/saved_filter_service.hpp"

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/validation.hpp"
#include "crm/field_store.hpp"
#include "query/filter_checks.hpp"
#include "query/saved_filter_store.hpp"

namespace vern::query {
namespace {

constexpr std::size_t kMaxName = 100;

void validate(soci::session& session, const std::string& name, const nlohmann::json& filter) {
  FieldErrors errors;
  if (name.empty() || text::utf8_length(name) > kMaxName || !validation::is_clean_text(name) ||
      name.find('\n') != std::string::npos) {
    errors.add("name", "Give a name of 1 to 100 characters on one line.");
  }
  errors.throw_if_any();
  // Throws kInvalid naming the filter's bad node.
  parse_known_filter(session, filter, crm::FieldStore().list(session));
}

SavedFilter must_find_visible(soci::session& session, const Actor& actor, long long id) {
  auto filter = SavedFilterStore().find(session, id);
  if (!filter ||
      (!filter->shared && filter->owner_user_id != actor.user_id && actor.role != Role::kAdmin)) {
    throw Error::not_found("No saved filter with id " + std::to_string(id) + ".");
  }
  return *filter;
}

void require_owner(const Actor& actor, const SavedFilter& filter) {
  if (filter.owner_user_id != actor.user_id) {
    require_role(actor, Role::kAdmin);
  }
}

}  // namespace

SavedFilter SavedFilterService::create(const Actor& actor, const std::string& name,
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

std::vector<SavedFilter> SavedFilterService::list(const Actor& actor) {
  require_role(actor, Role::kUser);
  return database_.read([&](soci::session& session) {
    return SavedFilterStore().visible_to(session, actor.user_id);
  });
}

SavedFilter SavedFilterService::get(const Actor& actor, long long id) {
  require_role(actor, Role::kUser);
  return database_.read(
      [&](soci::session& session) { return must_find_visible(session, actor, id); });
}

SavedFilter SavedFilterService::change(const Actor& actor, long long id,
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

void SavedFilterService::remove(const Actor& actor, long long id) {
  database_.write([&](soci::session& session) {
    const SavedFilter saved = must_find_visible(session, actor, id);
    require_owner(actor, saved);
    SavedFilterStore().remove(session, id);
    audit_.append(session, actor, "saved_filter.delete", "saved_filter", std::to_string(id));
  });
}

}  // namespace vern::query
