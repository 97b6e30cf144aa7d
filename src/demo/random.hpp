#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

namespace vern::demo {

/// The demo data's random numbers: xoshiro256** seeded through splitmix64. Its own generator, not
/// <random>'s distributions, because those may differ between standard libraries and the same
/// seed must give the same demo data everywhere.
class DemoRandom {
 public:
  /// A generator for one thing (a person, a company) of one kind: the same seed, stream and
  /// index always give the same numbers, whatever else was generated before.
  DemoRandom(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
    std::uint64_t mixer = seed ^ (stream * kStreamMultiplier) ^ (index * kIndexMultiplier);
    for (std::uint64_t& word : state_) {
      word = splitmix64(mixer);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  /// A number in [0, bound), without modulo bias (draws below 2^64 mod bound are rejected);
  /// bound > 0.
  std::uint64_t below(std::uint64_t bound) {
    assert(bound > 0);
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t value = next();
      if (value >= threshold) {
        return value % bound;
      }
    }
  }

  /// A number in [low, high].
  long long between(long long low, long long high) {
    return low + static_cast<long long>(below(static_cast<std::uint64_t>(high - low) + 1));
  }

  /// True with a probability of `per_mille` / 1000.
  bool chance(unsigned per_mille) { return below(kPerMille) < per_mille; }

  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(below(items.size()))];
  }

  /// An index into `weights`, each chosen in proportion to its weight.
  std::size_t weighted(std::span<const unsigned> weights) {
    std::uint64_t total = 0;
    for (const unsigned weight : weights) {
      total += weight;
    }
    std::uint64_t roll = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (roll < weights[i]) {
        return i;
      }
      roll -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static constexpr std::uint64_t kStreamMultiplier = 0xD1B54A32D192ED03ULL;
  static constexpr std::uint64_t kIndexMultiplier = 0x9E3779B97F4A7C15ULL;
  static constexpr std::uint64_t kPerMille = 1000;
  static constexpr int kWordBits = 64;

  static std::uint64_t rotate_left(std::uint64_t value, int bits) {
    return (value << bits) | (value >> (kWordBits - bits));
  }

  static std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::array<std::uint64_t, 4> state_{};
};

}  // namespace vern::demo
