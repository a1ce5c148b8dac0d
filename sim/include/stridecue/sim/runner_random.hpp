// Random streams of the simulated runner. std::mt19937_64 is fully specified by the standard but
// std::normal_distribution is not, so the Gaussian here is our own (Box–Muller): the same seed
// gives the same runner on libstdc++ and libc++ (bit-identical given the same libm).
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace stridecue::sim::detail {

/// SplitMix64 finaliser (Steele, Lea & Flood 2014): derives independent stream seeds from one
/// user seed.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

/// One stream of uniform and standard-normal variates. Not thread-safe; never allocates.
class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed = 0) : engine_(seed) {}

  /// Uniform in [0, 1).
  double uniform() noexcept { return static_cast<double>(engine_() >> 11U) * 0x1.0p-53; }

  /// Standard normal N(0, 1), Box–Muller (polar form avoided: it consumes a variable number of
  /// draws, which would make the stream depend on rejection luck).
  double gaussian() noexcept {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = (static_cast<double>(engine_() >> 11U) + 1.0) * 0x1.0p-53;  // (0, 1]
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double phi = 2.0 * std::numbers::pi * u2;
    spare_ = r * std::sin(phi);
    has_spare_ = true;
    return r * std::cos(phi);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace stridecue::sim::detail
