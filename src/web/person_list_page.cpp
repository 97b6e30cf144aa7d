#include "web/person_list_page.hpp"

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/text.hpp"
#include "web/filter_builder.hpp"

namespace vern::web {
namespace {

/// The list's address for the words `q` and either a saved filter or the builder's state.
std::string list_url(const std::string& q, const FilterBuilder& builder,
                     const std::string& saved_id) {
  std::string url = "/persons?q=" + http::url_encode(q);
  if (!saved_id.empty()) {
    return url + "&saved=" + http::url_encode(saved_id);
  }
  for (const auto& [name, value] : builder_params(builder)) {
    url += text::concat("&", http::url_encode(name), "=", http::url_encode(value));
  }
  return url;
}

nlohmann::json saved_filter_list(query::SavedFilterService& saved_filters, const Actor& actor) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& saved : saved_filters.list(actor)) {
    list.push_back(
        {{"id", saved.id}, {"name", saved.name}, {"owner", saved.owner}, {"shared", saved.shared}});
  }
  return list;
}

nlohmann::json person_rows(const std::vector<crm::Person>& persons) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& person : persons) {
    list.push_back({{"id", person.id},
                    {"name", person.display_name()},
                    {"email", person.email},
                    {"city", person.city},
                    {"restricted", person.processing_restricted},
                    {"objects", person.objects_to_direct_marketing},
                    {"held", person.legal_hold}});
  }
  return list;
}

nlohmann::json error_messages(const Error& error) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& field_error : error.field_errors()) {
    messages.push_back(field_error.message + " (" + field_error.field + ")");
  }
  return messages;
}

/// The fields the filter builder offers: every person field, then one per consent type.
std::vector<crm::FieldDefinition> builder_fields(crm::FieldService& fields,
                                                 consent::ConsentService& consents,
                                                 const Actor& actor) {
  std::vector<crm::FieldDefinition> all = fields.list(actor);
  const auto in_all = [](const std::string& key) {
    return crm::Labels{i18n::text("en", key), i18n::text("nb", key), i18n::text("en", key)};
  };
  const crm::Labels consent = in_all("consent_type");
  const std::array<crm::Labels, 3> states = {in_all("state_granted"), in_all("state_withdrawn"),
                                             in_all("state_none")};
  for (const auto& type : consents.list_types(actor)) {
    all.push_back(
        consent_builder_field(type.key,
                              {consent.en + ": " + type.names.en, consent.nb + ": " + type.names.nb,
                               consent.sv + ": " + type.names.sv},
                              states));
  }
  return all;
}

}  // namespace

void register_person_list_page(http::Pipeline& pipeline, const Views& views,
                               crm::FieldService& fields, query::PersonSearchService& person_search,
                               query::SavedFilterService& saved_filters,
                               consent::ConsentService& consents) {
  pipeline.add(http::Method::kPost, "/persons/saved-filters", http::Access::kStaff,
               [&fields, &saved_filters, &consents](http::Request& request) {
                 const Actor& actor = *request.context.actor;
                 const nlohmann::json filter = builder_filter(
                     builder_from_params(request.form()), builder_fields(fields, consents, actor));
                 if (filter.is_null()) {
                   throw Error::invalid_field("filter", "Choose at least one condition to save.");
                 }
                 const auto saved = saved_filters.create(actor, request.form_field("name"), filter,
                                                         !request.form_field("shared").empty());
                 return http::Response::redirect("/persons?saved=" + std::to_string(saved.id));
               });
  pipeline.add(
      http::Method::kGet, "/persons", http::Access::kStaff,
      [&views, &fields, &person_search, &saved_filters, &consents](http::Request& request) {
        const Actor& actor = *request.context.actor;
        const std::string& locale = request.context.locale;
        const auto all_fields = builder_fields(fields, consents, actor);
        FilterBuilder builder = builder_from_params(request.query);
        const std::string q = request.query_param("q");
        // The builder's buttons re-render it from the submitted state; the redirect leaves
        // an address without the button, which can be bookmarked and reloaded.
        if (const std::string action = request.query_param("act"); !action.empty()) {
          apply_builder_action(builder, action);
          return http::Response::redirect(list_url(q, builder, ""));
        }

        nlohmann::json model;
        model["q"] = q;
        query::PersonQuery query;
        query.q = q;
        query.filter = builder_filter(builder, all_fields);
        const std::string saved_id = request.query_param("saved");
        if (!saved_id.empty()) {
          const long long id = std::atoll(saved_id.c_str());
          const auto saved = saved_filters.get(actor, id > 0 ? id : 0);
          query.filter = saved.filter;
          model["using_saved"] = saved.name;
          if (auto shown = builder_from_filter(saved.filter, all_fields)) {
            builder = std::move(*shown);
          } else {
            // Never flattened into something it is not: shown as stored, and kept by the
            // form.
            model["saved_json"] = saved.filter.dump(2);
            model["saved_id"] = saved_id;
          }
        }
        if (!model.contains("saved_json")) {
          model["builder"] = builder_view(builder, all_fields, locale);
        }
        nlohmann::json params = nlohmann::json::array();
        for (const auto& [name, value] : builder_params(builder)) {
          params.push_back({{"name", name}, {"value", value}});
        }
        model["builder_params"] = params;
        model["saved_filters"] = saved_filter_list(saved_filters, actor);
        model["has_saved_filters"] = !model["saved_filters"].empty();
        model["can_save"] = !query.filter.is_null() && saved_id.empty();
        query.count = true;
        if (const std::string after = request.query_param("after"); !after.empty()) {
          query.after = after;
        }
        int status = 200;
        try {
          const auto page = person_search.search(actor, query);
          model["persons"] = person_rows(page.items);
          model["total"] = std::to_string(page.total.value_or(0));
          if (page.next) {
            model["next"] =
                list_url(q, builder, saved_id) + "&after=" + http::url_encode(*page.next);
          }
        } catch (const Error& error) {
          if (error.kind() != ErrorKind::kInvalid) {
            throw;
          }
          model["errors"] = error_messages(error);
          status = 422;
        }
        return views.page(request, "persons", i18n::text(locale, "nav_persons"), model, status);
      });
}

}  // namespace vern::web
