#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/request.hpp"
#include "http/response.hpp"

namespace vern::web {

/// Renders the Mustache templates under assets/templates. View models are JSON; every page also
/// gets `t` (the translations for the request's locale), `user`, `csrf` and the navigation.
class Views {
 public:
  /// A whole page: `page` (templates/<page>.mustache) inside templates/layout.mustache.
  http::Response page(const http::Request& request, std::string_view page, const std::string& title,
                      nlohmann::json model, int status = 200) const;

  /// The styled error page.
  http::Response error(const http::Request& request, int status, const std::string& message) const;

  /// Renders one template with `data` (partials under templates/partials are available). `texts`,
  /// when given, is seen as `t`: a catalogue that lives as long as the program (it is converted
  /// once per thread and kept, by address).
  static std::string render(std::string_view template_name, const nlohmann::json& data,
                            const nlohmann::json* texts = nullptr);

  /// Renders `page`, then `layout` with the same data and the page's HTML as `content`.
  static std::string render_in(std::string_view page, std::string_view layout,
                               const nlohmann::json& data, const nlohmann::json* texts);
};

}  // namespace vern::web
