#include "web/views.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "common/assets.hpp"
#include "common/i18n.hpp"
#include "http/problem.hpp"

namespace vern::web {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kTemplateDir = "templates/";
constexpr std::string_view kPartialDir = "templates/partials/";
constexpr std::string_view kTemplateSuffix = ".mustache";
constexpr int kMaxPartialDepth = 8;
const std::string kContent = "content";

/// kainjow's set() and push_back() copy their argument, and every level of a nested value would
/// copy everything under it again: a cheap placeholder goes in and the value is moved into it.
mustache::data& placeholder(mustache::data& container, const std::string* key) {
  if (key != nullptr) {
    container.set(*key, mustache::data(false));
    return const_cast<mustache::data&>(*container.get(*key));  // NOLINT: owned, not const
  }
  container.push_back(mustache::data(false));
  return const_cast<mustache::data&>(container.list_value().back());  // NOLINT: as above
}

mustache::data to_mustache(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) {
        placeholder(object, &key) = to_mustache(item);
      }
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : value) {
        placeholder(list, nullptr) = to_mustache(item);
      }
      return list;
    }
    case nlohmann::json::value_t::boolean:
      return mustache::data(value.get<bool>());
    case nlohmann::json::value_t::string:
      // An empty string is falsy, as in JavaScript's Mustache: {{#notice}} hides an empty notice.
      return value.get_ref<const std::string&>().empty()
                 ? mustache::data(false)
                 : mustache::data(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::null:
      return mustache::data(false);
    default:
      return mustache::data(value.dump());
  }
}

/// `text` with each tag that begins with `opening` replaced by `replace(inner, tag, open)`:
/// `inner` lies between `opening` and the tag's `}}`, `tag` is the whole tag and `open` where it
/// starts in `text`. An unclosed tag and what follows it are left as they are, for kainjow to
/// report.
template <typename Replace>
std::string replace_tags(std::string_view text, std::string_view opening, Replace replace) {
  std::string replaced;
  replaced.reserve(text.size());
  std::size_t position = 0;
  for (;;) {
    const std::size_t open = text.find(opening, position);
    if (open == std::string_view::npos) {
      break;
    }
    const std::size_t close = text.find("}}", open);
    if (close == std::string_view::npos) {
      break;
    }
    replaced.append(text.substr(position, open - position));
    position = close + 2;
    replaced.append(replace(text.substr(open + opening.size(), close - open - opening.size()),
                            text.substr(open, position - open), open));
  }
  replaced.append(text.substr(position));
  return replaced;
}

/// `text` with every `{{> name}}` replaced by templates/partials/<name>.mustache, itself expanded.
/// kainjow would parse a partial again at every use (once per row inside a list); a partial
/// renders in the context where it appears, so putting its text there renders the same.
std::string expand_partials(std::string_view text, int depth) {
  if (depth > kMaxPartialDepth) {
    throw std::logic_error("templates: partials nested deeper than " +
                           std::to_string(kMaxPartialDepth) + " (a partial includes itself?)");
  }
  return replace_tags(text, "{{>", [depth](std::string_view name, std::string_view, std::size_t) {
    name.remove_prefix(std::min(name.find_first_not_of(' '), name.size()));
    name.remove_suffix(name.size() - std::min(name.find_last_not_of(' ') + 1, name.size()));
    const std::string path =
        std::string(kPartialDir) + std::string(name) + std::string(kTemplateSuffix);
    return expand_partials(assets::get(path), depth + 1);
  });
}

/// `text` with each `{{t.key}}` replaced by the text of `key` in `texts`, escaped as Mustache
/// would: looking each one up at every rendering was a good part of a page's time. A text that
/// itself looks like a tag, or a key `texts` lacks, is left to be looked up when rendering.
std::string put_texts(std::string_view text, const nlohmann::json& texts) {
  return replace_tags(
      text, "{{t.", [&](std::string_view key, std::string_view tag, std::size_t open) {
        const bool triple = open > 0 && text[open - 1] == '{';
        const auto found = texts.find(key);
        if (triple || found == texts.end() || !found->is_string()) {
          return std::string(tag);
        }
        const auto& value = found->get_ref<const std::string&>();
        if (value.find("{{") != std::string::npos || value.find("}}") != std::string::npos) {
          return std::string(tag);
        }
        return mustache::html_escape(value);
      });
}

