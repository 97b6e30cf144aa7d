#include "mail/mail_template.hpp"

#include <kainjow/mustache.hpp>

#include "common/error.hpp"
#include "common/text.hpp"

namespace vern::mail {
namespace {

namespace mustache = kainjow::mustache;

const crm::FieldDefinition* definition_of(const std::vector<crm::FieldDefinition>& fields,
                                          std::string_view key) {
  for (const auto& field : fields) {
    if (field.key == key) {
      return &field;
    }
  }
  return nullptr;
}

TemplateValue custom_value(const crm::FieldDefinition* field, const nlohmann::json& value,
                           std::string_view locale) {
  if (value.is_boolean()) {
    return value.get<bool>();
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    return field != nullptr && field->type == crm::FieldType::kOption
               ? field->option_label(text, locale)
               : text;
  }
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) {
      if (!joined.empty()) {
        joined += ", ";
      }
      const std::string text = item.is_string() ? item.get<std::string>() : item.dump();
      joined += field != nullptr ? field->option_label(text, locale) : text;
    }
    return joined;
  }
  if (value.is_null()) {
    return std::string();
  }
  return value.dump();  // a number, as written
}

/// A tag of a template: its sigil ('#', '^', '/', '&', '{', '!', '>', '=' or 0) and name.
struct Tag {
  char sigil = 0;
  std::string name;
};

/// The tags of `text` with the default delimiters, in order (an unclosed tag is left to the
/// parser to report).
std::vector<Tag> tags_of(std::string_view text) {
  std::vector<Tag> tags;
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string_view::npos) {
    const bool triple = text.substr(at + 2, 1) == "{";
    const std::string_view close = triple ? "}}}" : "}}";
    const std::size_t start = at + (triple ? 3 : 2);
    const std::size_t end = text.find(close, start);
    if (end == std::string_view::npos) {
      break;
    }
    std::string inner(text::trim(text.substr(start, end - start)));
    Tag tag;
    if (triple) {
      tag.sigil = '{';
    } else if (!inner.empty() &&
               std::string_view("#^/&!>=").find(inner.front()) != std::string_view::npos) {
      tag.sigil = inner.front();
      inner = std::string(text::trim(std::string_view(inner).substr(1)));
    }
    tag.name = std::move(inner);
    tags.push_back(std::move(tag));
    at = end + close.size();
  }
  return tags;
}

mustache::data to_data(const TemplateValues& values) {
  mustache::data data{mustache::data::type::object};
  for (const auto& [key, value] : values) {
    if (const auto* flag = std::get_if<bool>(&value)) {
      data.set(key, mustache::data(*flag));
    } else if (const auto& text = std::get<std::string>(value); text.empty()) {
      data.set(key, mustache::data(false));  // {{#phone}}…{{/phone}}: only when there is one
    } else {
      data.set(key, text);
    }
  }
  return data;
}

}  // namespace

TemplateValues person_template_values(const crm::Person& person,
                                      const std::vector<crm::FieldDefinition>& fields) {
  TemplateValues values;
  const std::string& locale = person.language;
  for (const auto& text_field : crm::person_text_fields()) {
    const std::string& value = person.*text_field.member;
    const auto* field = definition_of(fields, text_field.key);
    values.emplace(std::string(text_field.key),
                   field != nullptr && field->type == crm::FieldType::kOption && !value.empty()
                       ? field->option_label(value, locale)
                       : value);
  }
  for (const auto& [key, value] : person.custom.items()) {
    values.insert_or_assign(key, custom_value(definition_of(fields, key), value, locale));
  }
  std::string name = person.first_name;
  if (!person.last_name.empty()) {
    name += name.empty() ? "" : " ";
    name += person.last_name;
  }
  values.insert_or_assign("name", std::move(name));
  return values;
}

std::set<std::string, std::less<>> template_names(const std::vector<crm::FieldDefinition>& fields) {
  std::set<std::string, std::less<>> names{"name"};
  for (const auto& text_field : crm::person_text_fields()) {
    names.emplace(text_field.key);
  }
  for (const auto& field : fields) {
    names.insert(field.key);
  }
  return names;
}

struct MailTemplate::Compiled {
  explicit Compiled(const std::string& text) : parsed(text) {}
  mustache::mustache parsed;
};

MailTemplate::MailTemplate(std::string field, const std::string& text,
                           const std::set<std::string, std::less<>>& names,
                           bool allow_portal_link) {
  compiled_ = std::make_unique<Compiled>(text);
  if (!compiled_->parsed.is_valid()) {
    throw Error::invalid_field(field,
                               "The template does not parse: " + compiled_->parsed.error_message());
  }
  FieldErrors errors;
  for (const Tag& tag : tags_of(text)) {
    if (tag.sigil == '!' || tag.sigil == '/') {
      continue;
    }
    if (tag.sigil == '>' || tag.sigil == '=') {
      errors.add(field, "Partials and delimiter changes are not supported in mail templates.");
    } else if (tag.name == kPortalLinkTag && !allow_portal_link) {
      errors.add(field, "{{portal_link}} is only for messages that send a portal link.");
    } else if (tag.name != kPortalLinkTag && tag.name != "." && !names.contains(tag.name)) {
      std::string message = "{{";
      message.append(tag.name).append("}} is not a field.");
      errors.add(field, std::move(message));
    }
  }
  errors.throw_if_any();
  compiled_->parsed.set_custom_escape([](const std::string& value) { return value; });
}

MailTemplate::~MailTemplate() = default;
MailTemplate::MailTemplate(MailTemplate&&) noexcept = default;
MailTemplate& MailTemplate::operator=(MailTemplate&&) noexcept = default;

struct TemplateData::Data {
  mustache::data value;
};

TemplateData::TemplateData(const TemplateValues& values)
    : data_(std::make_unique<Data>(Data{to_data(values)})) {}
TemplateData::~TemplateData() = default;

std::string MailTemplate::render(const TemplateData& data) {
  return compiled_->parsed.render(data.data_->value);
}

}  // namespace vern::mail
