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

nlohmann::json saved_notice(const http::Request& request) {
  nlohmann::json model = nlohmann::json::object();
  if (request.query_param("done") == "1") {
    model["notice"] = text(request, "saved");
  }
  return model;
}

std::string set_form_target(nlohmann::json& model, const http::Request& request,
                            const std::string& path, const std::string& kind, long long id) {
  model["action"] = id > 0 ? "/" + path + "/" + std::to_string(id) + "/edit" : "/" + path + "/new";
  const std::string heading = text(request, kind + (id > 0 ? "_edit" : "_new"));
  model["heading"] = heading;
  return heading;
}

crm::Labels labels_from_form(const http::Request& request, const std::string& prefix) {
  return {request.form_field(prefix + "_en"), request.form_field(prefix + "_nb"),
          request.form_field(prefix + "_sv")};
}

nlohmann::json error_model(const Error& error) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& field_error : error.field_errors()) {
    messages.push_back(field_error.field + ": " + field_error.message);
  }
  return {{"error", error.what()}, {"messages", messages}};
}

}  // namespace vern::web
