#include "common/i18n.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "common/assets.hpp"

namespace vern::i18n {
namespace {

nlohmann::json load(std::string_view locale) {
  auto content = assets::find("i18n/" + std::string(locale) + ".json");
  if (!content) {
    return nlohmann::json::object();
  }
  return nlohmann::json::parse(*content);
}

/// Every catalogue, each completed with the English texts it lacks.
const std::map<std::string, nlohmann::json, std::less<>>& catalogues() {
  static const auto kCatalogues = [] {
    std::map<std::string, nlohmann::json, std::less<>> all;
    const nlohmann::json english = load("en");
    for (const Language& language : kLanguages) {
      nlohmann::json merged = english;
      merged.update(load(language.code));
      all.emplace(language.code, std::move(merged));
    }
    return all;
  }();
  return kCatalogues;
}

}  // namespace

bool is_language(std::string_view code) {
  return std::any_of(kLanguages.begin(), kLanguages.end(),
                     [code](const Language& language) { return language.code == code; });
}

bool is_staff_locale(std::string_view locale) {
  return std::find(kStaffLocales.begin(), kStaffLocales.end(), locale) != kStaffLocales.end();
}

const std::array<std::string_view, kLanguages.size()>& language_codes() {
  static const auto kCodes = [] {
    std::array<std::string_view, kLanguages.size()> codes;
    std::transform(kLanguages.begin(), kLanguages.end(), codes.begin(),
                   [](const Language& language) { return language.code; });
    return codes;
  }();
  return kCodes;
}

const nlohmann::json& catalogue(std::string_view locale) {
  const auto& all = catalogues();
  auto it = all.find(locale);
  return it != all.end() ? it->second : all.find(kDefaultLocale)->second;
}

std::string text(std::string_view locale, const std::string& key) {
  const nlohmann::json& texts = catalogue(locale);
  auto it = texts.find(key);
  return it != texts.end() && it->is_string() ? it->get<std::string>() : key;
}

}  // namespace vern::i18n
