#pragma once

#include <string>
#include <string_view>

#include "consent/consent_service.hpp"
#include "crm/field_service.hpp"
#include "http/pipeline.hpp"
#include "mail/mailing_service.hpp"
#include "query/saved_filter_service.hpp"
#include "web/views.hpp"

// Shared by the mailing pages (mailing_pages.cpp) and their compose form (mailing_form.cpp).
namespace vern::web {

/// The services the mailing pages call.
struct MailingPages {
  const Views& views;
  mail::MailingService& mailings;
  crm::FieldService& fields;
  consent::ConsentService& consents;
  query::SavedFilterService& saved_filters;
};

/// `first` followed by `second`.
std::string joined(std::string_view first, std::string_view second);
/// /mailings/{id}
std::string mailing_path(long long id);
/// The {id} of a /mailings/{id}… path (404 when it is no id).
long long mailing_id(const http::Request& request);
/// A purpose's name in the request's language.
std::string purpose_label(const http::Request& request, consent::BulkPurpose purpose);

/// The compose and edit form of a mailing: GET /mailings/new (prefilled from ?filter= or
/// ?saved_filter_id=), POST /mailings, GET and POST /mailings/{id}/edit; errors beside the
/// inputs, with what was typed kept.
void register_mailing_form(http::Pipeline& pipeline, const MailingPages& pages);

}  // namespace vern::web
