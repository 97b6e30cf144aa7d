#include "web/page_helpers.hpp"

#include "common/i18n.hpp"

namespace vern::web {

nlohmann::json field_messages(const Error& error) {
  nlohmann::json messages = nlohmann::json::object();
  for (const auto& field_error : error.field_errors()) {
    messages[field_error.field] = field_error.message;
  }
  return messages;
}

std::string text(const http::Request& request, const std::string& key) {
  return i18n::text(request.context.locale, key);
}

nlohmann::json error_model(const Error& error) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& field_error : error.field_errors()) {
    messages.push_back(field_error.field + ": " + field_error.message);
  }
  return {{"error", error.what()}, {"messages", messages}};
}

}  // namespace vern::web
