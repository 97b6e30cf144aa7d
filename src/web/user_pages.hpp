#pragma once

#include "auth/access_service.hpp"
#include "auth/user_service.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::web {

/// Admin pages for staff users (list, add, deactivate, reset a password) and every user's own
/// API tokens page.
void register_user_pages(http::Pipeline& pipeline, const Views& views, auth::UserService& users,
                         auth::AccessService& access);

}  // namespace vern::web
