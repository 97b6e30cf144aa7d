#pragma once

#include <memory>

#include "app/services.hpp"
#include "http/metrics.hpp"
#include "http/pipeline.hpp"
#include "web/views.hpp"

namespace vern::app {

/// Every route of the API and the web UI, registered on one pipeline over the services.
class WebApp {
 public:
  explicit WebApp(Services& services);

  http::Response handle(http::Request& request) { return pipeline_.handle(request); }
  http::Metrics& metrics() { return metrics_; }
  const http::Pipeline& pipeline() const { return pipeline_; }

 private:
  Services& services_;
  http::Metrics metrics_;
  web::Views views_;
  http::Pipeline pipeline_;
};

}  // namespace vern::app
