#include "app/web_app.hpp"

#include "api/api_tokens_api.hpp"
#include "api/audit_api.hpp"
#include "api/session_api.hpp"
#include "api/system_api.hpp"
#include "api/users_api.hpp"
#include "web/audit_pages.hpp"
#include "web/session_pages.hpp"
#include "web/static_files.hpp"
#include "web/user_pages.hpp"

namespace vern::app {

WebApp::WebApp(Services& services)
    : services_(services),
      pipeline_(services.access(), metrics_,
                [this](const http::Request& request, int status, const std::string& message) {
                  return views_.error(request, status, message);
                }) {
  api::register_system_api(pipeline_, services_.database(), metrics_);
  api::register_session_api(pipeline_, services_.access());
  api::register_api_tokens_api(pipeline_, services_.access());
  api::register_users_api(pipeline_, services_.users());
  api::register_audit_api(pipeline_, services_.audit());
  web::register_static_files(pipeline_);
  web::register_session_pages(pipeline_, views_, services_.access(), services_.users());
  web::register_user_pages(pipeline_, views_, services_.users(), services_.access());
  web::register_audit_pages(pipeline_, views_, services_.audit());
}

}  // namespace vern::app
