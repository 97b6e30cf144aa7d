#include "web/portal_pages.hpp"

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/time_format.hpp"
#include "privacy/deadline.hpp"
#include "web/page_helpers.hpp"
#include "web/person_form.hpp"
#include "web/views.hpp"

namespace vern::web {
namespace {

constexpr std::string_view kPortalCookie = "vern_portal";
constexpr std::string_view kPortalLanguageCookie = "vern_portal_lang";
constexpr std::string_view kPortalPath = "/portal";

/// The first language of Accept-Language the portal speaks, else "".
std::string browser_language(const http::Request& request) {
  return http::accepted_language(request.header("accept-language"), i18n::language_codes());
}

/// The language the visitor chose with the page's switch, else "".
std::string chosen_language(const http::Request& request) {
  const std::string chosen = request.cookie(std::string(kPortalLanguageCookie));
  return i18n::is_language(chosen) ? chosen : "";
}

http::Cookie portal_cookie(std::string_view name, std::string value, long long max_age) {
  http::Cookie cookie;
  cookie.name = std::string(name);
  cookie.value = std::move(value);
  cookie.path = std::string(kPortalPath);
  cookie.max_age = max_age;
  cookie.http_only = true;
  // Lax, not Strict: the first request comes from a link in a webmail page, then a redirect.
  cookie.same_site = "Lax";
  return cookie;
}

/// A whole portal page: `page` inside the portal's own layout (no staff navigation).
http::Response portal_page(int status, std::string_view page, const std::string& language,
                           const std::string& title, nlohmann::json model,
                           bool language_switch = false) {
  nlohmann::json context = std::move(model);
  context["lang"] = language;
  context["title"] = title;
  if (language_switch) {
    nlohmann::json languages = nlohmann::json::array();
    for (const i18n::Language& option : i18n::kLanguages) {
      languages.push_back(
          {{"code", option.code}, {"name", option.name}, {"current", option.code == language}});
    }
    context["languages"] = std::move(languages);
    context["has_languages"] = true;
  }
  return http::Response::html(
      status, Views::render_in(page, "portal_layout", context, &i18n::catalogue(language)));
}

/// A page that says one thing and shows no personal data: unknown or expired links, a session
/// that ended, throttling, logging out.
http::Response message_page(int status, const std::string& language, const std::string& heading,
                            const std::string& text) {
  return portal_page(status, "portal_message", language, heading,
                     {{"heading", heading}, {"text", text}});
}

std::string t(const std::string& language, const std::string& key) {
  return i18n::text(language, key);
}

std::string fallback_language(const http::Request& request) {
  std::string language = chosen_language(request);
  if (language.empty()) {
    language = browser_language(request);
  }
  return language.empty() ? "en" : language;
}

http::Response no_session_page(const http::Request& request) {
  const std::string language = fallback_language(request);
  http::Response response = message_page(401, language, t(language, "p_no_session_title"),
                                         t(language, "p_signed_out_text"));
  response.cookies.push_back(portal_cookie(kPortalCookie, "", 0));
  return response;
}

struct Visit {
  portal::PortalSession session;
  std::string token;
};

std::optional<Visit> current_visit(const http::Request& request, portal::PortalLinkService& links) {
  std::string token = request.cookie(std::string(kPortalCookie));
  if (token.empty()) {
    return std::nullopt;
  }
  auto session = links.session(token);
  if (!session) {
    return std::nullopt;
  }
  return Visit{std::move(*session), std::move(token)};
}

bool csrf_ok(const http::Request& request, const portal::PortalSession& session) {
  const std::string sent = request.form_field("csrf");
  return !sent.empty() && crypto::equal_constant_time(sent, session.csrf_token);
}

std::string since_text(const std::optional<UnixTime>& since) {
  return since ? format_rfc3339(*since).substr(0, 10) : "";
}

struct PageState {
  std::string notice;   // an i18n key, shown in the page's language
  std::string problem;  // likewise
  bool conflict = false;
  FormErrors errors;
  std::optional<nlohmann::json> typed;  // the form's values as sent, when saving failed
  std::string erasure_due;
  bool confirm_forget = false;
};

http::Response main_page(const http::Request& request, portal::SubjectService& subject,
                         const Visit& visit, const PageState& state, int status) {
  const portal::PortalView view =
      subject.view(visit.session, chosen_language(request), browser_language(request));
  const privacy::PersonDataPackage& package = view.package;
  const std::string& language = package.language;
  nlohmann::json model;
  model["csrf"] = visit.session.csrf_token;
  model["organisation"] = package.controller.name;
  model["controller"] = {{"name", package.controller.name},
                         {"contact_email", package.controller.contact_email},
                         {"dpo_email", package.controller.dpo_email}};
  nlohmann::json read_fields = nlohmann::json::array();
  for (const auto& field : package.fields) {
    if (!field.editable || field.key == "company_id") {
      read_fields.push_back({{"label", field.label}, {"value", field.value}});
    }
  }
  model["has_read_fields"] = !read_fields.empty();
  model["read_fields"] = std::move(read_fields);
  const nlohmann::json values = state.typed ? *state.typed : form_values(view.person);
  model["inputs"] = person_form_inputs(view.editable, values, state.errors, language, {});
  model["has_inputs"] = !view.editable.empty();
  model["version"] = std::to_string(package.person_version);
  model["has_errors"] = !state.errors.empty();
  model["conflict"] = state.conflict;
  model["shows_consents"] = package.shows_consents;
  nlohmann::json consents = nlohmann::json::array();
  for (const auto& consent : package.consents) {
    consents.push_back({{"key", consent.key},
                        {"name", consent.name},
                        {"purpose", consent.purpose},
                        {"state_label", t(language, "p_state_" + consent.state)},
                        {"since", since_text(consent.since)},
                        {"granted", consent.state == "granted"},
                        {"changeable", consent.changeable}});
  }
  model["consents"] = std::move(consents);
  model["objects"] = package.objects_to_direct_marketing;
  nlohmann::json history = nlohmann::json::array();
  for (const auto& entry : package.history) {
    history.push_back(
        {{"date", entry.date}, {"type_label", entry.type_label}, {"text", entry.text}});
  }
  model["has_history"] = !history.empty();
  model["history"] = std::move(history);
  nlohmann::json activities = nlohmann::json::array();
  for (const auto& activity : package.activities) {
    activities.push_back({{"name", activity.name},
                          {"date", activity.date},
                          {"description", activity.description},
                          {"status_label", activity.status_label}});
  }
  model["has_activities"] = !activities.empty();
  model["activities"] = std::move(activities);
  model["allow_export"] = view.settings.allow_export;
  model["allow_erasure"] = view.settings.allow_erasure_request;
  model["confirm_forget"] = state.confirm_forget;
  model["notice"] = state.notice.empty() ? "" : t(language, state.notice);
  model["problem"] = state.problem.empty() ? "" : t(language, state.problem);
  model["erasure_due"] = state.erasure_due;
  return portal_page(status, "portal", language, t(language, "p_title"), std::move(model), true);
}

/// The visitor's language for a page before the person is known.
std::string visit_language(const http::Request& request) {
  return fallback_language(request);
}

/// Runs `action` for the visitor's session with a valid CSRF token; otherwise the page that
/// says why (no session: 401; a forged or missing token: 403, nothing done).
template <typename Action>
http::Response with_form(http::Request& request, portal::PortalLinkService& links,
                         portal::SubjectService& subject, Action action) {
  const auto visit = current_visit(request, links);
  if (!visit) {
    return no_session_page(request);
  }
  if (!csrf_ok(request, visit->session)) {
    PageState state;
    state.problem = "p_expired_form";
    return main_page(request, subject, *visit, state, 403);
  }
  return or_shown_again(
      {ErrorKind::kForbidden}, [&] { return action(*visit); },
      [&](const Error&) {
        PageState state;  // an action the settings or the consent type do not allow
        state.problem = "p_not_allowed";
        return main_page(request, subject, *visit, state, 403);
      });
}

void register_link_route(http::Pipeline& pipeline, portal::PortalLinkService& links,
                         const Clock& clock) {
  pipeline.add(
      http::Method::kGet, "/p/{token}", http::Access::kPublic,
      [&links, &clock](http::Request& request) {
        const std::string language = fallback_language(request);
        portal::OpenedLink opened;
        try {
          opened = links.open(request.path_param("token"), request.client_address);
        } catch (const Error& error) {
          if (error.kind() != ErrorKind::kThrottled) {
            throw;
          }
          return message_page(429, language, t(language, "p_throttled_title"),
                              t(language, "p_throttled_text"));
        }
        using Outcome = portal::OpenedLink::Outcome;
        if (opened.outcome == Outcome::kUnknown) {
          return message_page(404, language, t(language, "p_not_found_title"),
                              t(language, "p_not_found_text"));
        }
        const std::string link_language =
            i18n::is_language(opened.language) ? opened.language : language;
        if (opened.outcome == Outcome::kGone) {
          return message_page(410, link_language, t(link_language, "p_gone_title"),
                              t(link_language, "p_gone_text"));
        }
        http::Response response = http::Response::redirect(std::string(kPortalPath));
        const long long lifetime = std::max<long long>(1, opened.session.expires_at - clock.now());
        response.cookies.push_back(portal_cookie(kPortalCookie, opened.session_token, lifetime));
        return response;
      });
}

}  // namespace

void register_portal_pages(http::Pipeline& pipeline, const Clock& clock,
                           portal::PortalLinkService& links, portal::SubjectService& subject) {
  register_link_route(pipeline, links, clock);
  pipeline.add(http::Method::kGet, "/portal", http::Access::kPublic,
               [&links, &subject](http::Request& request) {
                 if (const std::string lang = request.query_param("lang"); !lang.empty()) {
                   http::Response response = http::Response::redirect(std::string(kPortalPath));
                   if (i18n::is_language(lang)) {
                     response.cookies.push_back(
                         portal_cookie(kPortalLanguageCookie, lang, 365LL * 24 * 3600));
                   }
                   return response;
                 }
                 const auto visit = current_visit(request, links);
                 if (!visit) {
                   return no_session_page(request);
                 }
                 PageState state;
                 const std::string saved = request.query_param("saved");
                 if (saved == "profile") {
                   state.notice = "p_saved";
                 } else if (saved == "unchanged") {
                   state.notice = "p_nothing_changed";
                 } else if (saved == "consents") {
                   state.notice = "p_consent_saved";
                 }
                 if (const std::string due = request.query_param("erasure_due");
                     privacy::parse_date(due)) {
                   state.erasure_due = due;
                 }
                 state.confirm_forget = request.query_param("forget") == "1";
                 return main_page(request, subject, *visit, state, 200);
               });
  pipeline.add(
      http::Method::kPost, "/portal/profile", http::Access::kPublic,
      [&links, &subject](http::Request& request) {
        return with_form(request, links, subject, [&](const Visit& visit) {
          const nlohmann::json values = person_values_from_form(subject.editable(), request);
          PageState state;
          try {
            const long long version = std::stoll("0" + request.form_field("version"));
            const auto changed = subject.update_profile(visit.session, values, version);
            return http::Response::redirect(changed.empty() ? "/portal?saved=unchanged#profile"
                                                            : "/portal?saved=profile#profile");
          } catch (const Error& error) {
            if (error.kind() == ErrorKind::kPreconditionFailed) {
              state.conflict = true;  // the current values are shown; nothing was saved
              return main_page(request, subject, visit, state, 409);
            }
            if (error.kind() != ErrorKind::kInvalid) {
              throw;
            }
            for (const auto& field_error : error.field_errors()) {
              state.errors[field_error.field] = field_error.message;
            }
            state.typed = values;
            return main_page(request, subject, visit, state, 422);
          } catch (const std::out_of_range&) {
            state.conflict = true;
            return main_page(request, subject, visit, state, 409);
          }
        });
      });
  pipeline.add(http::Method::kPost, "/portal/consents", http::Access::kPublic,
               [&links, &subject](http::Request& request) {
                 return with_form(request, links, subject, [&](const Visit& visit) {
                   if (request.form_field("object") == "1") {
                     subject.object_to_marketing(visit.session);
                   } else {
                     subject.set_consent(visit.session, request.form_field("consent_type"),
                                         request.form_field("granted") == "1");
                   }
                   return http::Response::redirect("/portal?saved=consents#consents");
                 });
               });
  pipeline.add(
      http::Method::kPost, "/portal/erasure-request", http::Access::kPublic,
      [&links, &subject](http::Request& request) {
        return with_form(request, links, subject, [&](const Visit& visit) {
          const privacy::DataRequest received = subject.request_erasure(visit.session);
          return http::Response::redirect(
              "/portal?erasure_due=" + privacy::format_date(received.due_date) + "#forget");
        });
      });
  pipeline.add(http::Method::kPost, "/portal/logout", http::Access::kPublic,
               [&links, &subject](http::Request& request) {
                 return with_form(request, links, subject, [&](const Visit& visit) {
                   links.end_session(visit.token);
                   const std::string language = visit_language(request);
                   http::Response response =
                       message_page(200, language, t(language, "p_signed_out"),
                                    t(language, "p_signed_out_text"));
                   response.cookies.push_back(portal_cookie(kPortalCookie, "", 0));
                   return response;
                 });
               });
  for (const auto& [path, format] :
       {std::pair{"/portal/export.json", privacy::ExportFormat::kJson},
        std::pair{"/portal/export.xlsx", privacy::ExportFormat::kXlsx}}) {
    pipeline.add(http::Method::kGet, path, http::Access::kPublic,
                 [&links, &subject, format = format](http::Request& request) {
                   const auto visit = current_visit(request, links);
                   if (!visit) {
                     return no_session_page(request);
                   }
                   auto file = subject.download(visit->session, format, chosen_language(request),
                                                browser_language(request));
                   return http::Response::download(std::move(file.content_type), file.file_name,
                                                   std::move(file.body));
                 });
  }
}

}  // namespace vern::web
