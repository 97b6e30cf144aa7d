#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "crm/field_definition.hpp"
#include "http/params.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace vern::web {

// Small pieces every page handler needs, in one place.

/// What `work` answers; or, when it throws a vern::Error of one of `kinds` (invalid input, a
/// conflict), what `shown_again` answers for that error: the form again, with its messages. Any
/// other error passes on to the pipeline's error page.
template <typename Work, typename ShownAgain>
http::Response or_shown_again(std::initializer_list<ErrorKind> kinds, Work&& work,
                              ShownAgain&& shown_again) {
  try {
    return std::forward<Work>(work)();
  } catch (const Error& error) {
    if (std::find(kinds.begin(), kinds.end(), error.kind()) == kinds.end()) {
      throw;
    }
    return std::forward<ShownAgain>(shown_again)(error);
  }
}

/// The field errors of an invalid-input error as {field: message}, for showing beside inputs.
nlohmann::json field_messages(const Error& error);

/// An error for a page's error box: {"error": what, "messages": ["field: message", ...]}.
nlohmann::json error_model(const Error& error);

/// A text of the staff UI in the request's language.
std::string text(const http::Request& request, const std::string& key);

/// The model of a page shown after a change was saved (`?done=1`): {"notice": "Saved"} in the
/// request's language, or an empty object.
nlohmann::json saved_notice(const http::Request& request);

/// Sets the action and heading of a form that makes a new record or edits record `id` (0: new):
/// `/PATH/new` with the text KIND_new, or `/PATH/ID/edit` with KIND_edit; returns the heading.
std::string set_form_target(nlohmann::json& model, const http::Request& request,
                            const std::string& path, const std::string& kind, long long id);

/// Labels typed in a form's fields PREFIX_en, PREFIX_nb and PREFIX_sv ("label_en", …).
crm::Labels labels_from_form(const http::Request& request, const std::string& prefix);

}  // namespace vern::web
