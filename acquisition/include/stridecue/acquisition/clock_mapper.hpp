// Maps one device's clock (32-bit microseconds, wrapping) onto the host steady clock.
//
// Stages (after liblsl's): unwrap the 32-bit counter to 64 bits; estimate the offset
// host − device as the lower envelope of (host receive time − device time) over a sliding
// window, because transport latency only ever adds delay and its minimum is the most stable
// point; monotonize so mapped times never go backwards. Drift and jump handling are covered by
// the window: a device running fast or slow moves the envelope within one window; a jump of
// the device clock larger than `jump_threshold_ns` resets the estimate (reported via jumps()).
#pragma once

#include <array>
#include <cstdint>

#include "stridecue/core/time.hpp"

namespace stridecue::acquisition {

class ClockMapper {
 public:
  /// window_ns: how long an observed minimum latency stays valid (default 2 s).
  explicit ClockMapper(TimeNs window_ns = 2 * kNsPerS, TimeNs jump_threshold_ns = 500 * kNsPerMs);

  /// Unwraps a 32-bit device timestamp (µs) to 64-bit device nanoseconds. Acquisition thread;
  /// no allocation; never blocks. Handles forward wraps; small backward steps are kept as is.
  TimeNs unwrap_us(std::uint32_t t_device_us);

  /// Feeds one observation: device time of the latest sample in a chunk (unwrapped, ns) and
  /// the host time that chunk was read. Acquisition thread; no allocation.
  void observe(TimeNs device_ns, TimeNs host_rx_ns);

  /// Host time of a device time. Monotonic across calls with non-decreasing device times.
  /// Requires at least one observe(). Acquisition thread; no allocation.
  TimeNs to_host(TimeNs device_ns);

  bool synced() const { return have_offset_; }
  std::uint64_t jumps() const { return jumps_; }
  /// Current offset estimate host − device, ns.
  TimeNs offset_ns() const { return offset_ns_; }
  /// Resets all state (after a reconnect the device clock may restart).
  void reset();

 private:
  // Minimum of (host − device) per bucket of window_/kBuckets, so the envelope can expire old
  // minima without storing every observation.
  static constexpr int kBuckets = 8;
  struct Bucket {
    TimeNs start_host_ns = 0;
    TimeNs min_offset_ns = 0;
    bool used = false;
  };
  void recompute_offset();

  TimeNs window_ns_;
  TimeNs jump_threshold_ns_;
  std::array<Bucket, kBuckets> buckets_{};
  int current_ = 0;
  bool have_offset_ = false;
  TimeNs offset_ns_ = 0;
  TimeNs last_mapped_ns_ = INT64_MIN;
  // unwrap state
  bool have_last_us_ = false;
  std::uint32_t last_us_ = 0;
  std::int64_t wraps_ = 0;
  TimeNs last_device_ns_ = 0;
  std::uint64_t jumps_ = 0;
};

}  // namespace stridecue::acquisition
