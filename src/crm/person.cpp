#include "crm/person.hpp"

#include <algorithm>

namespace vern::crm {

std::string Person::display_name() const {
  std::string name = first_name;
  if (!last_name.empty()) {
    name += name.empty() ? last_name : " " + last_name;
  }
  return name.empty() ? email : name;
}

const std::vector<TextField>& person_text_fields() {
  static const std::vector<TextField> kFields = {
      {"first_name", &Person::first_name},
      {"last_name", &Person::last_name},
      {"email", &Person::email},
      {"phone", &Person::phone},
      {"mobile", &Person::mobile},
      {"street", &Person::street},
      {"postal_code", &Person::postal_code},
      {"city", &Person::city},
      {"country", &Person::country},
      {"birth_date", &Person::birth_date},
      {"title", &Person::title},
      {"language", &Person::language},
  };
  return kFields;
}

nlohmann::ordered_json person_values(const Person& person) {
  nlohmann::ordered_json values;
  for (const TextField& field : person_text_fields()) {
    const std::string& text = person.*field.member;
    values[std::string(field.key)] =
        text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
  }
  values["company_id"] = person.company_id ? nlohmann::ordered_json(*person.company_id)
                                           : nlohmann::ordered_json(nullptr);
  values["custom"] = nlohmann::ordered_json::object();
  for (const auto& [key, value] : person.custom.items()) {
    values["custom"][key] = value;
  }
  return values;
}

std::vector<std::string> changed_fields(const Person& before, const Person& after) {
  std::vector<std::string> changed = changed_keys(before, after, person_text_fields());
  if (before.company_id != after.company_id) {
    changed.emplace_back("company_id");
  }
  const auto custom_value = [](const Person& person, const std::string& key) {
    const auto found = person.custom.find(key);
    return found == person.custom.end() ? nlohmann::json() : *found;
  };
  std::vector<std::string> custom_keys;
  for (const Person* version : {&before, &after}) {
    for (const auto& [key, value] : version->custom.items()) {
      if (std::find(custom_keys.begin(), custom_keys.end(), key) == custom_keys.end()) {
        custom_keys.push_back(key);
      }
    }
  }
  for (const std::string& key : custom_keys) {
    if (custom_value(before, key) != custom_value(after, key)) {
      changed.push_back(key);
    }
  }
  return changed;
}

}  // namespace vern::crm
