#include "web/person_list_page.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "common/i18n.hpp"

namespace vern::web {
namespace {

constexpr int kDefaultRows = 3;
constexpr int kMaxRows = 10;
constexpr std::string_view kOperators[] = {"eq", "ne", "contains", "starts_with", "lt", "le", "gt",
                                           "ge", "in", "is_empty", "is_not_empty"};

struct FilterRow {
  std::string field;
  std::string op;
  std::string value;
};

int row_count(const http::Request& request) {
  const std::string text = request.query_param("rows");
  const int rows = text.empty() ? kDefaultRows : std::atoi(text.c_str());
  return std::clamp(rows, 1, kMaxRows);
}

std::vector<FilterRow> filter_rows(const http::Request& request, int count) {
  std::vector<FilterRow> rows;
  for (int i = 1; i <= count; ++i) {
    const std::string n = std::to_string(i);
    rows.push_back(
        {request.query_param("f" + n), request.query_param("o" + n), request.query_param("v" + n)});
  }
  return rows;
}

/// A value typed in a form, as the filter language wants it for the field's type.
nlohmann::json typed_value(const crm::FieldDefinition* field, const std::string& op,
                           const std::string& text) {
  auto single = [field](const std::string& item) -> nlohmann::json {
    if (field != nullptr && field->type == crm::FieldType::kNumber) {
      const auto number = nlohmann::json::parse(item, nullptr, false);
      return number.is_number() ? number : nlohmann::json(item);
    }
    if (field != nullptr && field->type == crm::FieldType::kBoolean) {
      return item == "true" || item == "yes" || item == "ja";
    }
    return item;
  };
  if (op == "in" || op == "between") {
    nlohmann::json list = nlohmann::json::array();
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      std::string item = text.substr(start, comma - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) {
        list.push_back(single(item));
      }
      start = comma + 1;
    }
    return list;
  }
  return single(text);
}

nlohmann::json build_filter(const std::vector<FilterRow>& rows,
                            const std::vector<crm::FieldDefinition>& fields, bool any) {
  nlohmann::json conditions = nlohmann::json::array();
  for (const FilterRow& row : rows) {
    if (row.field.empty() || row.op.empty()) {
      continue;
    }
    const auto field = std::find_if(fields.begin(), fields.end(), [&row](const auto& candidate) {
      return candidate.key == row.field;
    });
    nlohmann::json condition = {{"field", row.field}, {"op", row.op}};
    if (row.op != "is_empty" && row.op != "is_not_empty") {
      condition["value"] =
          typed_value(field == fields.end() ? nullptr : &*field, row.op, row.value);
    }
    conditions.push_back(condition);
  }
  if (conditions.empty()) {
    return nullptr;
  }
  return {{any ? "or" : "and", conditions}};
}

std::string query_string(const http::Request& request, int rows) {
  std::string query = "q=" + http::url_encode(request.query_param("q")) +
                      "&match=" + http::url_encode(request.query_param("match")) +
                      "&rows=" + std::to_string(rows);
  for (int i = 1; i <= rows; ++i) {
    for (const char* prefix : {"f", "o", "v"}) {
      const std::string name = prefix + std::to_string(i);
      query += "&" + name + "=" + http::url_encode(request.query_param(name));
    }
  }
  return query;
}

}  // namespace

