#pragma once

#include "auth/user_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/users for admins: list, add, change active state, reset a password.
void register_users_api(http::Pipeline& pipeline, auth::UserService& users);

}  // namespace vern::api
