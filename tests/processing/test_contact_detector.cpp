// ContactDetector: hysteresis, minimum durations, ringing rejection and event timing.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "stridecue/processing/contact_detector.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

// Half-sine contact of `contact_s` and `peak_n` starting at t_ic_s; zero elsewhere.
double half_sine(double t_s, double t_ic_s, double contact_s, double peak_n) {
  const double u = (t_s - t_ic_s) / contact_s;
  return (u > 0 && u < 1) ? peak_n * std::sin(std::numbers::pi * u) : 0.0;
}

struct DetectorRun {
  std::vector<Contact> contacts;
  std::uint64_t rejected = 0;
};

template <typename F>
DetectorRun run(ContactDetector& d, double rate_hz, double duration_s, F force) {
  DetectorRun r;
  const auto n = static_cast<long>(duration_s * rate_hz);
  for (long i = 0; i < n; ++i) {
    const double t = i / rate_hz;
    if (d.feed(s_to_ns(t), force(t)) == ContactDetector::Event::kContactEnded) {
      r.contacts.push_back(d.last_contact());
    }
  }
  r.rejected = d.rejected_blips();
  return r;
}

}  // namespace

// Time after IC (or before TO) at which A·sin(π u) reaches `level`, for contact T.
double half_sine_crossing_s(double level, double contact_s, double peak_n) {
  return std::asin(level / peak_n) * contact_s / std::numbers::pi;
}

TEST(ContactDetector, FindsEveryContactAtItsInterpolatedThresholdCrossings) {
  ContactDetector d;  // 30 N on, 20 N off
  const double step_s = 0.36, contact_s = 0.25, peak_n = 1700.0;
  auto force = [&](double t) {
    const double k = std::floor(t / step_s);
    return half_sine(t, k * step_s + 0.1, contact_s, peak_n);
  };
  const DetectorRun r = run(d, 1000.0, 10.0, force);
  ASSERT_EQ(r.contacts.size(), 27u);  // contacts at 0.1 + 0.36k, k = 0..26, end before 10 s
  const double on_s = half_sine_crossing_s(30.0, contact_s, peak_n);   // ≈ 1.40 ms
  const double off_s = half_sine_crossing_s(20.0, contact_s, peak_n);  // ≈ 0.94 ms
  for (std::size_t i = 0; i < r.contacts.size(); ++i) {
    const double t_ic = i * step_s + 0.1;
    EXPECT_NEAR(ns_to_s(r.contacts[i].t_ic_ns), t_ic + on_s, 0.00002) << i;
    EXPECT_NEAR(ns_to_s(r.contacts[i].t_to_ns), t_ic + contact_s - off_s, 0.00002) << i;
  }
  EXPECT_EQ(r.rejected, 0u);
}

TEST(ContactDetector, HigherThresholdsShortenTheContact) {
  ContactThresholds th;
  th.on_n = 50;
  th.off_n = 50;
  ContactDetector d(th);
  const DetectorRun r =
      run(d, 1000.0, 1.0, [](double t) { return half_sine(t, 0.2, 0.25, 1700.0); });
  ASSERT_EQ(r.contacts.size(), 1u);
  // sin rises at 1700·π/0.25 ≈ 21.4 N/ms: 50 N ≈ 2.34 ms after IC and before TO.
  EXPECT_NEAR(ns_to_ms(r.contacts[0].t_ic_ns) - 200.0, 2.34, 0.02);
  EXPECT_NEAR(450.0 - ns_to_ms(r.contacts[0].t_to_ns), 2.34, 0.02);
}

TEST(ContactDetector, RingingInFlightIsRejectedAndCounted) {
  ContactDetector d;
  // One real contact, then a 5 ms, 80 N ringing lobe in flight, then another real contact.
  auto force = [](double t) {
    double f = half_sine(t, 0.1, 0.25, 1500.0) + half_sine(t, 0.75, 0.25, 1500.0);
    if (t > 0.50 && t < 0.505) f += 80.0 * std::sin(2 * std::numbers::pi * 100 * (t - 0.5));
    return f;
  };
  const DetectorRun r = run(d, 1000.0, 1.2, force);
  EXPECT_EQ(r.contacts.size(), 2u);
  EXPECT_EQ(r.rejected, 1u);
}

TEST(ContactDetector, RingingRightAfterToeOffIsRejectedAndCountedAsRinging) {
  ContactDetector d;
  // A 12 ms, 90 N ringing lobe 8 ms after the first contact's toe-off (0.35 s).
  auto force = [](double t) {
    double f = half_sine(t, 0.1, 0.25, 1500.0) + half_sine(t, 0.75, 0.25, 1500.0);
    if (t > 0.358 && t < 0.370) f += 90.0 * std::sin(std::numbers::pi * (t - 0.358) / 0.012);
    return f;
  };
  const DetectorRun r = run(d, 1000.0, 1.2, force);
  EXPECT_EQ(r.contacts.size(), 2u);
  EXPECT_EQ(d.rejected_blips(), 1u);
  EXPECT_EQ(d.rejected_ringing(), 1u);
}

TEST(ContactDetector, AStanceLandingSoonAfterAToeOffIsAStep) {
  // Regression (a real recording, fast running): the other foot landed ≈ 20 ms after this
  // foot's toe-off, and the whole 250 ms stance, loading the plate past 1 BW, was thrown away as
  // "ringing after toe-off". A short flight is still a flight: what follows decides.
  ContactDetector d;
  auto force = [](double t) {
    return half_sine(t, 0.10, 0.25, 1800.0) + half_sine(t, 0.37, 0.25, 1800.0);
  };
  const DetectorRun r = run(d, 1000.0, 0.8, force);
  ASSERT_EQ(r.contacts.size(), 2u);
  EXPECT_EQ(r.rejected, 0u);
  const double flight_ms = ns_to_ms(r.contacts[1].t_ic_ns - r.contacts[0].t_to_ns);
  EXPECT_GT(flight_ms, 15.0);
  EXPECT_LT(flight_ms, 25.0);
  EXPECT_NEAR(ns_to_ms(r.contacts[1].t_to_ns - r.contacts[1].t_ic_ns), 250.0, 5.0);
}

TEST(ContactDetector, HysteresisHoldsThroughDipsAboveOffThreshold) {
  ContactDetector d;
  // A contact whose force dips to 30 N mid-stance (between off 20 and on 50): still one contact.
  auto force = [](double t) {
    if (t < 0.1 || t > 0.4) return 0.0;
    if (t > 0.24 && t < 0.26) return 30.0;
    return 800.0;
  };
  const DetectorRun r = run(d, 1000.0, 0.6, force);
  EXPECT_EQ(r.contacts.size(), 1u);
}

TEST(ContactDetector, DoesNotReportAContactAlreadyInProgressAtStart) {
  ContactDetector d;
  const DetectorRun r =
      run(d, 1000.0, 0.6, [](double t) { return half_sine(t, -0.1, 0.25, 1500.0); });
  EXPECT_TRUE(r.contacts.empty());
}

TEST(ContactDetector, RejectsInconsistentThresholds) {
  ContactThresholds th;
  th.on_n = 10;
  th.off_n = 20;
  EXPECT_THROW(ContactDetector{th}, std::invalid_argument);
}
