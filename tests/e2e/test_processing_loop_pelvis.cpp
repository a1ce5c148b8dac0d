// The processing thread's joining of plate steps and pelvis values (processing_loop.hpp):
// steps wait for the IMU to pass their toe-off, go out flagged when the IMU stops, and come
// from the IMU alone when no plate is present. Driven through ProcessingLoop::process, in the
// order a station would deliver samples.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "stridecue/sim/runner.hpp"
#include "stridecue/station/processing_loop.hpp"

using namespace stridecue;
using namespace stridecue::station;

namespace {

struct LoopRun {
  std::vector<processing::StepResult> steps;
  std::vector<processing::StaticCalibration> calibrations;
  std::vector<processing::PelvisConfidence> status;
};

/// Plates at 1 kHz (unless imu_only) and IMU at 500 Hz, the IMU delivered `imu_lag` late and
/// stopping at `imu_stop` (simulation time).
LoopRun run(double seconds, TimeNs imu_lag, TimeNs imu_stop, bool imu_only = false) {
  sim::RunnerConfig rc;
  rc.standing_s = 5.0;
  sim::Runner runner(rc, 21);
  acquisition::SampleQueue queue(16);
  LiveOutputs out;
  ProcessingLoop loop(queue, processing::GaitEngineConfig{}, out);
  LoopRun r;
  const auto drain = [&] {
    processing::StepResult s;
    while (out.steps.pop(s)) r.steps.push_back(s);
    processing::StaticCalibration c;
    while (out.calibrations.pop(c)) r.calibrations.push_back(c);
    processing::PelvisConfidence p;
    while (out.pelvis_status.pop(p)) r.status.push_back(p);
  };
  const TimeNs end = s_to_ns(seconds);
  TimeNs t_imu = 0;
  std::uint32_t n_imu = 0;
  ForceFrame f;
  f.n_plates = 2;
  for (TimeNs t = 0; t < end; t += kNsPerMs) {
    while (t_imu + imu_lag <= t && t_imu < imu_stop) {
      loop.process(SampleItem{sim::to_imu_sample(runner.imu_at(t_imu), t_imu, n_imu++)});
      t_imu += 2 * kNsPerMs;
    }
    if (!imu_only) {
      f.t_ns = t;
      runner.plates_at(t, std::span(f.plate.data(), 2));
      loop.process(SampleItem{f});
    }
    drain();
  }
  loop.process(SampleItem{EndOfStream{}});
  drain();
  return r;
}

}  // namespace

TEST(ProcessingLoopPelvis, StepsWaitForALateImuAndCarryItsValues) {
  const LoopRun r = run(30.0, 80 * kNsPerMs, s_to_ns(1000));  // IMU 80 ms behind the plates
  ASSERT_GT(r.steps.size(), 50u);
  ASSERT_FALSE(r.calibrations.empty());
  EXPECT_TRUE(r.calibrations.front().ok) << r.calibrations.front().reason;
  std::size_t measured = 0;
  for (const auto& s : r.steps) {
    if (s.t_ic_ns < s_to_ns(5.0 + 7.0)) continue;  // static trial + heading window
    // The stream ends at 30 s with the IMU 80 ms behind: a last step past that has no IMU.
    if (s.t_to_ns > s_to_ns(30.0) - 80 * kNsPerMs) continue;
    EXPECT_TRUE(std::isfinite(s.pelvis.pelvic_drop_deg)) << "step " << s.index;
    EXPECT_FALSE(s.pelvis.flags & processing::kPelvisNoImu) << "step " << s.index;
    ++measured;
  }
  EXPECT_GT(measured, 40u);
  // Published in step order.
  for (std::size_t i = 1; i < r.steps.size(); ++i)
    EXPECT_GT(r.steps[i].index, r.steps[i - 1].index);
  // The confidence went through its states to good.
  ASSERT_GE(r.status.size(), 3u);
  EXPECT_EQ(r.status.back().flags, 0u) << r.status.back().summary();
}

TEST(ProcessingLoopPelvis, AnImuThatStopsDoesNotHoldTheSteps) {
  const LoopRun r = run(30.0, 0, s_to_ns(18.0));  // the IMU cable is pulled at 18 s
  std::size_t late_steps = 0;
  for (const auto& s : r.steps) {
    if (s.t_to_ns < s_to_ns(18.0)) continue;
    ++late_steps;
    EXPECT_TRUE(s.pelvis.flags & processing::kPelvisNoImu) << "step " << s.index;
    EXPECT_TRUE(std::isnan(s.pelvis.pelvic_drop_deg));
    EXPECT_TRUE(std::isfinite(s.peak_vgrf_bw));  // the plates' values are all there
  }
  // ≈ 12 s × 2.8 steps/s, all published (none stuck behind the missing IMU).
  EXPECT_GT(late_steps, 30u);
}

