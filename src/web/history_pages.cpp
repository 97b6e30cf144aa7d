#include "web/history_pages.hpp"

#include <charconv>
#include <map>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

/// The header every person tab shares: the person's id and name.
nlohmann::json person_header(crm::PersonService& persons, const http::Request& request,
                             long long person_id) {
  const auto person = persons.get(*request.context.actor, person_id);
  return {{"id", person.id}, {"name", person.display_name()}};
}

/// The note form's values: type options (with the current one selected), date and text.
nlohmann::json note_form(const std::vector<crm::HistoryType>& types, const std::string& locale,
                         const crm::NewHistoryEntry& values, nlohmann::json errors) {
  nlohmann::json options = nlohmann::json::array();
  for (const auto& type : types) {
    options.push_back({{"value", type.key},
                       {"label", type.labels.in(locale)},
                       {"selected", type.key == values.type}});
  }
  return {{"types", options},
          {"date", values.date},
          {"text", values.text},
          {"errors", std::move(errors)},
          {"has_errors", false}};
}

std::map<std::string, std::string, std::less<>> type_labels(
    const std::vector<crm::HistoryType>& types, const std::string& locale) {
  std::map<std::string, std::string, std::less<>> labels;
  for (const auto& type : types) {
    labels.emplace(type.key, type.labels.in(locale));
  }
  return labels;
}

struct HistoryDeps {
  const Views& views;
  const Clock& clock;
  crm::PersonService& persons;
  crm::HistoryService& history;
  crm::HistoryTypeService& history_types;
};

http::Response history_tab(const HistoryDeps& deps, const http::Request& request,
                           long long person_id, const crm::NewHistoryEntry& values,
                           nlohmann::json errors, int status) {
  const auto& actor = *request.context.actor;
  const std::string& locale = request.context.locale;
  nlohmann::json model;
  model["person"] = person_header(deps.persons, request, person_id);
  model["on_history"] = true;
  crm::HistoryQuery query;
  query.after = request.query_param("after");
  const auto page = deps.history.list(actor, person_id, query);
  const auto types = deps.history_types.list(actor);
  const auto labels = type_labels(types, locale);
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& entry : page.items) {
    const auto label = labels.find(entry.type);
    notes.push_back({{"id", entry.id},
                     {"type", label == labels.end() ? entry.type : label->second},
                     {"date", entry.date},
                     {"author", entry.author},
                     {"text", entry.text}});
  }
  model["notes"] = notes;
  model["has_notes"] = !notes.empty();
  if (page.next) {
    model["next"] = http::url_encode(*page.next);
  }
  const bool has_errors = !errors.empty();
  model["form"] = note_form(types, locale, values, std::move(errors));
  model["form"]["has_errors"] = has_errors;
  model["saved"] = request.query_param("saved") == "1";
  return deps.views.page(
      request, "person_history",
      model["person"]["name"].get<std::string>() + " · " + text(request, "tab_history"), model,
      status);
}

http::Response note_edit_page(const HistoryDeps& deps, const http::Request& request,
                              const crm::HistoryEntry& entry, const crm::NewHistoryEntry& values,
                              nlohmann::json errors, int status) {
  const auto types = deps.history_types.list(*request.context.actor);
  const bool has_errors = !errors.empty();
  nlohmann::json model;
  model["note_id"] = entry.id;
  model["person_id"] = entry.person_id;
  model["form"] = note_form(types, request.context.locale, values, std::move(errors));
  model["form"]["has_errors"] = has_errors;
  return deps.views.page(request, "history_edit", text(request, "note_edit"), model, status);
}

crm::NewHistoryEntry note_from_form(const http::Request& request) {
  return {request.form_field("type"), request.form_field("date"), request.form_field("text")};
}

void register_history_tab(http::Pipeline& pipeline, const HistoryDeps& deps) {
  pipeline.add(http::Method::kGet, "/persons/{id}/history-tab", http::Access::kStaff,
               [deps](http::Request& request) {
                 crm::NewHistoryEntry values;
                 values.type = "note";
                 values.date = format_rfc3339(deps.clock.now()).substr(0, 10);
                 return history_tab(deps, request, path_id(request, "person"), values,
                                    nlohmann::json::object(), 200);
               });
  pipeline.add(http::Method::kPost, "/persons/{id}/history-tab", http::Access::kStaff,
               [deps](http::Request& request) {
                 const long long person_id = path_id(request, "person");
                 const auto values = note_from_form(request);
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       deps.history.create(*request.context.actor, person_id, values);
                       return http::Response::redirect("/persons/" + std::to_string(person_id) +
                                                       "/history-tab?saved=1");
                     },
                     [&](const Error& error) {
                       return history_tab(deps, request, person_id, values, field_messages(error),
                                          422);
                     });
               });
  pipeline.add(http::Method::kGet, "/history/{id}/edit", http::Access::kStaff,
               [deps](http::Request& request) {
                 const auto entry =
                     deps.history.get(*request.context.actor, path_id(request, "note"));
                 return note_edit_page(deps, request, entry, {entry.type, entry.date, entry.text},
                                       nlohmann::json::object(), 200);
               });
  pipeline.add(
      http::Method::kPost, "/history/{id}/edit", http::Access::kStaff,
      [deps](http::Request& request) {
        const auto& actor = *request.context.actor;
        const long long id = path_id(request, "note");
        const auto values = note_from_form(request);
        return or_shown_again(
            {ErrorKind::kInvalid},
            [&] {
              const auto entry =
                  deps.history.update(actor, id, {values.type, values.date, values.text});
              return http::Response::redirect("/persons/" + std::to_string(entry.person_id) +
                                              "/history-tab?saved=1");
            },
            [&](const Error& error) {
              const auto entry = deps.history.get(actor, id);
              return note_edit_page(deps, request, entry, values, field_messages(error), 422);
            });
      });
  pipeline.add(http::Method::kPost, "/history/{id}/delete", http::Access::kStaff,
               [deps](http::Request& request) {
                 const auto& actor = *request.context.actor;
                 const long long id = path_id(request, "note");
                 const auto entry = deps.history.get(actor, id);
                 deps.history.remove(actor, id);
                 return http::Response::redirect("/persons/" + std::to_string(entry.person_id) +
                                                 "/history-tab?saved=1");
               });
}

