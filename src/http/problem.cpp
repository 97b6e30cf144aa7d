#include "http/problem.hpp"

#include <nlohmann/json.hpp>

namespace vern::http {

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadRequest:
      return 400;
    case ErrorKind::kUnauthorized:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kGone:
      return 410;
    case ErrorKind::kPreconditionFailed:
      return 412;
    case ErrorKind::kTooLarge:
      return 413;
    case ErrorKind::kInvalid:
      return 422;
    case ErrorKind::kThrottled:
      return 429;
    case ErrorKind::kUnavailable:
      return 503;
  }
  return 500;
}

std::string reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

namespace {

Response make_problem(int status, const std::string& detail,
                      const std::vector<FieldError>& errors) {
  nlohmann::ordered_json body;
  body["type"] = "about:blank";
  body["title"] = reason_phrase(status);
  body["status"] = status;
  body["detail"] = detail;
  if (!errors.empty()) {
    auto& list = body["errors"] = nlohmann::ordered_json::array();
    for (const FieldError& error : errors) {
      list.push_back({{"field", error.field}, {"message", error.message}});
    }
  }
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace

Response problem_response(const Error& error) {
  return make_problem(status_for(error.kind()), error.what(), error.field_errors());
}

Response problem_response(int status, const std::string& detail) {
  return make_problem(status, detail, {});
}

}  // namespace vern::http
