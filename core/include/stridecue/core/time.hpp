// Time on the host: integer nanoseconds of std::chrono::steady_clock, everywhere until output.
#pragma once

#include <chrono>
#include <cstdint>

namespace stridecue {

/// Host steady-clock time in nanoseconds since an arbitrary epoch (the clock's own).
using TimeNs = std::int64_t;

inline constexpr TimeNs kNsPerUs = 1'000;
inline constexpr TimeNs kNsPerMs = 1'000'000;
inline constexpr TimeNs kNsPerS = 1'000'000'000;

/// Now on the host steady clock. Any thread; no allocation; never blocks.
inline TimeNs steady_now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline constexpr double ns_to_s(TimeNs t_ns) noexcept {
  return static_cast<double>(t_ns) * 1e-9;
}
inline constexpr double ns_to_ms(TimeNs t_ns) noexcept {
  return static_cast<double>(t_ns) * 1e-6;
}
inline constexpr TimeNs s_to_ns(double t_s) noexcept {
  return static_cast<TimeNs>(t_s * 1e9 + (t_s >= 0 ? 0.5 : -0.5));
}

}  // namespace stridecue
