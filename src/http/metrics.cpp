#include "http/metrics.hpp"

#include <sstream>

namespace vern::http {
namespace {

std::string label_value(const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      escaped += '\\';
    }
    escaped += c == '\n' ? ' ' : c;
  }
  return escaped;
}

}  // namespace

void Metrics::record(const std::string& method, const std::string& route, int status,
                     double seconds) {
  const std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& histogram = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++histogram.buckets[i];
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::add_figure(Figure figure) {
  const std::lock_guard lock(mutex_);
  figures_.push_back(std::move(figure));
}

std::string Metrics::render() const {
  std::ostringstream out;
  const std::lock_guard lock(mutex_);
  out << "# HELP vern_http_requests_total HTTP requests by method, route and status.\n"
      << "# TYPE vern_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "vern_http_requests_total{method=\"" << method << "\",route=\"" << label_value(route)
        << "\",status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP vern_http_request_duration_seconds Time to answer, by route.\n"
      << "# TYPE vern_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    const std::string label = "route=\"" + label_value(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "vern_http_request_duration_seconds_bucket{" << label << ",le=\"" << kBuckets[i]
          << "\"} " << histogram.buckets[i] << "\n";
    }
    out << "vern_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} "
        << histogram.count << "\n";
    out << "vern_http_request_duration_seconds_sum{" << label << "} " << histogram.sum << "\n";
    out << "vern_http_request_duration_seconds_count{" << label << "} " << histogram.count << "\n";
  }
  for (const Figure& figure : figures_) {
    out << "# HELP " << figure.name << " " << figure.help << "\n"
        << "# TYPE " << figure.name << " "
        << (figure.kind == Figure::Kind::kGauge ? "gauge" : "counter") << "\n"
        << figure.name << " " << figure.read() << "\n";
  }
  return out.str();
}

}  // namespace vern::http
