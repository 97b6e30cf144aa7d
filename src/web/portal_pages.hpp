#pragma once

#include "common/clock.hpp"
#include "http/pipeline.hpp"
#include "portal/portal_link_service.hpp"
#include "portal/subject_service.hpp"

namespace vern::web {

/// The GDPR portal, the subject's side: `/p/TOKEN` swaps a link's token for a portal session
/// cookie and leaves the address bar; `/portal` shows the person data package and takes the
/// subject's corrections, consent choices, objection, downloads, erasure request and logout.
/// Every form carries the portal session's CSRF token. The pages speak Norwegian (bokmål),
/// Swedish and English, work without JavaScript and load nothing from elsewhere.
void register_portal_pages(http::Pipeline& pipeline, const Clock& clock,
                           portal::PortalLinkService& links, portal::SubjectService& subject);

}  // namespace vern::web
