// Random valid configurations keep every invariant of the truth; the hot path does not
// allocate once the plan covers the queried time.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "alloc_counter.hpp"
#include "runner_test_support.hpp"
#include "stridecue/sim/runner_stance.hpp"

namespace stridecue::sim {
namespace {

constexpr TimeNs kMs = kNsPerMs;

RunnerConfig random_config(std::mt19937_64& g) {
  auto uni = [&g](double a, double b) { return std::uniform_real_distribution<double>(a, b)(g); };
  RunnerConfig c = test::quiet();
  const bool walk = uni(0, 1) < 0.25;
  if (walk) c = test::quiet(walking_config());
  c.body_mass_kg = uni(40, 120);
  c.belt = uni(0, 1) < 0.5 ? Belt::kSplit : Belt::kSingle;
  c.variability_cv = uni(0, 0.1);
  c.standing_s = uni(0, 1) < 0.5 ? 0.0 : uni(0.2, 2.0);
  c.step_across_probability = uni(0, 0.5);
  c.plate_origin_depth_m = uni(0, 0.05);
  if (walk) {
    c.cadence_spm = uni(80, 130);
    const double step = 60 / c.cadence_spm;
    c.contact_time_s = step * uni(1.1, 1.35);
  } else {
    c.cadence_spm = uni(150, 200);
    const double step = 60 / c.cadence_spm;
    c.contact_time_s = uni(0.16, std::min(0.3, step - 0.05));
    c.speed_mps = uni(2.0, 6.0);
  }
  for (SideConfig* s : {&c.left, &c.right}) {
    s->contact_scale = uni(0.95, 1.05);
    s->pelvic_drop_deg = uni(0, 12);
    if (walk) {
      s->active_peak_bw = uni(1.05, 1.3);
    } else {
      s->active_peak_bw = uni(2.0, 3.2);
      s->impact_time_frac = uni(0.08, 0.16);
      const double lo =
          detail::StanceShape::min_impact_peak_bw(s->active_peak_bw, s->impact_time_frac);
      s->impact_peak_bw = uni(0, 1) < 0.5 ? 0.0 : uni(lo + 0.05, 0.85 * s->active_peak_bw);
    }
  }
  c.tilt_rom_deg = uni(0, 10);
  c.late_stance_tilt_gain_deg = uni(0, c.tilt_rom_deg);
  c.anterior_tilt_offset_deg = uni(-5, 10);
  c.rotation_rom_deg = uni(0, 20);
  c.obliquity_rom_extra_deg = uni(0, 6);
  return c;
}

TEST(RunnerRobustness, RandomValidConfigsKeepTheTruthExact) {
  std::mt19937_64 g(2024);
  for (int trial = 0; trial < 24; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const RunnerConfig c = random_config(g);
    ASSERT_NO_THROW(validate(c));
    Runner r(c, static_cast<std::uint64_t>(trial));
    const TimeNs t_end = s_to_ns(c.standing_s) + 8 * kNsPerS;
    const auto steps = test::steps_until(r, t_end);
    ASSERT_GT(steps.size(), 8u);
    const double bw = test::weight_n(c);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const StepTruth& s = steps[i];
      ASSERT_EQ(s.index, i);
      ASSERT_EQ(s.side, i % 2 == 0 ? Side::kLeft : Side::kRight);
      ASSERT_LT(s.t_ic_ns, s.t_to_ns);
      if (i > 0) {
        ASSERT_GT(s.t_ic_ns, steps[i - 1].t_ic_ns);
        // Running has a flight before every contact, walking a double support.
        if (c.gait == Gait::kRun) {
          ASSERT_GT(s.t_ic_ns, steps[i - 1].t_to_ns);
        } else {
          ASSERT_LT(s.t_ic_ns, steps[i - 1].t_to_ns);
        }
      }
      // Own-foot force: the truth peak is the maximum, and zero at the events.
      double max_f = 0, drop = 0;
      const double sign = s.side == Side::kRight ? 1.0 : -1.0;
      const double obl_ic = r.pelvis_at(s.t_ic_ns).obliquity_deg;
      for (TimeNs t = s.t_ic_ns; t <= s.t_to_ns; t += kMs / 4) {
        // On a single belt or with a contact across the belts another foot can share the
        // plate; the plan's own shape is then checked through the plate total of a lone step.
        drop = std::max(drop, sign * (r.pelvis_at(t).obliquity_deg - obl_ic));
        if (c.gait == Gait::kRun) max_f = std::max(max_f, test::fz_total(r, t) / bw);
      }
      if (c.gait == Gait::kRun) {
        ASSERT_LE(max_f, s.peak_vgrf_bw * (1 + 1e-12));
        ASSERT_GT(max_f, s.peak_vgrf_bw * 0.995);
        ASSERT_EQ(test::fz_total(r, s.t_ic_ns), 0.0);
        ASSERT_EQ(test::fz_total(r, s.t_to_ns), 0.0);
      }
      ASSERT_NEAR(drop, s.pelvic_drop_deg, 2e-3) << "step " << i;
    }
    // The IMU keeps working and stays finite everywhere.
    for (TimeNs t = 0; t < t_end; t += 7 * kMs) {
      const ImuReading x = r.imu_at(t);
      for (double v : x.acc_mps2) ASSERT_TRUE(std::isfinite(v));
      for (double v : x.gyro_rads) ASSERT_TRUE(std::isfinite(v));
    }
  }
}

TEST(RunnerRobustness, ExtremeValidConfigsRun) {
  std::vector<RunnerConfig> configs;
  RunnerConfig fast;
  fast.cadence_spm = 240;
  fast.contact_time_s = 0.15;
  fast.variability_cv = 0.1;
  configs.push_back(fast);
  RunnerConfig slow_walk = walking_config();
  slow_walk.cadence_spm = 40;
  slow_walk.contact_time_s = 1.45 * 60 / 40.0;
  slow_walk.variability_cv = 0.1;
  configs.push_back(slow_walk);
  RunnerConfig still;
  still.left.pelvic_drop_deg = still.right.pelvic_drop_deg = 0;
  still.tilt_rom_deg = still.late_stance_tilt_gain_deg = still.rotation_rom_deg = 0;
  still.obliquity_rom_extra_deg = 0;
  still.speed_mps = 0;
  configs.push_back(still);
  for (const RunnerConfig& c : configs) {
    Runner r(c, 1);
    std::array<PlateWrench, 2> w{};
    for (TimeNs t = 0; t < 20 * kNsPerS; t += 2 * kMs) {
      ASSERT_NO_THROW(r.plates_at(t, w));
      ASSERT_NO_THROW((void)r.imu_at(t));
    }
    EXPECT_GT(test::steps_until(r, 20 * kNsPerS).size(), 10u);
  }
}

TEST(RunnerAllocation, QueriesInsideThePlannedHorizonDoNotAllocate) {
  RunnerConfig c;
  c.standing_s = 1.0;
  Runner r(c, 5);
  std::array<PlateWrench, 2> w{};
  std::array<PlateTruth, 2> p{};
  std::vector<StepTruth> steps;
  steps.reserve(256);
  r.plates_at(20 * kNsPerS, w);  // plans past 20 s
  const stridecue::test::AllocationScope scope;
  for (TimeNs t = 0; t < 20 * kNsPerS; t += kMs) {
    r.plates_at(t, w);
    r.plates_truth_at(t, p);
    if (t % (2 * kMs) == 0) (void)r.imu_at(t);
    r.take_completed_steps(t, steps);
  }
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_GT(steps.size(), 40u);
}

TEST(RunnerAllocation, GrowingThePlanAllocatesOnlyOccasionally) {
  // The plan and its keyframes start with room for ≈ 6 minutes and then double: over ten
  // minutes of running (≈ 1700 steps) that is a handful of reallocations, not one per step.
  Runner r(RunnerConfig{}, 5);
  std::array<PlateWrench, 2> w{};
  const stridecue::test::AllocationScope scope;
  for (TimeNs t = 0; t < 600 * kNsPerS; t += 20 * kMs) r.plates_at(t, w);
  EXPECT_LT(scope.count(), 20u);
  EXPECT_GT(scope.count(), 0u) << "the plan did grow";
}

}  // namespace
}  // namespace stridecue::sim
