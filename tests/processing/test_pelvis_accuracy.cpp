// The pelvis pipeline against the simulator's ground truth (issue 6 acceptance): IMU noise,
// gyro bias and its random walk, a misaligned sensor, a 5 s static calibration, then running;
// steps from the force pipeline on the simulated plates, as live.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <deque>
#include <vector>

#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/processing/pelvis_pipeline.hpp"
#include "stridecue/sim/runner.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

struct Collect : StepSink {
  std::deque<StepResult> pending;
  void on_step(const StepResult& s) override { pending.push_back(s); }
};

struct PelvisAccuracy {
  double tilt_rmse_deg = 0, obliquity_rmse_deg = 0;
  std::size_t angle_samples = 0;
  std::size_t steps = 0, steps_measured = 0, drop_within_half_deg = 0, wrong_side = 0;
  std::size_t drop_within_1p5_deg = 0;
  std::size_t tilt_gain_within_half_deg = 0;
  double worst_drop_err_deg = 0;
  std::vector<StepResult> results;
};

/// `seconds` of the runner: plates at 1 kHz into the force pipeline, IMU at its rate into the
/// pelvis pipeline; angles after `settle_s` of running compared with pelvis_at().
/// With imu_events, no plate is read: steps come from the IMU alone (the fallback).
PelvisAccuracy run(const sim::RunnerConfig& rc, double seconds, std::uint64_t seed,
                   double settle_s = 10.0, bool imu_events = false) {
  sim::Runner runner(rc, seed);
  ForcePipelineConfig fc;
  fc.body_mass_kg = rc.body_mass_kg;
  fc.belt = rc.belt == sim::Belt::kSplit ? BeltLayout::kSplit : BeltLayout::kSingle;
  ForcePipeline force(fc);
  PelvisPipelineConfig pc;
  pc.body_mass_kg = rc.body_mass_kg;
  PelvisPipeline pelvis(pc);
  Collect out;
  PelvisAccuracy a;

  const TimeNs imu_period = static_cast<TimeNs>(1e9 / rc.imu_rate_hz);
  const TimeNs end = static_cast<TimeNs>(seconds * 1e9);
  const TimeNs compare_from = runner.first_contact_ns() + static_cast<TimeNs>(settle_s * 1e9);
  ForceFrame f;
  f.n_plates = static_cast<std::uint8_t>(runner.plate_count());
  TimeNs t_imu = 0;
  double se_tilt = 0, se_obl = 0;
  std::uint32_t counter = 0;
  for (TimeNs t = 0; t < end; t += kNsPerMs) {
    while (t_imu <= t) {
      pelvis.process(sim::to_imu_sample(runner.imu_at(t_imu), t_imu, counter++));
      if (t_imu >= compare_from && pelvis.has_angles()) {
        const sim::PelvisState truth = runner.pelvis_at(t_imu);
        se_tilt += std::pow(pelvis.angles().tilt_deg - truth.tilt_deg, 2);
        se_obl += std::pow(pelvis.angles().obliquity_deg - truth.obliquity_deg, 2);
        ++a.angle_samples;
      }
      t_imu += imu_period;
    }
    if (imu_events) {
      ImuStep is;
      while (pelvis.take_imu_step(is)) {
        StepResult r;
        r.t_ic_ns = is.t_ic_ns;
        r.t_to_ns = is.t_to_ns;
        r.side = is.side;
        out.pending.push_back(r);
      }
    } else {
      f.t_ns = t;
      runner.plates_at(t, std::span(f.plate.data(), f.n_plates));
      force.process(f, out);
    }
    while (!out.pending.empty()) {
      StepResult& s = out.pending.front();
      if (pelvis.measure_step(s.t_ic_ns, s.t_to_ns, s.side, s.pelvis) ==
          PelvisPipeline::StepStatus::kNotYet) {
        break;
      }
      a.results.push_back(s);
      out.pending.pop_front();
    }
  }
  a.tilt_rmse_deg = std::sqrt(se_tilt / static_cast<double>(a.angle_samples));
  a.obliquity_rmse_deg = std::sqrt(se_obl / static_cast<double>(a.angle_samples));

  std::vector<sim::StepTruth> truth;
  runner.take_completed_steps(end, truth);
  for (const auto& tr : truth) {
    if (tr.t_ic_ns < compare_from) continue;
    for (const StepResult& s : a.results) {
      if (std::llabs(s.t_ic_ns - tr.t_ic_ns) > (imu_events ? 60 : 30) * kNsPerMs) continue;
      ++a.steps;
      if (s.side != tr.side) ++a.wrong_side;
      if (!std::isfinite(s.pelvis.pelvic_drop_deg)) break;
      ++a.steps_measured;
      const double err = std::fabs(s.pelvis.pelvic_drop_deg - tr.pelvic_drop_deg);
      a.worst_drop_err_deg = std::max(a.worst_drop_err_deg, err);
      if (err <= 0.5) ++a.drop_within_half_deg;
      if (err <= 1.5) ++a.drop_within_1p5_deg;
      if (std::fabs(s.pelvis.late_stance_tilt_gain_deg - tr.tilt_rise_deg) <= 0.5) {
        ++a.tilt_gain_within_half_deg;
      }
      break;
    }
  }
  return a;
}

