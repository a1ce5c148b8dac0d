// End to end over real pseudo-terminals: the emulated treadmill streams framed samples, the
// acquisition thread reads them with Boost.Asio, the processing thread finds the steps, and the
// result is checked against the emulator's own ground truth.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "stridecue/demo/demo_rig.hpp"
#include "stridecue/demo/truth_match.hpp"

using namespace stridecue;
using namespace std::chrono_literals;

namespace {

struct E2eResult {
  std::vector<processing::StepResult> steps;
  std::vector<processing::Cue> cues;
  std::vector<station::BaselineEvent> baseline_events;
  std::vector<station::SymmetryUpdate> symmetry;
  std::vector<sim::HostStepTruth> truth;
  demo::TruthMatch match;
  std::vector<acquisition::HealthSnapshot> health;
  std::uint64_t queue_drops = 0;
};

E2eResult run_demo(demo::DemoConfig cfg) {
  demo::DemoRig rig(cfg);
  E2eResult r;
  auto drain = [&] {
    processing::StepResult s;
    while (rig.outputs().steps.pop(s)) r.steps.push_back(s);
    processing::Cue c;
    while (rig.outputs().cues.pop(c)) r.cues.push_back(c);
    station::BaselineEvent e;
    while (rig.outputs().baseline_events.pop(e)) r.baseline_events.push_back(e);
    station::SymmetryUpdate u;
    while (rig.outputs().symmetry.pop(u)) r.symmetry.push_back(u);
  };
  rig.start();
  while (!rig.emulator().finished()) {
    std::this_thread::sleep_for(20ms);
    drain();
  }
  rig.stop();
  drain();
  r.truth = rig.emulator().take_truth();
  r.match = demo::match_truth(r.steps, r.truth);
  for (std::size_t i = 0; i < rig.acquisition().device_count(); ++i) {
    r.health.push_back(rig.acquisition().health(i));
  }
  r.queue_drops = rig.queue_drops();
  return r;
}

}  // namespace

