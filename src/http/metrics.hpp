#pragma once

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace vern::http {

/// A figure that another part of Vern reports, read at each scrape (the pool, the outbox, ...).
struct Figure {
  enum class Kind { kGauge, kCounter };
  std::string name;  // vern_...
  Kind kind = Kind::kGauge;
  std::string help;
  std::function<long long()> read;
};

/// Request counts by route and status and a latency histogram, and the figures others report,
/// in Prometheus text format.
class Metrics {
 public:
  void record(const std::string& method, const std::string& route, int status, double seconds);
  /// Adds a figure to every render, after the request metrics; before the server starts.
  void add_figure(Figure figure);

  std::string render() const;

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
  std::vector<Figure> figures_;
};

}  // namespace vern::http