void report(const char* name, const PelvisAccuracy& a) {
  std::printf(
      "%s: tilt RMSE %.3f deg, obliquity RMSE %.3f deg (%zu samples); steps %zu, measured %zu, "
      "drop within 0.5 deg %zu (worst %.2f), tilt gain within 0.5 deg %zu, wrong side %zu\n",
      name, a.tilt_rmse_deg, a.obliquity_rmse_deg, a.angle_samples, a.steps, a.steps_measured,
      a.drop_within_half_deg, a.worst_drop_err_deg, a.tilt_gain_within_half_deg, a.wrong_side);
}

sim::RunnerConfig standing_runner() {
  sim::RunnerConfig rc;
  rc.standing_s = 5.0;
  return rc;
}

}  // namespace

TEST(PelvisAccuracy, SplitBeltWithNoiseBiasAndMisalignment) {
  sim::RunnerConfig rc = standing_runner();
  rc.right.pelvic_drop_deg = 8.0;  // an asymmetric runner: sides must not be swapped
  const PelvisAccuracy a = run(rc, 120.0, 11);
  report("split belt", a);
  EXPECT_LE(a.tilt_rmse_deg, 0.5);
  EXPECT_LE(a.obliquity_rmse_deg, 0.5);
  ASSERT_GT(a.steps, 250u);
  EXPECT_EQ(a.steps_measured, a.steps);
  EXPECT_EQ(a.wrong_side, 0u);
  EXPECT_GE(static_cast<double>(a.drop_within_half_deg), 0.95 * static_cast<double>(a.steps));
}

TEST(PelvisAccuracy, SingleBeltLargeMisalignmentOtherSeed) {
  sim::RunnerConfig rc = standing_runner();
  rc.belt = sim::Belt::kSingle;
  rc.mount_misalignment_deg = {-8.0, 12.0, 30.0};  // a sensor clipped on crookedly
  rc.gyro_bias_rads = {0.03, -0.02, 0.02};
  rc.left.pelvic_drop_deg = 3.0;
  const PelvisAccuracy a = run(rc, 90.0, 4242);
  report("single belt, 30 deg heading misalignment", a);
  EXPECT_LE(a.tilt_rmse_deg, 0.5);
  EXPECT_LE(a.obliquity_rmse_deg, 0.5);
  ASSERT_GT(a.steps, 180u);
  EXPECT_EQ(a.steps_measured, a.steps);
  EXPECT_GE(static_cast<double>(a.drop_within_half_deg), 0.95 * static_cast<double>(a.steps));
}

TEST(PelvisAccuracy, WalkingGetsTheHeadingRightToo) {
  // Regression: the heading's sign came from running's force pattern (braking while the
  // vertical force rises); walking's is the opposite, and every walking session had tilt and
  // obliquity with the wrong sign. Split and single belt, a misaligned sensor.
  for (const sim::Belt belt : {sim::Belt::kSplit, sim::Belt::kSingle}) {
    sim::RunnerConfig rc = sim::walking_config();
    rc.belt = belt;
    rc.standing_s = 5.0;
    rc.mount_misalignment_deg = {4.0, -6.0, 20.0};
    rc.right.pelvic_drop_deg = 6.0;
    const PelvisAccuracy a = run(rc, 90.0, 77);
    report(belt == sim::Belt::kSplit ? "walking, split belt" : "walking, single belt", a);
    EXPECT_LE(a.tilt_rmse_deg, 0.5);
    EXPECT_LE(a.obliquity_rmse_deg, 0.5);
    ASSERT_GT(a.steps, 120u);
    EXPECT_EQ(a.steps_measured, a.steps);
    EXPECT_EQ(a.wrong_side, 0u);
    EXPECT_GE(static_cast<double>(a.drop_within_half_deg), 0.95 * static_cast<double>(a.steps));
  }
}

TEST(PelvisAccuracy, LateStanceTiltGainFollowsTheRunner) {
  sim::RunnerConfig rc = standing_runner();
  rc.late_stance_tilt_gain_deg = 4.0;  // tight hip flexors: the pelvis tips forward late
  rc.anterior_tilt_offset_deg = 8.0;
  const PelvisAccuracy a = run(rc, 60.0, 7);
  report("late-stance tilt gain 4 deg", a);
  ASSERT_GT(a.steps, 100u);
  EXPECT_GE(static_cast<double>(a.tilt_gain_within_half_deg), 0.95 * static_cast<double>(a.steps));
  double tilt_mean = 0;
  std::size_t n = 0;
  for (const StepResult& s : a.results) {
    if (!std::isfinite(s.pelvis.tilt_mean_deg)) continue;
    tilt_mean += s.pelvis.tilt_mean_deg;
    ++n;
  }
  ASSERT_GT(n, 0u);
  // Stance sits in the low half of the tilt cycle (midstance = the minimum): the stance mean is
  // below the running mean offset (8°) and well above standing (0°).
  EXPECT_GT(tilt_mean / static_cast<double>(n), 4.0);
  EXPECT_LT(tilt_mean / static_cast<double>(n), 8.0);
}

TEST(PelvisAccuracy, ImuOnlyEventsWithoutPlates) {
  sim::RunnerConfig rc = standing_runner();
  rc.right.pelvic_drop_deg = 7.0;
  const PelvisAccuracy a = run(rc, 60.0, 99, 10.0, /*imu_events=*/true);
  report("IMU-only events", a);
  ASSERT_GT(a.steps, 100u);
  EXPECT_EQ(a.wrong_side, 0u);
  EXPECT_EQ(a.steps_measured, a.steps);
  // Contact found tens of ms late moves the drop's reference (obliquity at contact) along the
  // drop: looser than with plates, which is why plates are always preferred.
  EXPECT_GE(static_cast<double>(a.drop_within_1p5_deg), 0.95 * static_cast<double>(a.steps));
}
