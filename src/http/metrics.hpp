#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace vern::http {

/// Request counts by route and status and a latency histogram, in Prometheus text format.
class Metrics {
 public:
  void record(const std::string& method, const std::string& route, int status, double seconds);

  /// The request metrics; `extra` is appended as is (gauges owned by others, e.g. pool use).
  std::string render(const std::string& extra = {}) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,  0.5,  1.0,   5.0};
  struct Histogram {
    std::array<unsigned long long, kBuckets.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, unsigned long long> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace vern::http
