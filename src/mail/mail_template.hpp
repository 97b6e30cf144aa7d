#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "crm/field_definition.hpp"
#include "crm/person.hpp"

namespace vern::mail {

/// What a template may say about one recipient: text values by field key, and booleans (for
/// sections such as {{#vip}}…{{/vip}}).
using TemplateValue = std::variant<std::string, bool>;
using TemplateValues = std::map<std::string, TemplateValue, std::less<>>;

/// The tag reserved for the portal link: known, but only the portal can fill it in.
inline constexpr std::string_view kPortalLinkTag = "portal_link";

/// The values of a person for templates: every built-in text field by its key, custom fields
/// (options by their labels in the person's language, several options joined by ", ",
/// booleans as booleans, numbers as written), and `name` (first and last name).
TemplateValues person_template_values(const crm::Person& person,
                                      const std::vector<crm::FieldDefinition>& fields);

/// The names a template may use for these fields: the keys of every field, and `name`.
std::set<std::string, std::less<>> template_names(const std::vector<crm::FieldDefinition>& fields);

/// One recipient's values made ready for rendering: built once, used for the subject and the
/// body alike.
class TemplateData {
 public:
  explicit TemplateData(const TemplateValues& values);
  ~TemplateData();
  TemplateData(const TemplateData&) = delete;
  TemplateData& operator=(const TemplateData&) = delete;

 private:
  friend class MailTemplate;
  struct Data;
  std::unique_ptr<Data> data_;
};

/// A subject or body of a mailing: a Mustache template over a person's fields. Logic-less:
/// variables, sections and inverted sections; no partials, no delimiter changes. The mail is
/// plain text, so nothing is HTML-escaped. One template is used by one thread at a time.
class MailTemplate {
 public:
  /// Throws vern::Error (kInvalid, naming `field`) when the text does not parse, uses a tag
  /// Vern does not support, or names something that is not in `names` (each unknown name is
  /// reported). `{{portal_link}}` is refused unless `allow_portal_link`.
  MailTemplate(std::string field, const std::string& text,
               const std::set<std::string, std::less<>>& names, bool allow_portal_link = false);
  ~MailTemplate();
  MailTemplate(const MailTemplate&) = delete;
  MailTemplate& operator=(const MailTemplate&) = delete;
  MailTemplate(MailTemplate&&) noexcept;
  MailTemplate& operator=(MailTemplate&&) noexcept;

  std::string render(const TemplateData& data);
  std::string render(const TemplateValues& values) { return render(TemplateData(values)); }

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace vern::mail
