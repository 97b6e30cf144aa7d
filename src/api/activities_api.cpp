#include "api/activities_api.hpp"

#include "api/json_io.hpp"
#include "common/error.hpp"
#include "common/time_format.hpp"

namespace vern::api {
namespace {

nlohmann::ordered_json next_json(const std::optional<std::string>& next) {
  return next ? nlohmann::ordered_json(*next) : nlohmann::ordered_json();
}

nlohmann::ordered_json activity_json(const crm::Activity& activity) {
  nlohmann::ordered_json json = {{"id", activity.id}};
  for (const crm::ActivityField& field : crm::activity_fields()) {
    json[std::string(field.key)] = text_or_null(activity.*field.member);
  }
  json["created_at"] = format_rfc3339(activity.created_at);
  json["updated_at"] = format_rfc3339(activity.updated_at);
  return json;
}

nlohmann::ordered_json participant_json(const crm::Participant& participant) {
  return {{"person_id", participant.person_id},
          {"first_name", text_or_null(participant.first_name)},
          {"last_name", text_or_null(participant.last_name)},
          {"status", crm::to_string(participant.status)},
          {"updated_at", format_rfc3339(participant.updated_at)}};
}

std::map<std::string, std::string, std::less<>> field_values(const nlohmann::json& body) {
  return text_members(
      body, [](std::string_view key) { return crm::find_activity_field(key) != nullptr; },
      "No such activity field.");
}

crm::Activity new_activity(const nlohmann::json& body) {
  crm::Activity activity;
  for (const auto& [key, value] : field_values(body)) {
    activity.*crm::find_activity_field(key)->member = value;
  }
  return activity;
}

struct ParticipantInput {
  long long person_id = 0;
  crm::ParticipantStatus status = crm::ParticipantStatus::kInvited;
};

ParticipantInput participant_input(const nlohmann::json& body) {
  ParticipantInput input;
  FieldErrors errors;
  for (const auto& [key, value] : body.items()) {
    if (key != "person_id" && key != "status") {
      errors.add(key, "No such field.");
    }
  }
  const auto person_id = body.find("person_id");
  if (person_id == body.end() || !person_id->is_number_integer() ||
      person_id->get<long long>() <= 0) {
    errors.add("person_id", "A person id (a positive whole number) is required.");
  } else {
    input.person_id = person_id->get<long long>();
  }
  const auto status = body.find("status");
  const auto parsed = status != body.end() && status->is_string()
                          ? crm::parse_participant_status(status->get<std::string>())
                          : std::nullopt;
  if (!parsed) {
    errors.add("status", "Choose invited, registered, attended or cancelled.");
  } else {
    input.status = *parsed;
  }
  errors.throw_if_any();
  return input;
}

}  // namespace

void register_activities_api(http::Pipeline& pipeline, crm::ActivityService& activities) {
  pipeline.add(http::Method::kGet, "/api/v1/activities", http::Access::kStaff,
               [&activities](http::Request& request) {
                 const crm::ActivityQuery query{request.query_param("after"), list_limit(request)};
                 const auto page = activities.list(*request.context.actor, query);
                 nlohmann::ordered_json items = nlohmann::ordered_json::array();
                 for (const auto& activity : page.items) {
                   items.push_back(activity_json(activity));
                 }
                 return json_response(200, {{"items", items}, {"next", next_json(page.next)}});
               });
  pipeline.add(http::Method::kPost, "/api/v1/activities", http::Access::kStaff,
               [&activities](http::Request& request) {
                 const auto activity =
                     activities.create(*request.context.actor, new_activity(parse_object(request)));
                 return json_response(201, activity_json(activity));
               });
  pipeline.add(http::Method::kGet, "/api/v1/activities/{id}", http::Access::kStaff,
               [&activities](http::Request& request) {
                 return json_response(
                     200, activity_json(activities.get(*request.context.actor, path_id(request))));
               });
  pipeline.add(http::Method::kPatch, "/api/v1/activities/{id}", http::Access::kStaff,
               [&activities](http::Request& request) {
                 const long long id = path_id(request);
                 const crm::ActivityPatch patch{field_values(parse_object(request))};
                 return json_response(
                     200, activity_json(activities.update(*request.context.actor, id, patch)));
               });
  pipeline.add(http::Method::kDelete, "/api/v1/activities/{id}", http::Access::kStaff,
               [&activities](http::Request& request) {
                 activities.remove(*request.context.actor, path_id(request));
                 return http::Response::no_content();
               });

  pipeline.add(
      http::Method::kGet, "/api/v1/activities/{id}/participants", http::Access::kStaff,
      [&activities](http::Request& request) {
        const crm::ParticipantQuery query{request.query_param("after"), list_limit(request)};
        const auto page = activities.participants(*request.context.actor, path_id(request), query);
        nlohmann::ordered_json items = nlohmann::ordered_json::array();
        for (const auto& participant : page.items) {
          items.push_back(participant_json(participant));
        }
        return json_response(200, {{"items", items}, {"next", next_json(page.next)}});
      });
  pipeline.add(http::Method::kPost, "/api/v1/activities/{id}/participants", http::Access::kStaff,
               [&activities](http::Request& request) {
                 const long long activity_id = path_id(request);
                 const auto input = participant_input(parse_object(request));
                 const auto result = activities.set_participant(*request.context.actor, activity_id,
                                                                input.person_id, input.status);
                 return json_response(result.added ? 201 : 200,
                                      participant_json(result.participant));
               });
  pipeline.add(http::Method::kDelete, "/api/v1/activities/{id}/participants/{person_id}",
               http::Access::kStaff, [&activities](http::Request& request) {
                 activities.remove_participant(*request.context.actor, path_id(request),
                                               path_id(request, "person_id", "person_id"));
                 return http::Response::no_content();
               });
}

}  // namespace vern::api
