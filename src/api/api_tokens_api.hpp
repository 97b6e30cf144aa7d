#pragma once

#include <nlohmann/json.hpp>

#include "auth/access_service.hpp"
#include "http/pipeline.hpp"

namespace vern::api {

/// /api/v1/api-tokens: create (the secret is returned once), list, revoke.
void register_api_tokens_api(http::Pipeline& pipeline, auth::AccessService& access);

/// The JSON form of a token (never its secret).
nlohmann::ordered_json api_token_json(const auth::ApiToken& token);

}  // namespace vern::api
