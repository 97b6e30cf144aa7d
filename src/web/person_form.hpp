#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crm/field_definition.hpp"
#include "crm/person.hpp"
#include "http/request.hpp"

namespace vern::web {

/// Field errors by field key ("email", "custom.shoe_size"), for showing beside each input.
using FormErrors = std::map<std::string, std::string>;

/// The company input of the person form: the text shown or typed (a name, or "Name (org
/// number)" as the suggestions write it) and the company the form was opened with, which an
/// unchanged text keeps even when another company has the same name.
struct CompanyChoice {
  std::string text;
  std::optional<long long> current_id;
};

/// The view model of every input of the person form: one entry per field, typed for the
/// template (text, long text, number, date, checkbox, select, checkbox group, company picker).
nlohmann::json person_form_inputs(const std::vector<crm::FieldDefinition>& fields,
                                  const nlohmann::json& values, const FormErrors& errors,
                                  const std::string& locale, const CompanyChoice& company);

/// The person's values as the form shows them: the API's JSON shape.
nlohmann::json form_values(const crm::Person& person);

/// Reads the submitted person form into the JSON object the person service takes. Text that
/// does not parse as its type (a number field holding "abc") is passed on as text, so the
/// service names it as invalid. The company is left out: it is typed by name (see
/// company_choice_from_form) and resolved by the handler.
nlohmann::json person_values_from_form(const std::vector<crm::FieldDefinition>& fields,
                                       const http::Request& request);

/// The submitted company input.
CompanyChoice company_choice_from_form(const http::Request& request);

/// The person's fields for reading: label and display value (options by their label; the
/// company by `company_name`, linked to its page).
nlohmann::json person_details(const std::vector<crm::FieldDefinition>& fields,
                              const crm::Person& person, const std::string& locale,
                              const std::string& company_name = "");

}  // namespace vern::web
