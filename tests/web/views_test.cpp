#include "web/views.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vern::web {
namespace {

const nlohmann::json& texts_a() {
  static const nlohmann::json kTexts = {{"p_contact", "Write to"}, {"skip_to_content", "Skip"}};
  return kTexts;
}

const nlohmann::json& texts_b() {
  static const nlohmann::json kTexts = {{"p_contact", "Skriv til"}, {"skip_to_content", "Hopp"}};
  return kTexts;
}

TEST(Views, RendersThePageInsideTheLayoutWithTheGivenTexts) {
  const nlohmann::json data = {
      {"lang", "en"}, {"title", "Hello"}, {"heading", "A <b>heading</b>"}, {"contact", "a@b.no"}};
  const std::string html = Views::render_in("portal_message", "portal_layout", data, &texts_a());
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("<h1>A &lt;b&gt;heading&lt;/b&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("Write to: <a href=\"mailto:a@b.no\">"), std::string::npos);
  EXPECT_NE(html.find(">Skip</a>"), std::string::npos);
  // The page's HTML goes into the layout once, unescaped.
  EXPECT_EQ(html.find("&lt;h1&gt;"), std::string::npos);
}

TEST(Views, EachCatalogueKeepsItsOwnTexts) {
  const nlohmann::json data = {{"heading", "H"}, {"contact", "a@b.no"}};
  EXPECT_NE(Views::render("portal_message", data, &texts_a()).find("Write to:"), std::string::npos);
  EXPECT_NE(Views::render("portal_message", data, &texts_b()).find("Skriv til:"),
            std::string::npos);
  EXPECT_NE(Views::render("portal_message", data, &texts_a()).find("Write to:"), std::string::npos);
}

TEST(Views, TextsAreEscapedAndNeverReadAsTemplates) {
  static const nlohmann::json kTexts = {{"p_contact", "<Write> & \"ask\" {{heading}}"},
                                        {"skip_to_content", "Skip"}};
  const nlohmann::json data = {{"heading", "H"}, {"contact", "a@b.no"}};
  const std::string html = Views::render("portal_message", data, &kTexts);
  EXPECT_NE(html.find("&lt;Write&gt; &amp; &quot;ask&quot; {{heading}}:"), std::string::npos);
}

TEST(Views, WithoutTextsATextTagIsEmptyAndEmptyValuesAreFalse) {
  const nlohmann::json data = {{"heading", "H"}, {"text", ""}, {"contact", "a@b.no"}};
  const std::string html = Views::render("portal_message", data);
  EXPECT_NE(html.find("<p>: <a href"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"lead\"></p>"), std::string::npos);
}

TEST(Views, APartialRendersInTheContextWhereItIsUsed) {
  // person_form includes partials/person_inputs inside its form; an input's values come from the
  // list item the partial is rendered for.
  const nlohmann::json data = {
      {"inputs",
       {{{"id", "f-first_name"}, {"label", "First name"}, {"value", "Åse"}, {"is_input", true}}}},
      {"csrf", "c"}};
  const std::string html = Views::render("person_form", data);
  EXPECT_NE(html.find("Åse"), std::string::npos);
  EXPECT_NE(html.find("First name"), std::string::npos);
  EXPECT_EQ(html.find("{{"), std::string::npos);
}

}  // namespace
}  // namespace vern::web
