#pragma once

#include <optional>
#include <string>

#include "http/request.hpp"

namespace vern::http {

/// The id in the path parameter `name`; anything but a positive whole number is a 404 that says
/// "No such <what>."
long long path_id(const Request& request, const std::string& what = "id",
                  const std::string& name = "id");

/// A positive whole number from the query string (?name=); absent gives nothing, anything else
/// is a 422 naming the parameter.
std::optional<long long> integer_param(const Request& request, const std::string& name);

/// The ?limit= of a list: kDefaultListLimit when absent, 1 .. kMaxListLimit; anything else is a
/// 422 naming "limit".
int list_limit(const Request& request);

}  // namespace vern::http
