// The runner's building blocks on their own: the monotone keyframe track, the contact force
// shapes and the portable random stream.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "stridecue/sim/runner_random.hpp"
#include "stridecue/sim/runner_stance.hpp"
#include "stridecue/sim/runner_track.hpp"

namespace stridecue::sim::detail {
namespace {

TEST(MonotoneTrack, PassesThroughKeyframesWithoutOvershoot) {
  MonotoneTrack tr;
  const double t[] = {0.0, 0.1, 0.25, 0.3, 0.5, 0.9, 1.0, 1.4};
  const double v[] = {0.0, 2.0, 2.5, 7.0, -3.0, -3.0, 1.0, 0.0};
  for (int i = 0; i < 8; ++i) tr.push(t[i], v[i]);
  EXPECT_DOUBLE_EQ(tr.defined_until_s(), 1.0);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(tr.at(t[i]).value, v[i]) << "keyframe " << i;
  // Between keyframes the curve stays within the two keyframe values (monotone segments).
  for (int i = 0; i < 6; ++i) {
    const double lo = std::min(v[i], v[i + 1]), hi = std::max(v[i], v[i + 1]);
    for (int k = 1; k < 100; ++k) {
      const double x = t[i] + (t[i + 1] - t[i]) * k / 100.0;
      const double y = tr.at(x).value;
      ASSERT_GE(y, lo - 1e-12);
      ASSERT_LE(y, hi + 1e-12);
    }
  }
  // Extremes and flat neighbours have zero slope; the first keyframe too.
  EXPECT_EQ(tr.at(0.3).rate, 0.0);
  EXPECT_EQ(tr.at(0.5).rate, 0.0);
  EXPECT_EQ(tr.at(0.9).rate, 0.0);
  EXPECT_EQ(tr.at(-1.0).value, 0.0);
  EXPECT_EQ(tr.at(-1.0).rate, 0.0);
}

TEST(MonotoneTrack, RateIsTheDerivativeAndContinuous) {
  MonotoneTrack tr;
  for (int i = 0; i < 20; ++i) tr.push(0.1 * i + 0.01 * (i % 3), std::sin(i * 1.3) * 5);
  const double h = 1e-7;
  for (double x = 0.05; x < tr.defined_until_s() - 0.01; x += 0.0123) {
    const double num = (tr.at(x + h).value - tr.at(x - h).value) / (2 * h);
    EXPECT_NEAR(tr.at(x).rate, num, 1e-5 * (1 + std::abs(num)));
    const double num2 = (tr.at(x + h).rate - tr.at(x - h).rate) / (2 * h);
    EXPECT_NEAR(tr.at(x).accel, num2, 1e-3 * (1 + std::abs(num2)));
  }
  for (int i = 1; i < 18; ++i) {  // C1 across every keyframe
    const double k = 0.1 * i + 0.01 * (i % 3);
    EXPECT_NEAR(tr.at(k - 1e-9).rate, tr.at(k + 1e-9).rate, 1e-5);
  }
}

TEST(MonotoneTrack, RefusesTimeGoingBackAndQueriesPastThePlan) {
  MonotoneTrack tr;
  tr.push(0.0, 1.0);
  tr.push(1.0, 2.0);
  EXPECT_THROW(tr.push(1.0, 3.0), std::logic_error);
  EXPECT_THROW((void)tr.at(0.5), std::logic_error);  // slope at 1.0 not known yet
  tr.push(2.0, 0.0);
  EXPECT_NO_THROW((void)tr.at(0.5));
  EXPECT_THROW((void)tr.at(1.5), std::logic_error);
}

TEST(StanceShape, ZeroOutsideStancePositiveInside) {
  for (const StanceShape& s :
       {StanceShape::running(2.5, 0.0, 0.12, 0.3), StanceShape::running(2.5, 1.8, 0.12, 0.3),
        StanceShape::walking(1.15, 0.2)}) {
    EXPECT_EQ(s.fz_bw(0.0), 0.0);
    EXPECT_EQ(s.fz_bw(1.0), 0.0);
    EXPECT_EQ(s.fz_bw(-0.1), 0.0);
    EXPECT_EQ(s.fz_bw(1.1), 0.0);
    EXPECT_EQ(s.fx_bw(0.0), 0.0);
    EXPECT_EQ(s.fx_bw(1.0), 0.0);
    EXPECT_GT(s.fz_bw(1e-9), 0.0);
    EXPECT_GT(s.fz_bw(1.0 - 1e-9), 0.0);
    // Area by brute force.
    double area = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) area += s.fz_bw((i + 0.5) / n) / n;
    EXPECT_NEAR(area, s.area_bw(), 1e-6);
  }
}

TEST(StanceShape, ActivePeakAtFortyToFiftyPercentAndImpactSolvedExactly) {
  const StanceShape ff = StanceShape::running(2.7, 0.0, 0.12, 0.3);
  EXPECT_NEAR(ff.peak_bw(), 2.7, 1e-9);
  EXPECT_GE(ff.peak_u(), 0.40);
  EXPECT_LE(ff.peak_u(), 0.50);
  EXPECT_EQ(ff.impact_peak_bw(), 0.0);

  for (const double impact : {1.4, 1.7, 2.0}) {
    const StanceShape rf = StanceShape::running(2.5, impact, 0.12, 0.3);
    EXPECT_NEAR(rf.impact_peak_bw(), impact, 1e-6);
    EXPECT_NEAR(rf.impact_u(), 0.13, 0.03);
    EXPECT_NEAR(rf.dfz_du(rf.impact_u()), 0.0, 1e-4);
    EXPECT_NEAR(rf.peak_bw(), 2.5, 1e-6) << "the bump is over before the active peak";
  }
  // Below the smallest clear impact the shape falls back and says what it produced.
  const double lo = StanceShape::min_impact_peak_bw(2.5, 0.12);
  const StanceShape weak = StanceShape::running(2.5, 0.5 * lo, 0.12, 0.3);
  EXPECT_NEAR(weak.impact_peak_bw(), lo, 1e-9);
}

TEST(RandomStream, SameSeedSameSequenceAndStandardNormalMoments) {
  RandomStream a(5), b(5), c(6);
  double s = 0, ss = 0;
  bool differs = false;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = a.gaussian();
    ASSERT_EQ(x, b.gaussian());
    differs |= x != c.gaussian();
    s += x;
    ss += x * x;
  }
  EXPECT_TRUE(differs);
  EXPECT_NEAR(s / n, 0.0, 0.01);
  EXPECT_NEAR(ss / n, 1.0, 0.01);
}

}  // namespace
}  // namespace stridecue::sim::detail
