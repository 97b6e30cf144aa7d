#pragma once

#include "consent/consent_service.hpp"
#include "crm/field_service.hpp"
#include "http/pipeline.hpp"
#include "mail/mailing_service.hpp"
#include "query/saved_filter_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The bulk mailing pages: the list, the compose and edit form (audience, purpose, consent type,
/// subject and text as templates), a draft's counts of who receives it and who is left out and
/// why, its preview for one recipient, sending (confirmed by a tick box, so it works without
/// JavaScript) and deleting, and a sent mailing's progress, which vern.js keeps up to date.
void register_mailing_pages(http::Pipeline& pipeline, const Views& views,
                            mail::MailingService& mailings, crm::FieldService& fields,
                            consent::ConsentService& consents,
                            query::SavedFilterService& saved_filters);

}  // namespace vern::web
