#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace vern {

/// Seconds since the Unix epoch, UTC: how Vern stores every instant.
using UnixTime = std::int64_t;

/// The source of "now". Injected wherever time matters so tests can move it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixTime now() const = 0;
};

/// The real wall clock.
class SystemClock final : public Clock {
 public:
  UnixTime now() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

/// A clock that tests set and advance by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixTime start) : now_(start) {}
  UnixTime now() const override { return now_.load(); }
  void set(UnixTime when) { now_.store(when); }
  void advance(std::int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<UnixTime> now_;
};

}  // namespace vern
