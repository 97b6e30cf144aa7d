#include "api/consents_api.hpp"

#include <algorithm>
#include <initializer_list>

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

using nlohmann::ordered_json;

ordered_json type_json(const consent::ConsentType& type) {
  return {{"key", type.key},
          {"names", crm::labels_to_json(type.names)},
          {"purposes", crm::labels_to_json(type.purposes)},
          {"legal_basis", consent::to_string(type.legal_basis)},
          {"active", type.active},
          {"portal_changeable", type.portal_changeable},
          {"text_version", type.text_version},
          {"created_at", format_rfc3339(type.created_at)},
          {"updated_at", format_rfc3339(type.updated_at)}};
}

ordered_json event_json(const consent::ConsentEvent& event, const crm::Labels* purposes = nullptr) {
  ordered_json json = {{"id", event.id},
                       {"consent_type", event.consent_type},
                       {"granted", event.granted},
                       {"text_version", event.text_version},
                       {"source", consent::to_string(event.source)},
                       {"note", text_or_null(event.note)},
                       {"actor", event.actor},
                       {"occurred_at", format_rfc3339(event.occurred_at)}};
  if (purposes != nullptr) {
    json["purposes"] = crm::labels_to_json(*purposes);  // the words of that text version
  }
  return json;
}

ordered_json current_json(const consent::CurrentConsent& current) {
  ordered_json json = {{"consent_type", current.type.key},
                       {"names", crm::labels_to_json(current.type.names)},
                       {"active", current.type.active},
                       {"state", consent::to_string(current.state)},
                       {"since", nullptr},
                       {"text_version", nullptr},
                       {"source", nullptr},
                       {"actor", nullptr}};
  if (current.latest) {
    json["since"] = format_rfc3339(current.latest->occurred_at);
    json["text_version"] = current.latest->text_version;
    json["source"] = consent::to_string(current.latest->source);
    json["actor"] = current.latest->actor;
  }
  return json;
}

std::optional<consent::LegalBasis> legal_basis(const nlohmann::json& body) {
  const auto text = optional_string(body, "legal_basis");
  if (!text) {
    return std::nullopt;
  }
  const auto basis = consent::parse_legal_basis(*text);
  if (!basis) {
    throw Error::invalid_field("legal_basis", "Must be a letter of Art. 6(1): a, b, c, d, e or f.");
  }
  return basis;
}

std::optional<crm::Labels> optional_labels(const nlohmann::json& body, const std::string& key) {
  const auto it = body.find(key);
  if (it == body.end()) {
    return std::nullopt;
  }
  return crm::labels_from_json(*it, key);
}

}  // namespace

void register_consents_api(http::Pipeline& pipeline, consent::ConsentService& consents) {
  pipeline.add(http::Method::kGet, "/api/v1/consent-types", http::Access::kStaff,
               [&consents](http::Request& request) {
                 ordered_json items = ordered_json::array();
                 for (const auto& type : consents.list_types(*request.context.actor)) {
                   items.push_back(type_json(type));
                 }
                 return json_response(200, {{"items", items}});
               });
  pipeline.add(
      http::Method::kPost, "/api/v1/consent-types", http::Access::kStaff,
      [&consents](http::Request& request) {
        const nlohmann::json body = parse_object(request);
        reject_unknown(body,
                       {"key", "names", "purposes", "legal_basis", "active", "portal_changeable"});
        consent::NewConsentType input;
        input.key = string_field(body, "key");
        input.names = optional_labels(body, "names").value_or(crm::Labels{});
        input.purposes = optional_labels(body, "purposes").value_or(crm::Labels{});
        input.legal_basis = legal_basis(body);
        input.active = optional_bool(body, "active").value_or(true);
        input.portal_changeable = optional_bool(body, "portal_changeable").value_or(false);
        return json_response(201, type_json(consents.create_type(*request.context.actor, input)));
      });
  pipeline.add(http::Method::kGet, "/api/v1/consent-types/{key}", http::Access::kStaff,
               [&consents](http::Request& request) {
                 const auto [type, texts] =
                     consents.get_type(*request.context.actor, request.path_param("key"));
                 ordered_json versions = ordered_json::array();
                 for (const auto& text : texts) {
                   versions.push_back({{"text_version", text.version},
                                       {"purposes", crm::labels_to_json(text.purposes)},
                                       {"created_at", format_rfc3339(text.created_at)}});
                 }
                 ordered_json json = type_json(type);
                 json["versions"] = versions;
                 return json_response(200, json);
               });
  pipeline.add(
      http::Method::kPatch, "/api/v1/consent-types/{key}", http::Access::kStaff,
      [&consents](http::Request& request) {
        const nlohmann::json body = parse_object(request);
        reject_unknown(body, {"names", "purposes", "legal_basis", "active", "portal_changeable"});
        consent::ConsentTypeChanges changes;
        changes.names = optional_labels(body, "names");
        changes.purposes = optional_labels(body, "purposes");
        changes.legal_basis = legal_basis(body);
        changes.active = optional_bool(body, "active");
        changes.portal_changeable = optional_bool(body, "portal_changeable");
        return json_response(200, type_json(consents.update_type(
                                      *request.context.actor, request.path_param("key"), changes)));
      });
  pipeline.add(
      http::Method::kDelete, "/api/v1/consent-types/{key}", http::Access::kStaff,
      [&consents](http::Request& request) {
        const std::string key = request.path_param("key");
        if (consents.remove_type(*request.context.actor, key) == consent::Removal::kDeleted) {
          return http::Response::no_content();
        }
        // Consents were given under it: it is kept, inactive, as their proof.
        const auto [type, texts] = consents.get_type(*request.context.actor, key);
        return json_response(200, type_json(type));
      });

  pipeline.add(http::Method::kGet, "/api/v1/persons/{id}/consents", http::Access::kStaff,
               [&consents](http::Request& request) {
                 const auto found = consents.of_person(*request.context.actor, path_id(request));
                 ordered_json current = ordered_json::array();
                 for (const auto& each : found.current) {
                   current.push_back(current_json(each));
                 }
                 ordered_json events = ordered_json::array();
                 for (const auto& event : found.events) {
                   events.push_back(event_json(event, &found.text_of(event)));
                 }
                 return json_response(200, {{"current", current}, {"events", events}});
               });
  pipeline.add(
      http::Method::kPost, "/api/v1/persons/{id}/consents", http::Access::kStaff,
      [&consents](http::Request& request) {
        const nlohmann::json body = parse_object(request);
        reject_unknown(body, {"consent_type", "granted", "source", "note"});
        consent::NewConsentEvent input;
        input.consent_type = string_field(body, "consent_type");
        const auto granted = optional_bool(body, "granted");
        if (!granted) {
          throw Error::invalid_field("granted", "Give true to grant or false to withdraw.");
        }
        input.granted = *granted;
        // Through the API a consent comes from the caller's system or a web form; the portal
        // and the importer record their own.
        const std::string source = string_field(body, "source", "api");
        if (source != "api" && source != "form") {
          throw Error::invalid_field("source", "Must be \"api\" or \"form\".");
        }
        input.source = *consent::parse_source(source);
        input.note = string_field(body, "note");
        return json_response(
            201, event_json(consents.record(*request.context.actor, path_id(request), input)));
      });
}

}  // namespace vern::api
