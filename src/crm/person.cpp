#include "crm/person.hpp"

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

}  // namespace vern::crm