/// Compiled templates, one set per thread (kainjow's render() is not const) and catalogue.
mustache::mustache& compiled(std::string_view name, const nlohmann::json* texts) {
  using Key = std::pair<std::string, const nlohmann::json*>;
  thread_local std::map<Key, mustache::mustache> cache;
  Key key{std::string(name), texts};
  auto it = cache.find(key);
  if (it == cache.end()) {
    const std::string path =
        std::string(kTemplateDir) + std::string(name) + std::string(kTemplateSuffix);
    std::string text = expand_partials(assets::get(path), 0);
    if (texts != nullptr) {
      text = put_texts(text, *texts);
    }
    it = cache.emplace(std::move(key), mustache::mustache(text)).first;
    if (!it->second.is_valid()) {
      throw std::logic_error("template " + path + ": " + it->second.error_message());
    }
  }
  return it->second;
}

/// `{"t": texts}` converted once per thread, for the texts put_texts left to be looked up: a
/// catalogue has hundreds of texts and every page would otherwise copy them all. Keyed by address,
/// so `texts` must live as long as the program.
const mustache::data& texts_layer(const nlohmann::json* texts) {
  thread_local std::map<const nlohmann::json*, std::unique_ptr<mustache::data>> cache;
  std::unique_ptr<mustache::data>& layer = cache[texts];
  if (!layer) {
    layer = std::make_unique<mustache::data>(mustache::data::type::object);
    if (texts != nullptr) {
      layer->set("t", to_mustache(*texts));
    }
  }
  return *layer;
}

/// Renders `names` in turn with one conversion of `data`: each rendering but the last is set as
/// `content` for the next (a page, then the layout around it).
std::string render_chain(std::initializer_list<std::string_view> names, const nlohmann::json& data,
                         const nlohmann::json* texts) {
  mustache::data root = to_mustache(data);
  mustache::context<std::string> context(&texts_layer(texts));
  context.push(&root);
  std::string rendered;
  bool first = true;
  for (const std::string_view name : names) {
    if (!first) {
      placeholder(root, &kContent) = mustache::data(rendered);
    }
    first = false;
    mustache::mustache& view = compiled(name, texts);
    rendered = view.render(context);
    if (!view.is_valid()) {
      throw std::logic_error("template " + std::string(name) + ": " + view.error_message());
    }
  }
  return rendered;
}

nlohmann::json page_context(const http::Request& request, const std::string& title) {
  const http::RequestContext& context = request.context;
  nlohmann::json model;
  model["locale"] = context.locale;
  model["title"] = title;
  model["csrf"] = context.csrf_token;
  if (context.actor) {
    const auto role = context.actor->role;
    model["user"] = {{"name", context.actor->name},
                     {"display_name", context.display_name},
                     {"is_admin", role == Role::kAdmin},
                     {"is_privacy", role != Role::kUser}};
  }
  model["is_" + std::string(context.locale)] = true;
  return model;
}

}  // namespace

std::string Views::render(std::string_view template_name, const nlohmann::json& data,
                          const nlohmann::json* texts) {
  return render_chain({template_name}, data, texts);
}

std::string Views::render_in(std::string_view page, std::string_view layout,
                             const nlohmann::json& data, const nlohmann::json* texts) {
  return render_chain({page, layout}, data, texts);
}

http::Response Views::page(const http::Request& request, std::string_view page,
                           const std::string& title, nlohmann::json model, int status) const {
  nlohmann::json context = page_context(request, title);
  for (auto& [key, value] : model.items()) {
    context[key] = std::move(value);
  }
  return http::Response::html(
      status, render_in(page, "layout", context, &i18n::catalogue(request.context.locale)));
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
