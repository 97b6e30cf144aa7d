#include "api/json_io.hpp"

#include <algorithm>
#include <charconv>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"

namespace vern::api {

void reject_unknown(const nlohmann::json& body, std::initializer_list<std::string_view> known) {
  FieldErrors errors;
  add_unknown_members(body, known, errors);
  errors.throw_if_any();
}

std::optional<bool> optional_bool(const nlohmann::json& body, const std::string& key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_boolean()) {
    throw Error::invalid_field(key, "Must be true or false.");
  }
  return it->get<bool>();
}

void add_unknown_members(const nlohmann::json& body, std::initializer_list<std::string_view> known,
                         FieldErrors& errors, std::string_view message) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      errors.add(key, std::string(message));
    }
  }
}
nlohmann::json parse_object(const http::Request& request) {
  if (request.body.empty()) {
    throw Error(ErrorKind::kBadRequest, "The request needs a JSON object as its body.");
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    throw Error(ErrorKind::kBadRequest, "The body is not a JSON object.");
  }
  return body;
}

std::optional<std::string> optional_string(const nlohmann::json& body, const std::string& key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    throw Error::invalid_field(key, "Must be a string.");
  }
  return it->get<std::string>();
}

std::optional<std::string> changed_text(const nlohmann::json& body, const std::string& key,
                                        FieldErrors& errors) {
  const auto it = body.find(key);
  if (it == body.end()) {
    return std::nullopt;
  }
  if (it->is_null()) {
    return std::string();
  }
  if (!it->is_string()) {
    errors.add(key, "Must be a string.");
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::string string_field(const nlohmann::json& body, const std::string& key,
                         const std::string& fallback) {
  return optional_string(body, key).value_or(fallback);
}

nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

nlohmann::ordered_json time_or_null(const std::optional<UnixTime>& time) {
  return time ? nlohmann::ordered_json(format_rfc3339(*time)) : nlohmann::ordered_json(nullptr);
}

std::map<std::string, std::string, std::less<>> text_members(
    const nlohmann::json& body, const std::function<bool(std::string_view)>& is_known,
    const std::string& unknown_message) {
  std::map<std::string, std::string, std::less<>> values;
  FieldErrors errors;
  for (const auto& [key, value] : body.items()) {
    if (!is_known(key)) {
      errors.add(key.substr(0, 100), unknown_message);
    } else if (value.is_null()) {
      values[key] = "";
    } else if (value.is_string()) {
      values[key] = value.get<std::string>();
    } else {
      errors.add(key, "Must be a string or null.");
    }
  }
  errors.throw_if_any();
  return values;
}

http::Response json_response(int status, const nlohmann::ordered_json& body) {
  return http::Response::json(status,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string version_etag(long long version) {
  return text::concat("\"", std::to_string(version), "\"");
}

std::optional<long long> if_match_version(const http::Request& request) {
  std::string text = request.header("if-match");
  if (text.empty()) {
    return std::nullopt;
  }
  if (text.starts_with("W/")) {
    text = text.substr(2);
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  long long version = 0;
  auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || ptr != text.data() + text.size() || version < 1) {
    throw Error(ErrorKind::kBadRequest, "If-Match must hold the version, as in If-Match: \"3\".");
  }
  return version;
}

}  // namespace vern::api
