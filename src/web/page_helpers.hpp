#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "http/request.hpp"

namespace vern::web {

// Small pieces every page handler needs, in one place.

/// The id in the path parameter `name`; anything but a positive whole number is a 404 that says
/// "No such <what>."
long long path_id(const http::Request& request, const std::string& what,
                  const std::string& name = "id");

/// The field errors of an invalid-input error as {field: message}, for showing beside inputs.
nlohmann::json field_messages(const Error& error);

/// An error for a page's error box: {"error": what, "messages": ["field: message", ...]}.
nlohmann::json error_model(const Error& error);

/// A text of the staff UI in the request's language.
std::string text(const http::Request& request, const std::string& key);

}  // namespace vern::web