TEST(ProcessingLoopPelvis, WithoutPlatesTheImuFindsTheSteps) {
  const LoopRun r = run(30.0, 0, s_to_ns(1000), /*imu_only=*/true);
  std::size_t with_side = 0, with_pelvis = 0;
  for (const auto& s : r.steps) {
    EXPECT_TRUE(s.pelvis.flags & processing::kPelvisImuEvents);
    EXPECT_TRUE(std::isnan(s.peak_vgrf_bw));  // no force measured
    if (s.side != Side::kUnknown) ++with_side;
    if (std::isfinite(s.pelvis.pelvic_drop_deg)) ++with_pelvis;
  }
  EXPECT_GT(r.steps.size(), 40u);
  EXPECT_GE(with_side + 2, r.steps.size());
  EXPECT_GT(with_pelvis, 40u);
}

namespace {
/// Single-belt walking through a processing loop: one plate at 1 kHz, the IMU (500 Hz) `imu_lag`
/// behind (no IMU when imu_lag < 0), for `seconds`. Returns the published steps.
std::vector<processing::StepResult> walk_single_belt(sim::Runner& runner, ProcessingLoop& loop,
                                                     LiveOutputs& out, double seconds,
                                                     TimeNs imu_lag) {
  std::vector<processing::StepResult> steps;
  TimeNs t_imu = 0;
  std::uint32_t n_imu = 0;
  ForceFrame f;
  f.n_plates = 1;
  for (TimeNs t = 0; t < s_to_ns(seconds); t += kNsPerMs) {
    while (imu_lag >= 0 && t_imu + imu_lag <= t) {
      loop.process(SampleItem{sim::to_imu_sample(runner.imu_at(t_imu), t_imu, n_imu++)});
      t_imu += 2 * kNsPerMs;
    }
    f.t_ns = t;
    runner.plates_at(t, std::span(f.plate.data(), 1));
    loop.process(SampleItem{f});
    processing::StepResult s;
    while (out.steps.pop(s)) steps.push_back(s);
  }
  return steps;
}
}  // namespace

TEST(ProcessingLoopPelvis, OnASingleBeltThePelvisNamesTheSidesOfNarrowWalking) {
  // Live, the loop hands the pelvis pipeline to the force pipeline as its side hint: walking
  // with the feet 2 cm apart (the COP cannot tell the feet apart), the IMU 40 ms behind.
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  rc.foot_y_m = 0.01;
  rc.standing_s = 5.0;
  sim::Runner runner(rc, 31);
  acquisition::SampleQueue queue(16);
  LiveOutputs out;
  processing::GaitEngineConfig pc;
  pc.force.belt = processing::BeltLayout::kSingle;
  ProcessingLoop loop(queue, pc, out);
  const auto steps = walk_single_belt(runner, loop, out, 60, 40 * kNsPerMs);
  std::vector<sim::StepTruth> truth;
  runner.take_completed_steps(s_to_ns(59), truth);
  std::size_t checked = 0, wrong = 0, from_imu = 0;
  for (const auto& t : truth) {
    if (t.t_ic_ns < s_to_ns(15)) continue;  // static trial + heading
    for (const auto& s : steps) {
      if (std::llabs(s.t_ic_ns - t.t_ic_ns) > 30 * kNsPerMs) continue;
      ++checked;
      wrong += s.side != t.side;
      from_imu += s.side_source == processing::SideSource::kImu;
      EXPECT_LT(s.flight_ms, 0.0) << "walking steps overlap";
      break;
    }
  }
  EXPECT_GT(checked, 70u);
  EXPECT_EQ(wrong, 0u);
  EXPECT_GT(from_imu, checked / 4);
}

TEST(ProcessingLoopPelvis, ALowPassTheDataCannotTakeIsReportedLive) {
  acquisition::SampleQueue queue(16);
  LiveOutputs out;
  processing::GaitEngineConfig pc;
  pc.force.filter.cutoff_hz = 450;  // the frames below are 1 kHz
  ProcessingLoop loop(queue, pc, out);
  ForceFrame f;
  f.n_plates = 2;
  for (long i = 0; i < 200; ++i) {
    f.t_ns = i * kNsPerMs;
    loop.process(SampleItem{f});
  }
  EXPECT_NE(std::string(loop.filter_problem()).find("low-pass not applied"), std::string::npos);
}

TEST(ProcessingLoopPelvis, AStaleZeroWhileWalkingOnASingleBeltIsVisibleToTheWindow) {
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  sim::Runner runner(rc, 33);
  acquisition::SampleQueue queue(16);
  LiveOutputs out;
  processing::GaitEngineConfig pc;
  pc.force.belt = processing::BeltLayout::kSingle;
  ProcessingLoop loop(queue, pc, out);
  walk_single_belt(runner, loop, out, 310, -1);
  EXPECT_GT(loop.zero_age_s(), ProcessingLoop::kZeroStaleS);  // the window and console alarm
}
