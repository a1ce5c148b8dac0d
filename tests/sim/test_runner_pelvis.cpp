// Pelvis angles of the simulated runner: ranges per stride, the per-step contralateral drop
// truth, the late-stance tilt rise, standing, smoothness (the gyro is their derivative).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "runner_test_support.hpp"
#include "stridecue/sim/runner_pelvis.hpp"

namespace stridecue::sim {
namespace {

using test::quiet;
using test::steps_until;

constexpr TimeNs kMs = kNsPerMs;

struct Range {
  double lo = 1e9, hi = -1e9;
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  double rom() const { return hi - lo; }
};

/// ROM of each angle over every stride (left IC to the next left IC) after the first two.
struct StrideRoms {
  std::vector<double> obliquity, tilt, rotation;
};

StrideRoms stride_roms(Runner& r, const std::vector<StepTruth>& steps) {
  StrideRoms out;
  for (std::size_t i = 4; i + 2 < steps.size(); i += 2) {
    if (steps[i].side != Side::kLeft) continue;
    Range o, t, z;
    for (TimeNs x = steps[i].t_ic_ns; x < steps[i + 2].t_ic_ns; x += kMs / 2) {
      const PelvisState p = r.pelvis_at(x);
      o.add(p.obliquity_deg);
      t.add(p.tilt_deg);
      z.add(p.rotation_deg);
    }
    out.obliquity.push_back(o.rom());
    out.tilt.push_back(t.rom());
    out.rotation.push_back(z.rom());
  }
  return out;
}

TEST(RunnerPelvis, DefaultRangesPerStrideMatchTheLiterature) {
  // Perpiñá-Martínez 2023: obliquity 7.8–9.6°, tilt 5.9–7.4°, rotation 9.7–16.1° per stride.
  const RunnerConfig c;
  Runner r(c, 17);
  const auto steps = steps_until(r, 20 * kNsPerS);
  const StrideRoms roms = stride_roms(r, steps);
  ASSERT_GT(roms.obliquity.size(), 20u);
  for (std::size_t i = 0; i < roms.obliquity.size(); ++i) {
    EXPECT_GE(roms.obliquity[i], 7.0);
    EXPECT_LE(roms.obliquity[i], 10.0);
    EXPECT_NEAR(roms.tilt[i], c.tilt_rom_deg, 0.01);
    EXPECT_NEAR(roms.rotation[i], c.rotation_rom_deg, 0.01);
  }
}

/// The largest drop of the swing-side hemipelvis between IC and TO, relative to IC, sampled.
double sampled_drop(Runner& r, const StepTruth& s) {
  const double sign = s.side == Side::kRight ? 1.0 : -1.0;  // right stance: left drops: obl ↑
  const double at_ic = r.pelvis_at(s.t_ic_ns).obliquity_deg;
  double drop = 0;
  for (TimeNs t = s.t_ic_ns; t <= s.t_to_ns; t += 100 * kNsPerUs) {
    drop = std::max(drop, sign * (r.pelvis_at(t).obliquity_deg - at_ic));
  }
  return drop;
}

TEST(RunnerPelvis, DropTruthIsTheSampledDropAndMatchesTheConfiguredSide) {
  RunnerConfig c;
  c.left.pelvic_drop_deg = 4.0;   // during left stance the right hemipelvis drops 4°
  c.right.pelvic_drop_deg = 8.0;  // during right stance the left drops 8°
  Runner r(c, 23);
  const auto steps = steps_until(r, 20 * kNsPerS);
  double sum[2] = {0, 0};
  int n[2] = {0, 0};
  for (const StepTruth& s : steps) {
    const double want = s.side == Side::kLeft ? 4.0 : 8.0;
    const double got = sampled_drop(r, s);
    EXPECT_NEAR(got, s.pelvic_drop_deg, 1e-3) << "step " << s.index;
    EXPECT_NEAR(s.pelvic_drop_deg, want, 3 * c.variability_cv * want + 1e-9);
    sum[static_cast<int>(s.side)] += s.pelvic_drop_deg;
    ++n[static_cast<int>(s.side)];
  }
  EXPECT_NEAR(sum[0] / n[0], 4.0, 0.1);
  EXPECT_NEAR(sum[1] / n[1], 8.0, 0.2);
}

TEST(RunnerPelvis, WithoutVariabilityEveryStepDropsExactlyTheConfiguredAngle) {
  RunnerConfig c;
  c.variability_cv = 0.0;
  c.left.pelvic_drop_deg = 5.0;
  c.right.pelvic_drop_deg = 6.5;
  Runner r(c, 2);
  for (const StepTruth& s : steps_until(r, 10 * kNsPerS)) {
    const double want = s.side == Side::kLeft ? 5.0 : 6.5;
    EXPECT_NEAR(s.pelvic_drop_deg, want, 1e-9);
    EXPECT_NEAR(sampled_drop(r, s), want, 0.3);
  }
}

TEST(RunnerPelvis, ObliquitySignFollowsTheStanceSide) {
  // Right stance: the left (swing) hemipelvis drops, obliquity rises; left stance: it falls.
  Runner r(RunnerConfig{}, 9);
  for (const StepTruth& s : steps_until(r, 6 * kNsPerS)) {
    const TimeNs peak = s.t_ic_ns + (s.t_to_ns - s.t_ic_ns) * 35 / 100;
    const double change = r.pelvis_at(peak).obliquity_deg - r.pelvis_at(s.t_ic_ns).obliquity_deg;
    EXPECT_GT(change * (s.side == Side::kRight ? 1 : -1), 3.0) << "step " << s.index;
  }
}

TEST(RunnerPelvis, TiltRisesFromMidstanceToToeOffByTheConfiguredGain) {
  RunnerConfig c;
  c.late_stance_tilt_gain_deg = 3.0;
  c.anterior_tilt_offset_deg = 6.0;
  Runner r(c, 4);
  const auto steps = steps_until(r, 10 * kNsPerS);
  double tilt_sum = 0;
  int n = 0;
  for (const StepTruth& s : steps) {
    const TimeNs mid = s.t_ic_ns + (s.t_to_ns - s.t_ic_ns) / 2;
    const double rise = r.pelvis_at(s.t_to_ns).tilt_deg - r.pelvis_at(mid).tilt_deg;
    EXPECT_NEAR(rise, s.tilt_rise_deg, 1e-9);
    EXPECT_NEAR(s.tilt_rise_deg, 3.0, 1e-12);
  }
  for (TimeNs t = steps[4].t_ic_ns; t < steps[24].t_ic_ns; t += kMs) {
    tilt_sum += r.pelvis_at(t).tilt_deg;
    ++n;
  }
  EXPECT_NEAR(tilt_sum / n, 6.0, 1.0) << "running tilt oscillates around the offset";
}

TEST(RunnerPelvis, AnglesAreZeroWhileStandingAndContinuousAfter) {
  RunnerConfig c;
  c.standing_s = 2.0;
  Runner r(c, 3);
  for (TimeNs t = 0; t <= 2 * kNsPerS; t += 10 * kMs) {
    const PelvisState p = r.pelvis_at(t);
    ASSERT_EQ(p.tilt_deg, 0.0);
    ASSERT_EQ(p.obliquity_deg, 0.0);
    ASSERT_EQ(p.rotation_deg, 0.0);
  }
  // C1: the reported rates are the derivative of the angles and have no jumps.
  const TimeNs h = 10 * kNsPerUs;
  PelvisMotion prev = r.pelvis_motion_at(0);
  double max_rate_jump = 0, max_rate = 0;
  for (TimeNs t = h; t < 8 * kNsPerS; t += h) {
    const PelvisMotion m = r.pelvis_motion_at(t);
    const double jumps[3] = {m.rates.tilt_dps - prev.rates.tilt_dps,
                             m.rates.obliquity_dps - prev.rates.obliquity_dps,
                             m.rates.rotation_dps - prev.rates.rotation_dps};
    for (double j : jumps) max_rate_jump = std::max(max_rate_jump, std::abs(j));
    max_rate = std::max({max_rate, std::abs(m.rates.tilt_dps), std::abs(m.rates.obliquity_dps),
                         std::abs(m.rates.rotation_dps)});
    if (t % (50 * kMs) == 0) {
      const PelvisState a = r.pelvis_at(t - h), b = r.pelvis_at(t + h);
      const double dt = 2 * ns_to_s(h);
      EXPECT_NEAR((b.tilt_deg - a.tilt_deg) / dt, m.rates.tilt_dps, 0.05);
      EXPECT_NEAR((b.obliquity_deg - a.obliquity_deg) / dt, m.rates.obliquity_dps, 0.05);
      EXPECT_NEAR((b.rotation_deg - a.rotation_deg) / dt, m.rates.rotation_dps, 0.05);
    }
    prev = m;
  }
  // Angular accelerations stay below ≈ 2·10⁴ °/s², so 10 µs apart the rates differ < 0.2 °/s.
  EXPECT_LT(max_rate_jump, 0.2);
  EXPECT_GT(max_rate, 50.0);   // it does move
  EXPECT_LT(max_rate, 400.0);  // and not absurdly fast
}

TEST(RunnerPelvis, WalkingPelvisAlsoHasExactDropTruth) {
  const RunnerConfig c = walking_config();
  Runner r(c, 5);
  for (const StepTruth& s : steps_until(r, 10 * kNsPerS)) {
    EXPECT_NEAR(sampled_drop(r, s), s.pelvic_drop_deg, 1e-3);
    EXPECT_NEAR(s.pelvic_drop_deg, c.left.pelvic_drop_deg, 0.3);
  }
}

TEST(RunnerPelvis, RotationMatrixFollowsTheDocumentedSigns) {
  const auto lab_of = [](const PelvisState& p, const test::V3& axis) {
    return rotate(pelvis_rotation_matrix(p), axis);
  };
  // Anterior tilt tips the forward axis down.
  EXPECT_LT(lab_of({10, 0, 0}, {1, 0, 0})[2], -0.1);
  // Obliquity + = left hemipelvis lower: the left axis points down.
  EXPECT_LT(lab_of({0, 10, 0}, {0, 1, 0})[2], -0.1);
  // Rotation + = left ASIS forward: the left axis points forward.
  EXPECT_GT(lab_of({0, 0, 10}, {0, 1, 0})[0], 0.1);
  // And the whole matrix equals the hand-written Rz(−rot)·Ry(tilt)·Rx(−obl).
  const PelvisState p{7, -4, 11};
  const auto a = pelvis_rotation_matrix(p);
  const auto b = test::pelvis_r(p);
  for (std::size_t i = 0; i < 9; ++i) EXPECT_NEAR(a[i], b[i], 1e-12);
}

}  // namespace
}  // namespace stridecue::sim
