#include "stridecue/acquisition/clock_mapper.hpp"

#include <algorithm>
#include <climits>

namespace stridecue::acquisition {

ClockMapper::ClockMapper(TimeNs window_ns, TimeNs jump_threshold_ns)
    : window_ns_(window_ns), jump_threshold_ns_(jump_threshold_ns) {}

void ClockMapper::reset() {
  buckets_ = {};
  current_ = 0;
  have_offset_ = false;
  offset_ns_ = 0;
  last_mapped_ns_ = INT64_MIN;
  have_last_us_ = false;
  last_us_ = 0;
  wraps_ = 0;
  last_device_ns_ = 0;
}

TimeNs ClockMapper::unwrap_us(std::uint32_t t_device_us) {
  if (have_last_us_) {
    // A forward step across 2^32 appears as a large backward difference.
    const std::int64_t diff = static_cast<std::int64_t>(t_device_us) - last_us_;
    if (diff < -(std::int64_t{1} << 31))
      ++wraps_;
    else if (diff > (std::int64_t{1} << 31))
      --wraps_;  // late sample from before a wrap
  }
  have_last_us_ = true;
  last_us_ = t_device_us;
  const std::int64_t us = (wraps_ << 32) + static_cast<std::int64_t>(t_device_us);
  return us * kNsPerUs;
}

void ClockMapper::observe(TimeNs device_ns, TimeNs host_rx_ns) {
  const TimeNs offset = host_rx_ns - device_ns;
  if (have_offset_ && (offset < offset_ns_ - jump_threshold_ns_ ||
                       offset > offset_ns_ + jump_threshold_ns_ + window_ns_)) {
    // The device clock jumped (or the link stalled longer than any latency we accept):
    // start a fresh estimate rather than warping time.
    ++jumps_;
    buckets_ = {};
    current_ = 0;
    have_offset_ = false;
  }
  Bucket& cur = buckets_[current_];
  const TimeNs bucket_len = window_ns_ / kBuckets;
  if (!cur.used) {
    cur = {host_rx_ns, offset, true};
  } else if (host_rx_ns - cur.start_host_ns >= bucket_len) {
    current_ = (current_ + 1) % kBuckets;
    buckets_[current_] = {host_rx_ns, offset, true};
  } else {
    cur.min_offset_ns = std::min(cur.min_offset_ns, offset);
  }
  last_device_ns_ = device_ns;
  recompute_offset();
}

void ClockMapper::recompute_offset() {
  TimeNs best = INT64_MAX;
  const TimeNs newest = buckets_[current_].start_host_ns;
  for (const Bucket& b : buckets_) {
    if (b.used && newest - b.start_host_ns < window_ns_) best = std::min(best, b.min_offset_ns);
  }
  offset_ns_ = best;
  have_offset_ = true;
}

TimeNs ClockMapper::to_host(TimeNs device_ns) {
  TimeNs t = device_ns + offset_ns_;
  if (t < last_mapped_ns_) t = last_mapped_ns_;  // monotonize
  last_mapped_ns_ = t;
  return t;
}

}  // namespace stridecue::acquisition
