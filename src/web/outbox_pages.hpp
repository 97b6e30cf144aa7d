#pragma once

#include "http/pipeline.hpp"
#include "mail/mailing_service.hpp"
#include "mail/outbox_service.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The outbox page: how many messages are in each status, the messages newest first (an audited
/// read: it shows recipients' addresses), filtered by status or mailing, and a retry for each
/// failed message.
void register_outbox_pages(http::Pipeline& pipeline, const Views& views,
                           mail::OutboxService& outbox, mail::MailingService& mailings);

}  // namespace vern::web
