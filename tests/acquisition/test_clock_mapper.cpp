// ClockMapper: unwrap, offset under USB-like jitter, drift, and clock jumps. Statistical tests on
// synthetic data with a fixed seed (after liblsl's time-postprocessing tests).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "stridecue/acquisition/clock_mapper.hpp"

using namespace stridecue;
using namespace stridecue::acquisition;

TEST(ClockMapper, UnwrapsThe32BitMicrosecondCounter) {
  ClockMapper m;
  const std::uint32_t start = 0xFFFFFF00u;
  EXPECT_EQ(m.unwrap_us(start), TimeNs{start} * 1000);
  EXPECT_EQ(m.unwrap_us(0xFFFFFFF0u), TimeNs{0xFFFFFFF0u} * 1000);
  EXPECT_EQ(m.unwrap_us(0x10u), (TimeNs{1} << 32) * 1000 + 0x10 * 1000);
  EXPECT_EQ(m.unwrap_us(0x20u), (TimeNs{1} << 32) * 1000 + 0x20 * 1000);
}

namespace {
// A device sending a frame every 4 ms; the host reads it after 80 µs plus exponential jitter
// (mean 400 µs) and sometimes a 16 ms burst, like an FTDI adapter's latency timer.
struct Link {
  std::mt19937_64 rng{42};
  std::exponential_distribution<double> jitter{1.0 / 400e3};
  std::bernoulli_distribution burst{0.02};
  TimeNs latency() {
    TimeNs l = 80'000 + static_cast<TimeNs>(jitter(rng));
    if (burst(rng)) l += 16 * kNsPerMs;
    return l;
  }
};
}  // namespace

TEST(ClockMapper, MapsWithinOneMillisecondUnderJitter) {
  ClockMapper m;
  Link link;
  const TimeNs host0 = 5'000 * kNsPerS;
  double max_err_ms = 0, sum_err_ms = 0;
  int n = 0;
  for (int k = 0; k < 15'000; ++k) {  // 60 s
    const TimeNs dev_ns = k * 4 * kNsPerMs;
    const TimeNs true_host = host0 + dev_ns;
    m.observe(dev_ns, true_host + link.latency());
    if (k < 250) continue;  // first second: estimate settling
    const double err_ms = ns_to_ms(m.to_host(dev_ns) - true_host);
    max_err_ms = std::max(max_err_ms, std::fabs(err_ms));
    sum_err_ms += err_ms;
    ++n;
  }
  EXPECT_LT(max_err_ms, 1.0);
  EXPECT_NEAR(sum_err_ms / n, 0.08, 0.1);  // bias ≈ the minimum latency
}

TEST(ClockMapper, FollowsADeviceClockThatDrifts100ppm) {
  ClockMapper m;
  Link link;
  double max_err_ms = 0;
  for (int k = 0; k < 150'000; ++k) {  // 10 minutes
    const TimeNs dev_ns = k * 4 * kNsPerMs;
    const TimeNs true_host = 77 * kNsPerS + static_cast<TimeNs>(dev_ns * (1.0 + 100e-6));
    m.observe(dev_ns, true_host + link.latency());
    if (k < 250) continue;
    max_err_ms = std::max(max_err_ms, std::fabs(ns_to_ms(m.to_host(dev_ns) - true_host)));
  }
  // 100 ppm over the 2 s window is 0.2 ms of staleness on top of the jitter floor.
  EXPECT_LT(max_err_ms, 1.0);
}

TEST(ClockMapper, ResyncsAfterADeviceClockJumpInsteadOfWarpingTime) {
  ClockMapper m;
  TimeNs last_mapped = 0;
  for (int k = 0; k < 2000; ++k) {
    TimeNs dev_ns = k * 4 * kNsPerMs;
    if (k >= 1000) dev_ns += 3600 * kNsPerS;  // the device clock jumps an hour ahead
    const TimeNs true_host = 10 * kNsPerS + k * 4 * kNsPerMs;
    m.observe(dev_ns, true_host + 100'000);
    const TimeNs mapped = m.to_host(dev_ns);
    EXPECT_GE(mapped, last_mapped);
    last_mapped = mapped;
    if (k > 1000) {
      EXPECT_NEAR(ns_to_ms(mapped - true_host), 0.1, 0.01) << k;
    }
  }
  EXPECT_EQ(m.jumps(), 1u);
}
