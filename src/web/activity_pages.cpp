#include "web/activity_pages.hpp"

#include <array>
#include <charconv>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/validation.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr std::array kStatuses = {
    crm::ParticipantStatus::kInvited, crm::ParticipantStatus::kRegistered,
    crm::ParticipantStatus::kAttended, crm::ParticipantStatus::kCancelled};

long long activity_id(const http::Request& request) {
  return path_id(request, "activity");
}

crm::Activity activity_from_form(const http::Request& request) {
  crm::Activity activity;
  for (const auto& field : crm::activity_fields()) {
    activity.*field.member = request.form_field(std::string(field.key));
  }
  return activity;
}

http::Response form_page(const Views& views, const http::Request& request,
                         const crm::Activity& values, const nlohmann::json& errors, long long id,
                         int status) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const auto& field : crm::activity_fields()) {
    const std::string key(field.key);
    nlohmann::json input = {{"name", key},
                            {"id", "activity-" + key},
                            {"label", text(request, "activity_" + key)},
                            {"value", values.*field.member},
                            {"is_long", key == "description"},
                            {"type", key == "date" ? "date" : "text"}};
    if (errors.contains(key)) {
      input["error"] = errors[key];
    }
    inputs.push_back(std::move(input));
  }
  nlohmann::json model;
  model["inputs"] = inputs;
  model["has_errors"] = !errors.empty();
  if (id > 0) {
    model["activity_id"] = id;
  }
  const std::string heading = set_form_target(model, request, "activities", "activity", id);
  return views.page(request, "activity_form", heading, std::move(model), status);
}

http::Response list_page(const Views& views, const http::Request& request,
                         crm::ActivityService& activities) {
  crm::ActivityQuery query;
  query.after = request.query_param("after");
  const auto page = activities.list(*request.context.actor, query);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& activity : page.items) {
    items.push_back({{"id", activity.id},
                     {"name", activity.name},
                     {"type", activity.type},
                     {"date", activity.date}});
  }
  nlohmann::json model;
  model["activities"] = items;
  model["has_activities"] = !items.empty();
  if (page.next) {
    model["next"] = http::url_encode(*page.next);
  }
  return views.page(request, "activities", text(request, "nav_activities"), std::move(model));
}

inline constexpr int kFoundPersonsShown = 10;

/// The persons whose words start with what was typed into the find box (`find`), each with an
/// Add button.
nlohmann::json found_persons(const http::Request& request, query::PersonSearchService* search) {
  nlohmann::json found = nlohmann::json::array();
  const std::string words = request.query_param("find");
  if (search == nullptr || words.empty()) {
    return found;
  }
  query::PersonQuery query;
  query.q = words;
  query.limit = kFoundPersonsShown;
  for (const auto& person : search->search(*request.context.actor, query).items) {
    found.push_back({{"id", person.id}, {"name", person.display_name()}});
  }
  return found;
}

/// The activity page; `add` carries what was typed into the add-participant form and its error.
http::Response activity_page(const Views& views, const http::Request& request,
                             crm::ActivityService& activities, nlohmann::json add, int status,
                             query::PersonSearchService* search = nullptr) {
  const auto& actor = *request.context.actor;
  const auto activity = activities.get(actor, activity_id(request));
  crm::ParticipantQuery query;
  query.after = request.query_param("after");
  const auto page = activities.participants(actor, activity.id, query);
  nlohmann::json participants = nlohmann::json::array();
  for (const auto& participant : page.items) {
    nlohmann::json statuses = nlohmann::json::array();
    for (const auto status_value : kStatuses) {
      const std::string name(crm::to_string(status_value));
      statuses.push_back({{"value", name},
                          {"label", text(request, "status_" + name)},
                          {"selected", status_value == participant.status}});
    }
    std::string name = participant.first_name;
    if (!participant.last_name.empty()) {
      name += (name.empty() ? "" : " ") + participant.last_name;
    }
    participants.push_back({{"person_id", participant.person_id},
                            {"name", name.empty() ? "—" : name},
                            {"statuses", statuses}});
  }
  nlohmann::json add_statuses = nlohmann::json::array();
  for (const auto status_value : kStatuses) {
    const std::string name(crm::to_string(status_value));
    add_statuses.push_back({{"value", name}, {"label", text(request, "status_" + name)}});
  }
  nlohmann::json model;
  model["activity"] = {{"id", activity.id},
                       {"name", activity.name},
                       {"type", activity.type},
                       {"date", activity.date},
                       {"description", activity.description}};
  model["participants"] = participants;
  model["has_participants"] = !participants.empty();
  if (page.next) {
    model["next"] = http::url_encode(*page.next);
  }
  model["statuses"] = add_statuses;
  model["add"] = std::move(add);
  model["find"] = request.query_param("find");
  model["found"] = found_persons(request, search);
  model["searched"] = !request.query_param("find").empty();
  model["has_found"] = !model["found"].empty();
  model["saved"] = request.query_param("saved") == "1";
  return views.page(request, "activity", activity.name, std::move(model), status);
}

