#include "web/field_pages.hpp"

#include <charconv>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/text.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr std::string_view kTypes[] = {"text",   "long_text",    "number", "date",  "boolean",
                                       "option", "multi_option", "email",  "phone", "url"};

/// Options typed one per line as "value" or "value = label".
std::vector<crm::FieldOption> options_from_text(const std::string& text) {
  std::vector<crm::FieldOption> options;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto equals = line.find('=');
    crm::FieldOption option;
    option.value = text::trim(line.substr(0, equals));
    option.labels.en = equals == std::string::npos
                           ? option.value
                           : std::string(text::trim(line.substr(equals + 1)));
    if (!option.value.empty()) {
      options.push_back(std::move(option));
    }
  }
  return options;
}

http::Response fields_page(const Views& views, const http::Request& request,
                           crm::FieldService& fields, nlohmann::json model, int status) {
  const std::string& locale = request.context.locale;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& field : fields.list(*request.context.actor)) {
    nlohmann::json portal = nlohmann::json::array();
    for (const auto access :
         {crm::PortalAccess::kHidden, crm::PortalAccess::kRead, crm::PortalAccess::kEdit}) {
      const std::string name(crm::to_string(access));
      portal.push_back({{"value", name},
                        {"label", i18n::text(locale, "portal_" + name)},
                        {"selected", field.portal == access}});
    }
    list.push_back({{"key", field.key},
                    {"label", field.labels.in(locale)},
                    {"type", i18n::text(locale, "type_" + std::string(crm::to_string(field.type)))},
                    {"builtin", field.builtin},
                    {"portal", portal},
                    {"order", std::to_string(field.portal_order)}});
  }
  model["fields"] = list;
  nlohmann::json types = nlohmann::json::array();
  for (std::string_view type : kTypes) {
    types.push_back({{"value", type}, {"label", i18n::text(locale, "type_" + std::string(type))}});
  }
  model["types"] = types;
  return views.page(request, "fields", i18n::text(locale, "nav_fields"), std::move(model), status);
}

}  // namespace

void register_field_pages(http::Pipeline& pipeline, const Views& views, crm::FieldService& fields) {
  pipeline.add(http::Method::kGet, "/admin/fields", http::Access::kStaff,
               [&views, &fields](http::Request& request) {
                 require_role(*request.context.actor, Role::kAdmin);
                 nlohmann::json model = saved_notice(request);
                 return fields_page(views, request, fields, model, 200);
               });
  pipeline.add(
      http::Method::kPost, "/admin/fields", http::Access::kStaff,
      [&views, &fields](http::Request& request) {
        crm::NewField field;
        field.key = request.form_field("key");
        field.type =
            crm::parse_field_type(request.form_field("type")).value_or(crm::FieldType::kText);
        field.labels = labels_from_form(request, "label");
        field.options = options_from_text(request.form_field("options"));
        return or_shown_again(
            {ErrorKind::kInvalid, ErrorKind::kConflict},
            [&] {
              fields.create(*request.context.actor, field);
              return http::Response::redirect("/admin/fields?done=1");
            },
            [&](const Error& error) {
              return fields_page(views, request, fields, error_model(error), 422);
            });
      });
  pipeline.add(
      http::Method::kPost, "/admin/fields/{key}", http::Access::kStaff,
      [&views, &fields](http::Request& request) {
        crm::FieldChanges changes;
        changes.portal = crm::parse_portal_access(request.form_field("portal"));
        int order = 0;
        const std::string order_text = request.form_field("portal_order");
        auto [ptr, problem] =
            std::from_chars(order_text.data(), order_text.data() + order_text.size(), order);
        if (problem == std::errc() && ptr == order_text.data() + order_text.size() && order >= 0) {
          changes.portal_order = order;
        }
        return or_shown_again(
            {ErrorKind::kInvalid},
            [&] {
              fields.change(*request.context.actor, request.path_param("key"), changes);
              return http::Response::redirect("/admin/fields?done=1");
            },
            [&](const Error& error) {
              return fields_page(views, request, fields, error_model(error), 422);
            });
      });
  pipeline.add(http::Method::kPost, "/admin/fields/{key}/delete", http::Access::kStaff,
               [&views, &fields](http::Request& request) {
                 const auto confirm = request.form_field("confirm").empty()
                                          ? crm::DeleteValues::kRefuse
                                          : crm::DeleteValues::kConfirmed;
                 return or_shown_again(
                     {ErrorKind::kConflict},
                     [&] {
                       fields.remove(*request.context.actor, request.path_param("key"), confirm);
                       return http::Response::redirect("/admin/fields?done=1");
                     },
                     [&](const Error& error) {
                       return fields_page(views, request, fields, error_model(error), 409);
                     });
               });
}

}  // namespace vern::web
