// PelvisPipeline: calibration flow, confidence states, per-step measurement contract, and the
// no-allocation hot path. Accuracy against the truth is in test_pelvis_accuracy.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "alloc_counter.hpp"
#include "stridecue/processing/pelvis_pipeline.hpp"
#include "stridecue/sim/runner.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

constexpr TimeNs kPeriod = 2 * kNsPerMs;  // the simulator's default 500 Hz

/// A simulated runner standing 5 s, then running; feeds the pipeline up to `until`.
struct SimFeed {
  sim::Runner runner;
  TimeNs t = 0;
  std::uint32_t i = 0;
  explicit SimFeed(double standing_s = 5.0) : runner(config(standing_s), 3) {}
  static sim::RunnerConfig config(double standing_s) {
    sim::RunnerConfig c;
    c.standing_s = standing_s;
    return c;
  }
  void feed(PelvisPipeline& p, TimeNs until) {
    for (; t < until; t += kPeriod) p.process(sim::to_imu_sample(runner.imu_at(t), t, i++));
  }
};

ImuSample still(TimeNs t, const Eigen::Vector3d& up) {
  ImuSample s = make_sample<ImuSample>(t, static_cast<std::uint32_t>(t / kPeriod), 1, 0);
  const Eigen::Vector3d a = up.normalized() * kGravity_mps2;
  for (std::size_t k = 0; k < 3; ++k) s.acc_mps2[k] = static_cast<float>(a[static_cast<int>(k)]);
  return s;
}

}  // namespace

TEST(PelvisPipeline, ConfidenceGoesFromNoDataToGood) {
  PelvisPipeline p;
  EXPECT_TRUE(p.confidence().flags & kPelvisNoImu);
  EXPECT_STREQ(p.confidence().summary(), "no IMU data");
  SimFeed sim;
  sim.feed(p, 2 * kNsPerS);
  EXPECT_EQ(p.confidence().flags, kPelvisNotCalibrated);
  EXPECT_FALSE(p.has_angles());
  sim.feed(p, sim.runner.first_contact_ns());  // the 5 s static trial is over
  auto cal = p.take_calibration_result();
  ASSERT_TRUE(cal.has_value());
  EXPECT_TRUE(cal->ok) << cal->reason;
  EXPECT_FALSE(p.take_calibration_result().has_value());  // reported once
  EXPECT_EQ(p.confidence().flags, kPelvisHeadingPending);
  sim.feed(p, sim.runner.first_contact_ns() + 10 * kNsPerS);
  EXPECT_TRUE(p.has_angles());
  EXPECT_EQ(p.confidence().flags, 0u) << p.confidence().summary();
  EXPECT_STREQ(p.confidence().summary(), "good");
  EXPECT_NEAR(p.confidence().calibration_age_s, 10.0, 0.6);
}

TEST(PelvisPipeline, CalibrationAskedForWhileRunningIsRefusedAndTheOldOneKept) {
  PelvisPipeline p;
  SimFeed sim;
  sim.feed(p, sim.runner.first_contact_ns() + 10 * kNsPerS);
  ASSERT_TRUE(p.take_calibration_result().has_value());
  ASSERT_TRUE(p.has_angles());
  p.request_calibration();
  sim.feed(p, sim.t + 6 * kNsPerS);
  const auto r = p.take_calibration_result();
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->ok);
  EXPECT_NE(std::string(r->reason).find("moved"), std::string::npos) << r->reason;
  EXPECT_TRUE(p.has_angles());  // the previous calibration still measures
  EXPECT_GT(p.confidence().calibration_age_s, 15.0);
}

TEST(PelvisPipeline, NoStaticTrialMeansNoAngles) {
  PelvisPipeline p;
  SimFeed sim(0.0);  // starts running at once: nothing to calibrate on
  sim.feed(p, 20 * kNsPerS);
  EXPECT_FALSE(p.has_angles());
  EXPECT_TRUE(p.confidence().flags & kPelvisNotCalibrated);
  PelvisStepMetrics m;
  EXPECT_EQ(p.measure_step(10 * kNsPerS, 10 * kNsPerS + 250 * kNsPerMs, Side::kLeft, m),
            PelvisPipeline::StepStatus::kUnavailable);
  EXPECT_TRUE(std::isnan(m.pelvic_drop_deg));
  EXPECT_TRUE(m.flags & kPelvisNotCalibrated);
}

