#include "mail/mailing_audience.hpp"

namespace vern::mail {

Compiled compile(const MailingDraft& draft, const std::vector<crm::FieldDefinition>& fields) {
  Compiled compiled{std::nullopt, consent::BulkRules(draft.purpose, draft.consent_type)};
  if (draft.filter) {
    compiled.filter = query::parse_filter(*draft.filter, fields);
  }
  return compiled;
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\r' || c == '\n') {
      c = ' ';
    }
  }
  return text;
}

std::string entity_id(long long id) {
  return std::to_string(id);
}

}  // namespace vern::mail
