#include "privacy/portal_settings_store.hpp"

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "storage/dynamic_query.hpp"
#include "storage/row.hpp"

namespace vern::privacy {
namespace {

constexpr std::string_view kSelectSettings =
    "SELECT settings, updated_at FROM portal_settings WHERE id = 1";
constexpr std::string_view kUpdateSettings =
    "UPDATE portal_settings SET settings = :settings, updated_at = :updated_at WHERE id = 1";

}  // namespace

PortalSettings PortalSettingsStore::get(soci::session& session) const {
  std::string stored;
  long long updated_at = 0;
  storage::DynamicQuery(kSelectSettings).for_each_row(session, [&](const soci::row& row) {
    stored = storage::get_text(row, 0);
    updated_at = storage::get_int64(row, 1);
  });
  PortalSettings settings = from_stored(nlohmann::json::parse(stored, nullptr, false));
  settings.updated_at = updated_at;
  return settings;
}

void PortalSettingsStore::save(soci::session& session, const PortalSettings& settings) const {
  const std::string stored = to_json(settings).dump();
  session << kUpdateSettings, soci::use(stored), soci::use(settings.updated_at);
}

}  // namespace vern::privacy
