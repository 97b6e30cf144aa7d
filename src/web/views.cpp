#include "web/views.hpp"

#include <map>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "common/assets.hpp"
#include "common/i18n.hpp"
#include "http/problem.hpp"

namespace vern::web {
namespace {

namespace mustache = kainjow::mustache;

mustache::data to_mustache(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) {
        object.set(key, to_mustache(item));
      }
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : value) {
        list.push_back(to_mustache(item));
      }
      return list;
    }
    case nlohmann::json::value_t::boolean:
      return mustache::data(value.get<bool>());
    case nlohmann::json::value_t::string:
      // An empty string is falsy, as in JavaScript's Mustache: {{#notice}} hides an empty notice.
      return value.get_ref<const std::string&>().empty() ? mustache::data(false)
                                                         : mustache::data(value.get<std::string>());
    case nlohmann::json::value_t::null:
      return mustache::data(false);
    default:
      return mustache::data(value.dump());
  }
}

/// Compiled templates, one set per thread: kainjow's render() is not const.
mustache::mustache& compiled(std::string_view name) {
  thread_local std::map<std::string, mustache::mustache, std::less<>> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    const std::string path = "templates/" + std::string(name) + ".mustache";
    it = cache.emplace(std::string(name), mustache::mustache(std::string(assets::get(path)))).first;
    if (!it->second.is_valid()) {
      throw std::logic_error("template " + path + ": " + it->second.error_message());
    }
  }
  return it->second;
}

void add_partials(mustache::data& data) {
  for (const assets::Asset& asset : assets::all()) {
    constexpr std::string_view kPrefix = "templates/partials/";
    constexpr std::string_view kSuffix = ".mustache";
    if (asset.path.starts_with(kPrefix) && asset.path.ends_with(kSuffix)) {
      std::string name(
          asset.path.substr(kPrefix.size(), asset.path.size() - kPrefix.size() - kSuffix.size()));
      std::string text(asset.content);
      data.set(name, mustache::partial([text] { return text; }));
    }
  }
}

nlohmann::json page_context(const http::Request& request, const std::string& title) {
  const http::RequestContext& context = request.context;
  nlohmann::json model;
  model["t"] = i18n::catalogue(context.locale);
  model["locale"] = context.locale;
  model["title"] = title;
  model["csrf"] = context.csrf_token;
  if (context.actor) {
    const auto role = context.actor->role;
    model["user"] = {{"name", context.actor->name},
                     {"display_name", context.display_name},
                     {"is_admin", role == auth::Role::kAdmin},
                     {"is_privacy", role != auth::Role::kUser}};
  }
  model["is_" + std::string(context.locale)] = true;
  return model;
}

}  // namespace

std::string Views::render(std::string_view template_name, const nlohmann::json& data) {
  mustache::data root = to_mustache(data);
  add_partials(root);
  return compiled(template_name).render(root);
}

http::Response Views::page(const http::Request& request, std::string_view page,
                           const std::string& title, nlohmann::json model, int status) const {
  nlohmann::json context = page_context(request, title);
  for (auto& [key, value] : model.items()) {
    context[key] = value;
  }
  context["content"] = render(page, context);
  return http::Response::html(status, render("layout", context));
}

http::Response Views::error(const http::Request& request, int status,
                            const std::string& message) const {
  nlohmann::json model;
  model["status"] = status;
  model["reason"] = http::reason_phrase(status);
  model["message"] = message;
  model["is_login_needed"] = status == 401;
  return page(request, "error", http::reason_phrase(status), std::move(model), status);
}

}  // namespace vern::web
