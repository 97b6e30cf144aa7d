#include "web/outbox_pages.hpp"

#include <array>
#include <string_view>

#include "common/error.hpp"
#include "common/time_format.hpp"
#include "common/validation.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr int kMessagesPerPage = 50;
constexpr std::array kStatuses = {mail::OutboxStatus::kQueued, mail::OutboxStatus::kSending,
                                  mail::OutboxStatus::kSent, mail::OutboxStatus::kFailed};

/// Which messages the page shows: by status, by mailing, or all.
struct OutboxFilter {
  std::optional<mail::OutboxStatus> status;
  std::optional<long long> mailing_id;
};

/// The filter in the address; an unknown status is a 422 that says which are known.
OutboxFilter filter_of(const http::Request& request) {
  OutboxFilter filter;
  if (const std::string status = request.query_param("status"); !status.empty()) {
    filter.status = mail::parse_outbox_status(status);
    if (!filter.status) {
      throw Error::invalid_field("status", "Must be queued, sending, sent or failed.");
    }
  }
  if (const std::string mailing = request.query_param("mailing_id"); !mailing.empty()) {
    filter.mailing_id = validation::parse_id(mailing);
    if (!filter.mailing_id) {
      throw Error::not_found("No such mailing.");
    }
  }
  return filter;
}

/// The outbox's address for `filter`, with `more` ("name=value") added.
std::string outbox_url(const OutboxFilter& filter, std::string_view more = {}) {
  std::string url = "/outbox";
  const auto add = [&url](std::string_view name, std::string_view value) {
    url.append(url.find('?') == std::string::npos ? "?" : "&");
    url.append(name);
    url.append("=");
    url.append(value);
  };
  if (filter.status) {
    add("status", mail::to_string(*filter.status));
  }
  if (filter.mailing_id) {
    add("mailing_id", std::to_string(*filter.mailing_id));
  }
  if (!more.empty()) {
    const auto equals = more.find('=');
    add(more.substr(0, equals), more.substr(equals + 1));
  }
  return url;
}

std::string status_label(const http::Request& request, mail::OutboxStatus status) {
  std::string key = "outbox_status_";
  key.append(mail::to_string(status));
  return text(request, key);
}

/// The links that filter by status, each with its count; the current one marked.
nlohmann::json status_links(const http::Request& request, const mail::OutboxCounts& counts,
                            const OutboxFilter& filter) {
  long long all = 0;
  for (const auto& [status, count] : counts) {
    all += count;
  }
  OutboxFilter unfiltered = filter;
  unfiltered.status.reset();
  nlohmann::json links = nlohmann::json::array();
  links.push_back({{"label", text(request, "outbox_all")},
                   {"status", "all"},
                   {"count", all},
                   {"href", outbox_url(unfiltered)},
                   {"current", !filter.status}});
  for (const mail::OutboxStatus status : kStatuses) {
    const auto found = counts.find(status);
    OutboxFilter by_status = filter;
    by_status.status = status;
    links.push_back({{"label", status_label(request, status)},
                     {"status", mail::to_string(status)},
                     {"count", found == counts.end() ? 0 : found->second},
                     {"href", outbox_url(by_status)},
                     {"current", filter.status == status}});
  }
  return links;
}

nlohmann::json message_rows(const http::Request& request,
                            const std::vector<mail::OutboxMessage>& messages) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& message : messages) {
    nlohmann::json row = {{"id", message.id},
                          {"recipient", message.recipient},
                          {"subject", message.subject},
                          {"status", mail::to_string(message.status)},
                          {"status_label", status_label(request, message.status)},
                          {"attempts", message.attempts},
                          {"error", message.last_error},
                          {"created", format_rfc3339(message.created_at)},
                          {"failed", message.status == mail::OutboxStatus::kFailed}};
    if (message.person_id) {
      row["person_id"] = *message.person_id;
    }
    if (message.sent_at) {
      row["sent"] = format_rfc3339(*message.sent_at);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

http::Response outbox_page(const Views& views, const http::Request& request,
                           mail::OutboxService& outbox, mail::MailingService& mailings) {
  const Actor& actor = *request.context.actor;
  const OutboxFilter filter = filter_of(request);
  nlohmann::json model;
  if (filter.mailing_id) {
    const auto mailing = mailings.get(actor, *filter.mailing_id);
    // The counts by status are the whole outbox's; the mailing's own are these.
    model["mailing"] = {{"id", mailing.id},
                        {"name", mailing.draft.name},
                        {"sent", mailing.sent},
                        {"failed", mailing.failed},
                        {"waiting", mailing.waiting}};
    OutboxFilter everything;
    model["all_href"] = outbox_url(everything);
  }
  mail::OutboxQuery query;
  query.status = filter.status;
  query.mailing_id = filter.mailing_id;
  query.before_id = validation::parse_id(request.query_param("after"));
  query.limit = kMessagesPerPage;
  const auto messages = outbox.list(actor, query);
  model["statuses"] = status_links(request, outbox.counts(actor), filter);
  model["show_counts"] = !filter.mailing_id;
  model["messages"] = message_rows(request, messages);
  model["has_messages"] = !messages.empty();
  if (static_cast<int>(messages.size()) == kMessagesPerPage) {
    std::string after = "after=";
    after.append(std::to_string(messages.back().id));
    model["next"] = outbox_url(filter, after);
  }
  if (filter.status) {
    model["status_filter"] = mail::to_string(*filter.status);
  }
  if (filter.mailing_id) {
    model["mailing_filter"] = std::to_string(*filter.mailing_id);
  }
  if (request.query_param("retried") == "1") {
    model["notice"] = text(request, "outbox_retried");
  } else if (request.query_param("not_retried") == "1") {
    model["problem"] = text(request, "outbox_not_retried");
  }
  return views.page(request, "outbox", text(request, "nav_outbox"), std::move(model));
}

/// The filter the retry form carries back; anything odd in it is dropped, never an error.
OutboxFilter posted_filter(const http::Request& request) {
  OutboxFilter filter;
  filter.status = mail::parse_outbox_status(request.form_field("status"));
  filter.mailing_id = validation::parse_id(request.form_field("mailing_id"));
  return filter;
}

}  // namespace

void register_outbox_pages(http::Pipeline& pipeline, const Views& views,
                           mail::OutboxService& outbox, mail::MailingService& mailings) {
  pipeline.add(http::Method::kGet, "/outbox", http::Access::kStaff,
               [&views, &outbox, &mailings](http::Request& request) {
                 return outbox_page(views, request, outbox, mailings);
               });
  pipeline.add(http::Method::kPost, "/outbox/{id}/retry", http::Access::kStaff,
               [&outbox](http::Request& request) {
                 const OutboxFilter filter = posted_filter(request);
                 try {
                   outbox.retry(*request.context.actor, path_id(request, "message"));
                 } catch (const Error& error) {
                   // Retried already (a second click), or its content is gone: say so.
                   if (error.kind() != ErrorKind::kConflict) {
                     throw;
                   }
                   return http::Response::redirect(outbox_url(filter, "not_retried=1"));
                 }
                 return http::Response::redirect(outbox_url(filter, "retried=1"));
               });
}

}  // namespace vern::web