std::string activity_path(long long id) {
  return "/activities/" + std::to_string(id);
}

crm::ParticipantStatus status_from_form(const http::Request& request) {
  const auto status = crm::parse_participant_status(request.form_field("status"));
  if (!status) {
    throw Error::invalid_field("status", "Not a participant status.");
  }
  return *status;
}

http::Response add_participant(const Views& views, const http::Request& request,
                               crm::ActivityService& activities) {
  const long long id = activity_id(request);
  const std::string person_text = request.form_field("person_id");
  const auto person = validation::parse_id(person_text);
  auto refuse = [&](const std::string& message) {
    return activity_page(views, request, activities,
                         {{"person_id", person_text}, {"error", message}}, 422);
  };
  if (!person) {
    return refuse(text(request, "participant_id_invalid"));
  }
  return or_shown_again(
      {ErrorKind::kNotFound, ErrorKind::kInvalid},
      [&] {
        activities.set_participant(*request.context.actor, id, *person, status_from_form(request));
        return http::Response::redirect(activity_path(id) + "?saved=1");
      },
      [&](const Error& error) {
        // An unknown activity stays a 404: the page cannot be shown.
        activities.get(*request.context.actor, id);
        return refuse(error.what());
      });
}

void register_participant_routes(http::Pipeline& pipeline, const Views& views,
                                 crm::ActivityService& activities) {
  pipeline.add(http::Method::kPost, "/activities/{id}/participants", http::Access::kStaff,
               [&views, &activities](http::Request& request) {
                 return add_participant(views, request, activities);
               });
  pipeline.add(http::Method::kPost, "/activities/{id}/participants/{person}", http::Access::kStaff,
               [&activities](http::Request& request) {
                 const long long id = activity_id(request);
                 activities.set_participant(*request.context.actor, id,
                                            path_id(request, "participant", "person"),
                                            status_from_form(request));
                 return http::Response::redirect(activity_path(id) + "?saved=1");
               });
  pipeline.add(http::Method::kPost, "/activities/{id}/participants/{person}/remove",
               http::Access::kStaff, [&activities](http::Request& request) {
                 const long long id = activity_id(request);
                 activities.remove_participant(*request.context.actor, id,
                                               path_id(request, "participant", "person"));
                 return http::Response::redirect(activity_path(id) + "?saved=1");
               });
}

}  // namespace

void register_activity_pages(http::Pipeline& pipeline, const Views& views,
                             crm::ActivityService& activities, query::PersonSearchService& search) {
  pipeline.add(http::Method::kGet, "/activities", http::Access::kStaff,
               [&views, &activities](http::Request& request) {
                 return list_page(views, request, activities);
               });
  pipeline.add(http::Method::kGet, "/activities/new", http::Access::kStaff,
               [&views](http::Request& request) {
                 return form_page(views, request, {}, nlohmann::json::object(), 0, 200);
               });
  pipeline.add(http::Method::kPost, "/activities/new", http::Access::kStaff,
               [&views, &activities](http::Request& request) {
                 const crm::Activity values = activity_from_form(request);
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       const auto activity = activities.create(*request.context.actor, values);
                       return http::Response::redirect(activity_path(activity.id));
                     },
                     [&](const Error& error) {
                       return form_page(views, request, values, field_messages(error), 0, 422);
                     });
               });
  pipeline.add(http::Method::kGet, "/activities/{id}", http::Access::kStaff,
               [&views, &activities, &search](http::Request& request) {
                 return activity_page(views, request, activities, nlohmann::json::object(), 200,
                                      &search);
               });
  pipeline.add(http::Method::kGet, "/activities/{id}/edit", http::Access::kStaff,
               [&views, &activities](http::Request& request) {
                 const auto activity = activities.get(*request.context.actor, activity_id(request));
                 return form_page(views, request, activity, nlohmann::json::object(), activity.id,
                                  200);
               });
  pipeline.add(http::Method::kPost, "/activities/{id}/edit", http::Access::kStaff,
               [&views, &activities](http::Request& request) {
                 const long long id = activity_id(request);
                 const crm::Activity values = activity_from_form(request);
                 crm::ActivityPatch patch;
                 for (const auto& field : crm::activity_fields()) {
                   patch.values.emplace(std::string(field.key), values.*field.member);
                 }
                 return or_shown_again(
                     {ErrorKind::kInvalid},
                     [&] {
                       activities.update(*request.context.actor, id, patch);
                       return http::Response::redirect(activity_path(id) + "?saved=1");
                     },
                     [&](const Error& error) {
                       return form_page(views, request, values, field_messages(error), id, 422);
                     });
               });
  pipeline.add(http::Method::kPost, "/activities/{id}/delete", http::Access::kStaff,
               [&activities](http::Request& request) {
                 activities.remove(*request.context.actor, activity_id(request));
                 return http::Response::redirect("/activities");
               });
  register_participant_routes(pipeline, views, activities);
}

}  // namespace vern::web
