#include "web/static_files.hpp"

#include <map>
#include <mutex>

#include "common/assets.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/text.hpp"

namespace vern::web {
namespace {

std::string content_type_for(const std::string& name) {
  auto ends = [&name](std::string_view suffix) { return name.ends_with(suffix); };
  if (ends(".css")) {
    return "text/css; charset=utf-8";
  }
  if (ends(".js")) {
    return "text/javascript; charset=utf-8";
  }
  if (ends(".svg")) {
    return "image/svg+xml";
  }
  if (ends(".png")) {
    return "image/png";
  }
  if (ends(".json")) {
    return "application/json";
  }
  return "application/octet-stream";
}

http::Response serve_asset(const http::Request& request, const std::string& name) {
  auto content = assets::find("static/" + name);
  if (!content || name.find("..") != std::string::npos) {
    throw Error::not_found("No such file.");
  }
  // Assets are fixed per build, so each one's hash is computed once.
  static std::mutex mutex;
  static std::map<std::string, std::string> etags;
  std::string etag;
  {
    const std::lock_guard lock(mutex);
    auto& cached = etags[name];
    if (cached.empty()) {
      cached =
          text::concat("\"", std::string_view(crypto::sha256_hex(*content)).substr(0, 32), "\"");
    }
    etag = cached;
  }
  http::Response response;
  if (request.header("if-none-match") == etag) {
    response.status = 304;
  } else {
    response.content_type = content_type_for(name);
    response.body = std::string(*content);
  }
  response.header("ETag", etag);
  response.header("Cache-Control", "public, max-age=86400");
  return response;
}

}  // namespace

void register_static_files(http::Pipeline& pipeline) {
  pipeline.add(
      http::Method::kGet, "/static/{file}", http::Access::kPublic,
      [](http::Request& request) { return serve_asset(request, request.path_param("file")); });
  pipeline.add(http::Method::kGet, "/favicon.ico", http::Access::kPublic,
               [](http::Request& request) { return serve_asset(request, "favicon.svg"); });
}

}  // namespace vern::web