TEST(DemoEndToEnd, EveryStepFoundWithItsSideAndContactTimeWithin2ms) {
  demo::DemoConfig cfg;
  cfg.emulator.duration_s = 24.0;
  cfg.emulator.seed = 7;
  cfg.emulator.runner.standing_s = 4.0;  // the pelvis IMU's static trial, then 20 s of running
  cfg.engine.baseline = {8.0, 8.0};      // as `stridecue demo --baseline 8:16`
  const E2eResult r = run_demo(cfg);

  // ≈ 170 steps/min for 20 s; every true step inside the observed span is matched.
  EXPECT_GE(r.truth.size(), 50u);
  EXPECT_TRUE(r.match.missed.empty()) << r.match.missed.size() << " true steps missed";
  EXPECT_TRUE(r.match.false_steps.empty()) << r.match.false_steps.size() << " false steps";
  EXPECT_GE(r.match.matched.size() + 2, r.truth.size());  // at most the first/last cut off
  EXPECT_EQ(r.match.side_mismatches, 0u);
  for (const auto& m : r.match.matched) {
    EXPECT_LE(std::fabs(m.contact_error_ms), 2.0)
        << "step " << m.truth.step.index << ": detected " << m.detected.contact_ms << " ms";
    EXPECT_LE(std::fabs(m.peak_error_pct), 2.0) << "step " << m.truth.step.index;
  }
  // The transport was clean: no CRC errors, no counter gaps, nothing dropped.
  ASSERT_EQ(r.health.size(), 2u);
  for (const auto& h : r.health) {
    EXPECT_EQ(h.crc_errors, 0u);
    EXPECT_EQ(h.counter_gaps, 0u);
    EXPECT_GT(h.frames, 0u);
  }
  EXPECT_EQ(r.queue_drops, 0u);

  // The pelvis over the real path: once the travel direction is learnt (≈ 5 s of running),
  // every step carries its pelvis values, and the drop matches the truth within 0.5°.
  std::size_t with_pelvis = 0, drop_ok = 0, after_heading = 0;
  for (const auto& m : r.match.matched) {
    if (std::isfinite(m.detected.pelvis.pelvic_drop_deg)) {
      ++with_pelvis;
      if (std::fabs(m.detected.pelvis.pelvic_drop_deg - m.truth.step.pelvic_drop_deg) <= 0.5) {
        ++drop_ok;
      }
    }
    if (m.truth.step.t_ic_ns > s_to_ns(4.0 + 7.0)) {
      ++after_heading;
      EXPECT_TRUE(std::isfinite(m.detected.pelvis.tilt_mean_deg)) << "step " << m.truth.step.index;
      EXPECT_EQ(m.detected.pelvis.flags & processing::kPelvisUnusable, 0)
          << "step " << m.truth.step.index;
    }
  }
  EXPECT_GE(after_heading, 30u);
  EXPECT_GE(with_pelvis, after_heading);
  EXPECT_GE(static_cast<double>(drop_ok), 0.95 * static_cast<double>(with_pelvis));

  // The baseline block over the real path: begun and set by data time, every step's symmetry
  // published, and the same runner afterwards barely changed from it.
  ASSERT_EQ(r.baseline_events.size(), 2u);
  EXPECT_EQ(r.baseline_events[0].kind, station::BaselineEvent::Kind::kBegun);
  EXPECT_TRUE(r.baseline_events[0].automatic);
  EXPECT_EQ(r.baseline_events[1].kind, station::BaselineEvent::Kind::kEnded)
      << r.baseline_events[1].reason;
  EXPECT_NEAR(ns_to_s(r.baseline_events[1].t_ns - r.baseline_events[0].t_ns), 8.0, 0.01);
  EXPECT_GE(r.baseline_events[1].steps_l, 10u);
  EXPECT_GE(r.baseline_events[1].steps_r, 10u);
  EXPECT_EQ(r.symmetry.size(), r.steps.size());
  ASSERT_FALSE(r.symmetry.empty());
  const processing::SymmetrySnapshot& last = r.symmetry.back().snapshot;
  EXPECT_TRUE(last.has_baseline);
  EXPECT_LT(std::fabs(last[processing::SymVar::kContactMs].si_change_pct), 4.0);
}

TEST(DemoEndToEnd, UnevenLoadingRaisesTheCueAndEvenLoadingDoesNot) {
  demo::DemoConfig uneven;
  uneven.emulator.duration_s = 8.0;
  uneven.emulator.runner.left.active_peak_bw = 2.3;
  uneven.emulator.runner.right.active_peak_bw = 2.8;  // SI ≈ +20 %
  const E2eResult a = run_demo(uneven);
  ASSERT_FALSE(a.cues.empty());
  EXPECT_EQ(a.cues.front().side, Side::kRight);

  demo::DemoConfig even;
  even.emulator.duration_s = 8.0;
  even.emulator.runner.left.active_peak_bw = 2.5;
  even.emulator.runner.right.active_peak_bw = 2.5;
  const E2eResult b = run_demo(even);
  EXPECT_TRUE(b.cues.empty()) << b.cues.size() << " cues for an even runner";
  EXPECT_GT(b.steps.size(), 15u);
}

TEST(DemoEndToEnd, LoadCellPlatesOverPtysGiveEveryStep) {
  demo::DemoConfig cfg;
  cfg.emulator.duration_s = 8.0;
  cfg.emulator.load_cell_plates = true;
  cfg.emulator.with_imu = false;
  const E2eResult r = run_demo(cfg);
  EXPECT_GE(r.truth.size(), 18u);
  EXPECT_TRUE(r.match.missed.empty()) << r.match.missed.size() << " true steps missed";
  EXPECT_TRUE(r.match.false_steps.empty());
  EXPECT_EQ(r.match.side_mismatches, 0u);
  EXPECT_LE(r.match.max_abs_contact_error_ms, 2.0);
  EXPECT_LE(r.match.max_abs_peak_error_pct, 2.0);
}
