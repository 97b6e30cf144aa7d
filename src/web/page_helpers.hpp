#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "http/params.hpp"
#include "http/request.hpp"

namespace vern::web {

// Small pieces every page handler needs, in one place.

/// The field errors of an invalid-input error as {field: message}, for showing beside inputs.
nlohmann::json field_messages(const Error& error);

/// An error for a page's error box: {"error": what, "messages": ["field: message", ...]}.
nlohmann::json error_model(const Error& error);

/// A text of the staff UI in the request's language.
std::string text(const http::Request& request, const std::string& key);

}  // namespace vern::web
