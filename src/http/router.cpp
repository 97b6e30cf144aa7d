#include "http/router.hpp"

#include <string_view>
#include <utility>

namespace vern::http {
namespace {

/// "/users/{id}" -> {"users", "{id}"}; "/" -> {""}. A trailing slash makes an empty last segment,
/// so "/users/" and "/users" stay different paths.
std::vector<std::string_view> split_path(std::string_view path) {
  if (path.starts_with('/')) {
    path.remove_prefix(1);
  }
  std::vector<std::string_view> segments;
  while (true) {
    const auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) {
      return segments;
    }
    path.remove_prefix(slash + 1);
  }
}

bool is_capture(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool method_fits(Method route_method, Method request_method) {
  // A HEAD is answered by the GET handler; the server sends the headers only.
  return route_method == request_method ||
         (route_method == Method::kGet && request_method == Method::kHead);
}

/// Whether a candidate route that fits the same path is more specific than the current best.
bool beats(const std::vector<std::string>& candidate, Method candidate_method,
           const std::vector<std::string>& current, Method current_method) {
  // The leftmost segment where one route is literal and the other captures decides:
  // "/users/new" beats "/users/{id}". Among equals, the route added first stays.
  for (std::size_t i = 0; i < candidate.size() && i < current.size(); ++i) {
    const bool candidate_literal = !is_capture(candidate[i]);
    const bool current_literal = !is_capture(current[i]);
    if (candidate_literal != current_literal) {
      return candidate_literal;
    }
  }
  // An exact HEAD route beats a GET route standing in for it.
  return candidate_method == Method::kHead && current_method == Method::kGet;
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler) {
  std::vector<std::string> segments;
  for (const auto segment : split_path(pattern)) {
    segments.emplace_back(segment);
  }
  routes_.push_back(Route{method, std::move(pattern), std::move(segments), std::move(handler)});
}

Router::Match Router::match(Request& request) const {
  // Split the raw path when the server gave one, so an encoded "/" (%2F) stays inside its
  // segment; each segment is decoded exactly once.
  const std::string_view source = request.raw_path.empty() ? request.path : request.raw_path;
  std::vector<std::string> segments;
  for (const auto segment : split_path(source)) {
    segments.push_back(url_decode_path(segment));
  }

  Match result;
  const Route* best = nullptr;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) {
      continue;
    }
    bool fits = true;
    for (std::size_t i = 0; i < segments.size() && fits; ++i) {
      fits = is_capture(route.segments[i]) || route.segments[i] == segments[i];
    }
    if (!fits) {
      continue;
    }
    result.path_known = true;
    if (!method_fits(route.method, request.method)) {
      continue;
    }
    if (best == nullptr || beats(route.segments, route.method, best->segments, best->method)) {
      best = &route;
    }
  }
  if (best == nullptr) {
    return result;
  }

  request.path_params.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& segment = best->segments[i];
    if (is_capture(segment)) {
      request.path_params[segment.substr(1, segment.size() - 2)] = std::move(segments[i]);
    }
  }
  result.handler = &best->handler;
  result.pattern = best->pattern;
  return result;
}

std::vector<std::pair<Method, std::string>> Router::routes() const {
  std::vector<std::pair<Method, std::string>> all;
  for (const Route& route : routes_) {
    all.emplace_back(route.method, route.pattern);
  }
  return all;
}

}  // namespace vern::http
