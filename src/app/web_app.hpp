#pragma once

#include <cstddef>
#include <memory>

#include "app/services.hpp"
#include "app/staff_authenticator.hpp"
#include "http/metrics.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::app {

/// Every route of the API and the web UI, registered on one pipeline over the services.
class WebApp {
 public:
  explicit WebApp(Services& services);

  http::Response handle(http::Request& request) { return pipeline_.handle(request); }
  /// For http::Server's RefuseTooLarge: the error page for a body over the limit.
  http::Response refuse_too_large(http::Request& request, std::size_t max_body_bytes) {
    return pipeline_.refuse_too_large(request, max_body_bytes);
  }
  http::Metrics& metrics() { return metrics_; }
  const http::Pipeline& pipeline() const { return pipeline_; }

 private:
  Services& services_;
  StaffAuthenticator authenticator_;
  http::Metrics metrics_;
  web::Views views_;
  http::Pipeline pipeline_;
};

}  // namespace vern::app
