#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace vern::http {

using Handler = std::function<Response(Request&)>;

/// Maps a method and a path pattern ("/api/v1/users/{id}") to a handler. Segments in braces
/// capture into Request::path_params.
class Router {
 public:
  void add(Method method, std::string pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;
    std::string pattern;
    bool path_known = false;  // the path matched some route, for 405 against 404
  };
  /// Finds the handler; fills request.path_params.
  Match match(Request& request) const;

  /// Every route's method and pattern, in the order added (for checking the API description).
  std::vector<std::pair<Method, std::string>> routes() const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace vern::http