TEST(PelvisPipeline, RetriesAtTheStartReportTheFirstRefusalThenOneAMinute) {
  // Regression: with calibrate_at_start and nobody standing still, every retry's refusal was
  // reported — hundreds of "moved" lines in the console within a minute.
  PelvisPipeline p;
  SimFeed sim(0.0);
  std::vector<StaticCalibration> reported;
  while (sim.t < 130 * kNsPerS) {
    sim.feed(p, sim.t + kNsPerS);
    if (auto r = p.take_calibration_result()) reported.push_back(*r);
  }
  EXPECT_GT(p.calibration_trials(), 20u);  // still retried all along
  ASSERT_EQ(reported.size(), 3u);          // at ≈ 0 s, 60 s and 120 s
  for (const auto& r : reported) EXPECT_FALSE(r.ok);
  EXPECT_GE(reported[1].t_ns - reported[0].t_ns, PelvisPipeline::kRefusalReportEveryNs);
  // An explicit request is always answered.
  p.request_calibration();
  sim.feed(p, sim.t + 6 * kNsPerS);
  EXPECT_TRUE(p.take_calibration_result().has_value());
}

TEST(PelvisPipeline, TheSideHintDoesNotGuessAcrossAHoleInTheImuData) {
  PelvisPipeline p;
  SimFeed sim;
  sim.feed(p, sim.runner.first_contact_ns() + 12 * kNsPerS);
  ASSERT_TRUE(p.has_angles());
  // Steps just measured: the hint names their sides.
  std::vector<sim::StepTruth> truth;
  sim.runner.take_completed_steps(sim.t, truth);
  ASSERT_GT(truth.size(), 6u);
  const sim::StepTruth& recent = truth[truth.size() - 2];
  EXPECT_EQ(p.side_for(recent.t_ic_ns, recent.t_to_ns), recent.side);
  // 120 ms of IMU data lost: a stance that spans the hole gets no side.
  const TimeNs hole_from = sim.t;
  sim.t += 120 * kNsPerMs;
  sim.feed(p, sim.t + 2 * kNsPerS);
  EXPECT_EQ(p.side_for(hole_from - 50 * kNsPerMs, hole_from + 250 * kNsPerMs), Side::kUnknown);
}

TEST(PelvisPipeline, MeasureStepWaitsForTheImuToReachToeOff) {
  PelvisPipeline p;
  PelvisStepMetrics m;
  EXPECT_EQ(p.measure_step(0, kNsPerMs, Side::kLeft, m), PelvisPipeline::StepStatus::kUnavailable);
  EXPECT_EQ(m.flags, kPelvisNoImu);
  SimFeed sim;
  sim.feed(p, sim.runner.first_contact_ns() + 12 * kNsPerS);
  const TimeNs ic = sim.t - 300 * kNsPerMs;
  EXPECT_EQ(p.measure_step(ic, sim.t + 10 * kNsPerMs, Side::kRight, m),
            PelvisPipeline::StepStatus::kNotYet);
  EXPECT_EQ(p.measure_step(ic, ic + 250 * kNsPerMs, Side::kRight, m),
            PelvisPipeline::StepStatus::kReady);
  EXPECT_TRUE(std::isfinite(m.pelvic_drop_deg));
  EXPECT_TRUE(std::isfinite(m.tilt_mean_deg));
  EXPECT_TRUE(std::isnan(m.obliquity_range_deg));  // first right step: no previous stride
}

TEST(PelvisPipeline, AHoleInTheImuDataMakesTheStepUnavailable) {
  PelvisPipeline p;
  SimFeed sim;
  sim.feed(p, sim.runner.first_contact_ns() + 12 * kNsPerS);
  const TimeNs ic = sim.t;
  sim.t += 100 * kNsPerMs;  // 100 ms of IMU samples lost inside the stance
  sim.feed(p, sim.t + 400 * kNsPerMs);
  PelvisStepMetrics m;
  EXPECT_EQ(p.measure_step(ic, ic + 250 * kNsPerMs, Side::kLeft, m),
            PelvisPipeline::StepStatus::kUnavailable);
  EXPECT_TRUE(m.flags & kPelvisNoImu);
  EXPECT_TRUE(std::isnan(m.pelvic_drop_deg));
}