void register_marketing_tab(http::Pipeline& pipeline, const Views& views,
                            crm::PersonService& persons, crm::ActivityService& activities) {
  pipeline.add(
      http::Method::kGet, "/persons/{id}/marketing", http::Access::kStaff,
      [&views, &persons, &activities](http::Request& request) {
        const long long person_id = path_id(request, "person");
        nlohmann::json model;
        model["person"] = person_header(persons, request, person_id);
        model["on_marketing"] = true;
        nlohmann::json list = nlohmann::json::array();
        for (const auto& activity : activities.activities_of(*request.context.actor, person_id)) {
          list.push_back(
              {{"id", activity.activity_id},
               {"name", activity.name},
               {"type", activity.type},
               {"date", activity.date},
               {"status",
                text(request, "status_" + std::string(crm::to_string(activity.status)))}});
        }
        model["activities"] = list;
        model["has_activities"] = !list.empty();
        return views.page(
            request, "person_marketing",
            model["person"]["name"].get<std::string>() + " · " + text(request, "tab_marketing"),
            model);
      });
}

http::Response history_types_page(const Views& views, const http::Request& request,
                                  crm::HistoryTypeService& history_types, nlohmann::json model,
                                  int status) {
  const std::string& locale = request.context.locale;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& type : history_types.list(*request.context.actor)) {
    list.push_back({{"key", type.key},
                    {"label", type.labels.in(locale)},
                    {"label_en", type.labels.en},
                    {"label_nb", type.labels.nb},
                    {"builtin", type.builtin}});
  }
  model["types"] = list;
  return views.page(request, "history_types", i18n::text(locale, "nav_history_types"),
                    std::move(model), status);
}

void register_history_types_page(http::Pipeline& pipeline, const Views& views,
                                 crm::HistoryTypeService& history_types) {
  pipeline.add(http::Method::kGet, "/admin/history-types", http::Access::kStaff,
               [&views, &history_types](http::Request& request) {
                 require_role(*request.context.actor, Role::kAdmin);
                 nlohmann::json model = saved_notice(request);
                 return history_types_page(views, request, history_types, model, 200);
               });
  pipeline.add(http::Method::kPost, "/admin/history-types", http::Access::kStaff,
               [&views, &history_types](http::Request& request) {
                 crm::HistoryType type;
                 type.key = request.form_field("key");
                 type.labels = labels_from_form(request, "label");
                 return or_shown_again(
                     {ErrorKind::kInvalid, ErrorKind::kConflict},
                     [&] {
                       history_types.create(*request.context.actor, type);
                       return http::Response::redirect("/admin/history-types?done=1");
                     },
                     [&](const Error& error) {
                       nlohmann::json model = error_model(error);
                       model["values"] = {{"key", type.key},
                                          {"label_en", type.labels.en},
                                          {"label_nb", type.labels.nb},
                                          {"label_sv", type.labels.sv}};
                       return history_types_page(views, request, history_types, model,
                                                 error.kind() == ErrorKind::kConflict ? 409 : 422);
                     });
               });
  pipeline.add(http::Method::kPost, "/admin/history-types/{key}/delete", http::Access::kStaff,
               [&views, &history_types](http::Request& request) {
                 return or_shown_again(
                     {ErrorKind::kConflict},
                     [&] {
                       history_types.remove(*request.context.actor, request.path_param("key"));
                       return http::Response::redirect("/admin/history-types?done=1");
                     },
                     [&](const Error& error) {
                       return history_types_page(views, request, history_types, error_model(error),
                                                 409);
                     });
               });
}

}  // namespace

void register_history_pages(http::Pipeline& pipeline, const Views& views, const Clock& clock,
                            crm::PersonService& persons, crm::HistoryService& history,
                            crm::HistoryTypeService& history_types,
                            crm::ActivityService& activities) {
  register_history_tab(pipeline, HistoryDeps{views, clock, persons, history, history_types});
  register_marketing_tab(pipeline, views, persons, activities);
  register_history_types_page(pipeline, views, history_types);
}

}  // namespace vern::web
