#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/request.hpp"
#include "http/response.hpp"

namespace vern::api {

/// The request body as a JSON object; throws vern::Error (kBadRequest) when it is not one.
nlohmann::json parse_object(const http::Request& request);

/// A string member: absent gives `fallback`; any other type is a 422 naming the field.
std::string string_field(const nlohmann::json& body, const std::string& key,
                         const std::string& fallback = "");
std::optional<std::string> optional_string(const nlohmann::json& body, const std::string& key);

/// A JSON response; invalid UTF-8 in stored text is replaced rather than thrown on.
http::Response json_response(int status, const nlohmann::ordered_json& body);

/// The ?limit= of a list: default 50, 1..500; anything else is a 422.
int list_limit(const http::Request& request);

/// An id from the path; not a positive integer gives 404.
long long path_id(const http::Request& request, const std::string& name = "id");

}  // namespace vern::api