TEST(PelvisPipeline, SaturationIsFlaggedInConfidenceAndInTheStep) {
  PelvisPipeline p;
  SimFeed sim;
  sim.feed(p, sim.runner.first_contact_ns() + 12 * kNsPerS);
  const TimeNs ic = sim.t;
  ImuSample s = sim::to_imu_sample(sim.runner.imu_at(sim.t), sim.t, sim.i++);
  s.acc_mps2[2] = static_cast<float>(16.0 * kGravity_mps2);  // at full scale
  p.process(s);
  sim.t += kPeriod;
  EXPECT_TRUE(p.confidence().flags & kPelvisSaturated);
  EXPECT_NE(std::string(p.confidence().summary()).find("saturated"), std::string::npos);
  sim.feed(p, sim.t + 300 * kNsPerMs);
  PelvisStepMetrics m;
  ASSERT_EQ(p.measure_step(ic, ic + 250 * kNsPerMs, Side::kLeft, m),
            PelvisPipeline::StepStatus::kReady);
  EXPECT_TRUE(m.flags & kPelvisSaturated);
  sim.feed(p, sim.t + 2 * kNsPerS);
  EXPECT_FALSE(p.confidence().flags & kPelvisSaturated);  // it passes
}

TEST(PelvisPipeline, AMovedSensorIsNoticedWhenTheRunnerStandsAgain) {
  PelvisPipeline p;
  const Eigen::Vector3d up(0.05, 0.02, 1.0);
  TimeNs t = 0;
  for (; t < 6 * kNsPerS; t += kPeriod) p.process(still(t, up));
  ASSERT_TRUE(p.calibration().has_value());
  ASSERT_TRUE(p.calibration()->ok);
  // Standing still in the same posture: nothing to report.
  for (; t < 12 * kNsPerS; t += kPeriod) p.process(still(t, up));
  EXPECT_FALSE(p.confidence().flags & kPelvisMountMoved);
  // The clip slipped by ≈ 6°: the same standing posture now reads another "up".
  const Eigen::Vector3d slipped =
      Eigen::AngleAxisd(6.0 * 3.14159265 / 180.0, Eigen::Vector3d::UnitX()) * up;
  // (The watch tests stillness in 5 s trials: within two trials of the change.)
  for (; t < 24 * kNsPerS; t += kPeriod) p.process(still(t, slipped));
  EXPECT_TRUE(p.confidence().flags & kPelvisMountMoved);
  EXPECT_NE(std::string(p.confidence().summary()).find("moved"), std::string::npos);
  // Calibrating again clears it.
  p.request_calibration();
  for (; t < 30 * kNsPerS; t += kPeriod) p.process(still(t, slipped));
  EXPECT_FALSE(p.confidence().flags & kPelvisMountMoved);
}

TEST(PelvisPipeline, OldCalibrationIsFlagged) {
  PelvisPipelineConfig c;
  c.max_calibration_age_s = 10.0;
  PelvisPipeline p(c);
  TimeNs t = 0;
  for (; t < 16 * kNsPerS; t += kPeriod) p.process(still(t, Eigen::Vector3d::UnitZ()));
  EXPECT_TRUE(p.confidence().flags & kPelvisCalibrationOld);
}

TEST(PelvisPipeline, HotPathDoesNotAllocate) {
  PelvisPipeline p;
  SimFeed sim;
  sim.feed(p, sim.runner.first_contact_ns() + 8 * kNsPerS);
  // Pre-compute the samples so only the pipeline runs inside the scope.
  std::vector<ImuSample> samples;
  for (int k = 0; k < 5000; ++k, sim.t += kPeriod) {
    samples.push_back(sim::to_imu_sample(sim.runner.imu_at(sim.t), sim.t, sim.i++));
  }
  PelvisStepMetrics m;
  ImuStep is;
  test::AllocationScope scope;
  for (const ImuSample& s : samples) {
    p.process(s);
    while (p.take_imu_step(is)) p.measure_step(is.t_ic_ns, is.t_to_ns, is.side, m);
  }
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_TRUE(p.has_angles());
}
