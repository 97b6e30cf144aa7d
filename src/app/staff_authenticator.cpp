#include "app/staff_authenticator.hpp"

namespace vern::app {

std::optional<http::Identity> StaffAuthenticator::from_api_token(const std::string& secret) {
  auto user = access_.user_from_api_token(secret);
  if (!user) {
    return std::nullopt;
  }
  return http::Identity{user->actor(), std::move(user->display_name), std::move(user->locale), ""};
}

std::optional<http::Identity> StaffAuthenticator::from_session(const std::string& token) {
  auto session = access_.session_from_token(token);
  if (!session) {
    return std::nullopt;
  }
  return http::Identity{session->user.actor(), std::move(session->user.display_name),
                        std::move(session->user.locale), std::move(session->csrf_token)};
}

}  // namespace vern::app
