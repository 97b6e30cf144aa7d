#pragma once

#include "auth/access_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// POST/GET/DELETE /api/v1/session: log in with a password, see who you are, log out.
void register_session_api(http::Pipeline& pipeline, auth::AccessService& access);

}  // namespace vern::api
