#pragma once

#include "auth/access_service.hpp"
#include "auth/user_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// The login form, logging out and the staff user's language switch (the start page is the
/// dashboard: web/dashboard_page).
void register_session_pages(http::Pipeline& pipeline, const Views& views,
                            auth::AccessService& access, auth::UserService& users);

}  // namespace vern::web
