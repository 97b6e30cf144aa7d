#pragma once

#include <string>

#include "common/error.hpp"
#include "http/response.hpp"

namespace vern::http {

/// The one mapping from an error kind to an HTTP status.
int status_for(ErrorKind kind);

/// The standard reason phrase for a status, e.g. "Not Found".
std::string reason_phrase(int status);

/// An application/problem+json response: {"type","title","status","detail"} plus "errors" for
/// invalid input.
Response problem_response(const Error& error);
Response problem_response(int status, const std::string& detail);

}  // namespace vern::http
