#pragma once

#include <array>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace vern::i18n {

/// A language Vern speaks, with its name in itself (for a language switch).
struct Language {
  std::string_view code;
  std::string_view name;
};

/// Every language Vern has a catalogue for, in the order the portal offers them: what the portal,
/// the exports and the e-mails to persons speak. The one list of languages.
inline constexpr std::array<Language, 3> kLanguages = {
    {{"nb", "Norsk"}, {"sv", "Svenska"}, {"en", "English"}}};
/// The languages the staff UI speaks, a part of kLanguages.
inline constexpr std::array<std::string_view, 2> kStaffLocales = {"en", "nb"};
/// The language of any text that has no better one.
inline constexpr std::string_view kDefaultLocale = "en";

/// Whether `code` is one of kLanguages.
bool is_language(std::string_view code);
/// Whether `locale` is one of kStaffLocales.
bool is_staff_locale(std::string_view locale);
/// The codes of kLanguages.
const std::array<std::string_view, kLanguages.size()>& language_codes();

/// The translation catalogue for a locale (assets/i18n/<locale>.json, embedded), falling back to
/// English for a missing locale; keys missing in a catalogue fall back to English too.
const nlohmann::json& catalogue(std::string_view locale);

/// One translated text, or the key itself when no catalogue has it.
std::string text(std::string_view locale, const std::string& key);

}  // namespace vern::i18n
