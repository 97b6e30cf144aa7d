#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/error.hpp"
#include "http/params.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace vern::api {

/// The request body as a JSON object; throws vern::Error (kBadRequest) when it is not one.
nlohmann::json parse_object(const http::Request& request);

/// A string member: absent gives `fallback`; any other type is a 422 naming the field.
std::string string_field(const nlohmann::json& body, const std::string& key,
                         const std::string& fallback = "");
std::optional<std::string> optional_string(const nlohmann::json& body, const std::string& key);

/// A member of a merge patch: absent gives nothing (unchanged), null gives "" (cleared), a
/// string itself; any other type adds an error naming the member and gives nothing.
std::optional<std::string> changed_text(const nlohmann::json& body, const std::string& key,
                                        FieldErrors& errors);

/// Adds `message` as an error for each member of `body` not named in `known`.
void add_unknown_members(const nlohmann::json& body, std::initializer_list<std::string_view> known,
                         FieldErrors& errors, std::string_view message = "No such field.");

/// add_unknown_members, thrown at once.
void reject_unknown(const nlohmann::json& body, std::initializer_list<std::string_view> known);

/// A boolean member; absent or null gives nothing, any other type is a 422 naming the field.
std::optional<bool> optional_bool(const nlohmann::json& body, const std::string& key);

/// Text as the API shows it: empty text is null.
nlohmann::ordered_json text_or_null(const std::string& text);

/// A time as the API shows it: RFC 3339, or null when there is none.
nlohmann::ordered_json time_or_null(const std::optional<UnixTime>& time);

/// The members of a create or merge-patch body whose values are all text: a string sets the
/// member, null clears it (""). Each member `is_known` rejects and each of the wrong type is named
/// in one kInvalid error.
std::map<std::string, std::string, std::less<>> text_members(
    const nlohmann::json& body, const std::function<bool(std::string_view)>& is_known,
    const std::string& unknown_message);

/// A JSON response; invalid UTF-8 in stored text is replaced rather than thrown on.
http::Response json_response(int status, const nlohmann::ordered_json& body);

/// The ETag of a versioned resource: its version in quotes ("3").
std::string version_etag(long long version);

/// The version in an If-Match header ("3", 3 or W/"3"); none when absent; a malformed one is 400.
std::optional<long long> if_match_version(const http::Request& request);

}  // namespace vern::api
