#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace vern::i18n {

/// The languages the staff UI speaks.
inline constexpr std::string_view kDefaultLocale = "en";
bool is_staff_locale(std::string_view locale);

/// The translation catalogue for a locale (assets/i18n/<locale>.json, embedded), falling back to
/// English for a missing locale; keys missing in a catalogue fall back to English too.
const nlohmann::json& catalogue(std::string_view locale);

/// One translated text, or the key itself when no catalogue has it.
std::string text(std::string_view locale, const std::string& key);

}  // namespace vern::i18n
