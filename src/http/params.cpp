#include "http/params.hpp"

#include "common/error.hpp"
#include "common/page.hpp"
#include "common/validation.hpp"

namespace vern::http {

long long path_id(const Request& request, const std::string& what, const std::string& name) {
  const auto id = validation::parse_id(request.path_param(name));
  if (!id) {
    throw Error::not_found("No such " + what + ".");
  }
  return *id;
}

std::optional<long long> integer_param(const Request& request, const std::string& name) {
  return validation::optional_id(request.query_param(name), name);
}

int list_limit(const Request& request) {
  const std::string text = request.query_param("limit");
  if (text.empty()) {
    return kDefaultListLimit;
  }
  const auto value = validation::parse_id(text);
  if (!value || *value > kMaxListLimit) {
    throw Error::invalid_field(
        "limit", "Must be a whole number from 1 to " + std::to_string(kMaxListLimit) + ".");
  }
  return static_cast<int>(*value);
}

}  // namespace vern::http