void register_person_list_page(http::Pipeline& pipeline, const Views& views,
                               crm::FieldService& fields, crm::PersonService& persons,
                               crm::SavedFilterService& saved_filters) {
  pipeline.add(
      http::Method::kPost, "/persons/saved-filters", http::Access::kStaff,
      [&fields, &saved_filters](http::Request& request) {
        const auth::Actor& actor = *request.context.actor;
        const int rows = std::clamp(std::atoi(request.form_field("rows").c_str()), 1, kMaxRows);
        std::vector<FilterRow> filter_rows_in;
        for (int i = 1; i <= rows; ++i) {
          const std::string n = std::to_string(i);
          filter_rows_in.push_back({request.form_field("f" + n), request.form_field("o" + n),
                                    request.form_field("v" + n)});
        }
        const nlohmann::json filter =
            build_filter(filter_rows_in, fields.list(actor), request.form_field("match") == "any");
        if (filter.is_null()) {
          throw Error::invalid_field("filter", "Choose at least one condition to save.");
        }
        const auto saved = saved_filters.create(actor, request.form_field("name"), filter,
                                                !request.form_field("shared").empty());
        return http::Response::redirect("/persons?saved=" + std::to_string(saved.id));
      });
  pipeline.add(
      http::Method::kGet, "/persons", http::Access::kStaff,
      [&views, &fields, &persons, &saved_filters](http::Request& request) {
        const auth::Actor& actor = *request.context.actor;
        const std::string& locale = request.context.locale;
        const auto all_fields = fields.list(actor);
        const int rows = row_count(request);
        const auto filter_rows_in = filter_rows(request, rows);
        const bool any = request.query_param("match") == "any";

        nlohmann::json model;
        model["q"] = request.query_param("q");
        model["match_any"] = any;
        model["rows_plus"] = std::to_string(std::min(rows + 1, kMaxRows));
        model["rows"] = std::to_string(rows);
        nlohmann::json row_models = nlohmann::json::array();
        for (int i = 0; i < rows; ++i) {
          const FilterRow& row = filter_rows_in[static_cast<std::size_t>(i)];
          const std::string n = std::to_string(i + 1);
          nlohmann::json field_options = nlohmann::json::array();
          for (const auto& field : all_fields) {
            field_options.push_back({{"value", field.key},
                                     {"label", field.labels.in(locale)},
                                     {"selected", field.key == row.field}});
          }
          nlohmann::json op_options = nlohmann::json::array();
          for (std::string_view op : kOperators) {
            op_options.push_back({{"value", op},
                                  {"label", i18n::text(locale, "op_" + std::string(op))},
                                  {"selected", op == row.op}});
          }
          row_models.push_back(
              {{"n", n}, {"fields", field_options}, {"ops", op_options}, {"value", row.value}});
        }
        model["filter_rows"] = row_models;

        crm::PersonQuery query;
        query.q = request.query_param("q");
        query.filter = build_filter(filter_rows_in, all_fields, any);
        nlohmann::json saved_list = nlohmann::json::array();
        for (const auto& saved : saved_filters.list(actor)) {
          saved_list.push_back({{"id", saved.id},
                                {"name", saved.name},
                                {"owner", saved.owner},
                                {"shared", saved.shared}});
        }
        model["has_saved_filters"] = !saved_list.empty();
        model["saved_filters"] = saved_list;
        if (const std::string saved_id = request.query_param("saved"); !saved_id.empty()) {
          const long long id = std::atoll(saved_id.c_str());
          const auto saved = saved_filters.get(actor, id > 0 ? id : 0);
          query.filter = saved.filter;
          model["using_saved"] = saved.name;
        }
        model["can_save"] = !query.filter.is_null() && !model.contains("using_saved");
        query.count = true;
        if (const std::string after = request.query_param("after"); !after.empty()) {
          query.after = after;
        }
        int status = 200;
        try {
          const auto page = persons.search(actor, query);
          nlohmann::json list = nlohmann::json::array();
          for (const auto& person : page.persons) {
            list.push_back({{"id", person.id},
                            {"name", person.display_name()},
                            {"email", person.email},
                            {"city", person.city},
                            {"restricted", person.processing_restricted}});
          }
          model["persons"] = list;
          model["total"] = std::to_string(page.total.value_or(0));
          if (page.next) {
            model["next"] = "/persons?" + query_string(request, rows) +
                            "&after=" + http::url_encode(*page.next);
          }
        } catch (const Error& error) {
          if (error.kind() != ErrorKind::kInvalid) {
            throw;
          }
          nlohmann::json messages = nlohmann::json::array();
          for (const auto& field_error : error.field_errors()) {
            messages.push_back(field_error.message + " (" + field_error.field + ")");
          }
          model["errors"] = messages;
          status = 422;
        }
        return views.page(request, "persons", i18n::text(locale, "nav_persons"), model, status);
      });
}

}  // namespace vern::web
