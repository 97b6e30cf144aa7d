#pragma once

#include "auth/access_service.hpp"
#include "http/pipeline.hpp"

namespace vern::app {

/// The pipeline's authenticator over staff sessions and API tokens.
class StaffAuthenticator final : public http::Authenticator {
 public:
  explicit StaffAuthenticator(auth::AccessService& access) : access_(access) {}

  std::optional<http::Identity> from_api_token(const std::string& secret) override;
  std::optional<http::Identity> from_session(const std::string& token) override;

 private:
  auth::AccessService& access_;
};

}  // namespace vern::app
