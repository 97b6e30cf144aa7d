#pragma once

#include "http/pipeline.hpp"
#include "mail/mailing_service.hpp"
#include "mail/outbox_service.hpp"

namespace vern::api {

/// The JSON of a mailing with its counts and progress (the API and the page's live progress).
nlohmann::ordered_json mailing_json(const mail::Mailing& mailing);

/// /api/v1/mailings (list, compose, read with counts and progress, change and delete a draft,
/// preview for one recipient, send) and /api/v1/outbox (list, retry a failed message).
void register_mailings_api(http::Pipeline& pipeline, mail::MailingService& mailings,
                           mail::OutboxService& outbox);

}  // namespace vern::api
