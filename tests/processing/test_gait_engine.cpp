// The gait engine: one graph for live, offline and replay. Symmetry and cues run after the
// pelvis join, so a cue rule can watch a pelvis metric; every symmetry update carries the cue's
// own symmetry index.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <span>
#include <vector>

#include "stridecue/processing/gait_engine.hpp"
#include "stridecue/sim/runner.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

struct Collect : GaitSink {
  std::vector<StepResult> steps;
  std::vector<Cue> cues;
  std::vector<SymmetryUpdate> updates;
  std::vector<ForcePoint> force;
  void on_step(const StepResult& s) override { steps.push_back(s); }
  void on_cue(const Cue& c) override { cues.push_back(c); }
  void on_symmetry(const SymmetryUpdate& u) override { updates.push_back(u); }
  void on_force(const ForcePoint& p) override { force.push_back(p); }
};

/// A runner on a split belt with a pelvis IMU (plates 1 kHz, IMU 500 Hz), standing 5 s first
/// for the static calibration.
void run(GaitEngine& engine, Collect& out, sim::RunnerConfig rc, double seconds,
         unsigned seed = 3) {
  rc.standing_s = 5.0;
  sim::Runner runner(rc, seed);
  std::uint32_t n_imu = 0;
  for (TimeNs t = 0; t < s_to_ns(seconds); t += kNsPerMs) {
    if (t % (2 * kNsPerMs) == 0) {
      engine.process(SampleItem{sim::to_imu_sample(runner.imu_at(t), t, n_imu++)}, out);
    }
    ForceFrame f;
    f.n_plates = 2;
    f.t_ns = t;
    runner.plates_at(t, std::span(f.plate.data(), 2));
    engine.process(SampleItem{f}, out);
  }
  engine.process(SampleItem{EndOfStream{}}, out);
}

}  // namespace

TEST(GaitEngine, ACueRuleCanWatchThePelvisAndSaysLevelYourHips) {
  // Weak right glute: the left hip drops 9 deg in right stance, 4 deg in left stance. The
  // loading is even, so only a rule that sees the joined pelvis values can cue this runner.
  sim::RunnerConfig rc;
  rc.left.pelvic_drop_deg = 4.0;
  rc.right.pelvic_drop_deg = 9.0;
  GaitEngineConfig cfg;
  cfg.cue.metric = StepMetric::kPelvicDropDeg;
  cfg.cue.threshold_pct = 30.0;  // SI of 4 vs 9 deg ≈ +77 %
  auto engine = std::make_unique<GaitEngine>(cfg);
  Collect out;
  run(*engine, out, rc, 30.0);

  ASSERT_FALSE(out.cues.empty());
  const Cue& c = out.cues.front();
  EXPECT_EQ(c.kind, CueKind::kCorrection);
  EXPECT_STREQ(c.text_c(), "Level your hips");
  EXPECT_STREQ(c.metric, "pelvic_drop_deg");
  EXPECT_TRUE(c.symmetry);
  EXPECT_EQ(c.side, Side::kRight);
  EXPECT_NEAR(c.value, (9.0 - 4.0) / 6.5 * 100.0, 12.0);
  // The cue came from steps with pelvis values: no cue before the pelvis was measured.
  const auto first_measured =
      std::find_if(out.steps.begin(), out.steps.end(),
                   [](const StepResult& s) { return std::isfinite(s.pelvis.pelvic_drop_deg); });
  ASSERT_NE(first_measured, out.steps.end());
  EXPECT_GT(c.t_ns, first_measured->t_to_ns);

  // The same runner with the default rule (peak force) is not cued: it loads evenly.
  auto force_only = std::make_unique<GaitEngine>(GaitEngineConfig{});
  Collect even;
  run(*force_only, even, rc, 30.0);
  EXPECT_TRUE(even.cues.empty());
}

TEST(GaitEngine, EverySymmetryUpdateCarriesTheIndexTheCueJudges) {
  // One threshold policy: a symmetry cue on a variable of the symmetry table judges the table's
  // own index over the table's window, so the screen shows exactly the number the cue saw.
  sim::RunnerConfig rc;
  rc.left.active_peak_bw = 2.3;
  rc.right.active_peak_bw = 2.8;
  GaitEngineConfig cfg;
  cfg.cue.threshold_pct = 12.0;
  auto engine = std::make_unique<GaitEngine>(cfg);
  Collect out;
  run(*engine, out, rc, 20.0);
  ASSERT_EQ(out.updates.size(), out.steps.size());
  ASSERT_GT(out.steps.size(), 30u);
  for (std::size_t i = 0; i < out.updates.size(); ++i) {
    const SymVarStats& v = out.updates[i].snapshot[SymVar::kPeakVgrfBw];
    if (std::isnan(v.si_pct)) {
      EXPECT_TRUE(std::isnan(out.updates[i].cue_si_pct)) << i;
    } else {
      EXPECT_DOUBLE_EQ(out.updates[i].cue_si_pct, v.si_pct) << i;
    }
    EXPECT_EQ(out.updates[i].cue_window_steps, 20u);
    EXPECT_STREQ(out.updates[i].cue_metric, "peak_vgrf_bw");
    EXPECT_EQ(out.updates[i].cue_threshold_pct, 12.0);
  }
  EXPECT_NEAR(out.updates.back().cue_si_pct, 19.6, 3.0);
  // The table flags at the cue's threshold, and every cue came with a flag on that step.
  EXPECT_NE(out.updates.back().snapshot[SymVar::kPeakVgrfBw].flag, SymFlag::kNone);
  ASSERT_FALSE(out.cues.empty());
  for (const Cue& c : out.cues) {
    const auto u = std::find_if(out.updates.begin(), out.updates.end(),
                                [&](const SymmetryUpdate& x) { return x.t_ns == c.t_ns; });
    ASSERT_NE(u, out.updates.end());
    EXPECT_NE(u->snapshot[SymVar::kPeakVgrfBw].flag, SymFlag::kNone);
  }
}

TEST(GaitEngine, TheForceTraceIsTheForceTheDetectorSees) {
  // A plate with a 15 N offset (amplifier drift, under the contact thresholds): after the
  // first flight phase the trace is zeroed like the detector's input, not the raw force.
  sim::RunnerConfig rc;
  auto engine = std::make_unique<GaitEngine>(GaitEngineConfig{});
  Collect out;
  sim::Runner runner(rc, 5);
  for (TimeNs t = 0; t < s_to_ns(6.0); t += kNsPerMs) {
    ForceFrame f;
    f.n_plates = 2;
    f.t_ns = t;
    runner.plates_at(t, std::span(f.plate.data(), 2));
    f.plate[0].fz_n += 15.0f;
    engine->process(SampleItem{f}, out);
  }
  ASSERT_EQ(out.force.size(), 6000u);
  // In the last second, the left belt's unloaded samples (flight) average ≈ 0 N, not 15 N.
  double sum = 0;
  int n = 0;
  for (std::size_t i = 5000; i < out.force.size(); ++i) {
    if (out.force[i].fz_n[0] < 25.0f) {
      sum += out.force[i].fz_n[0];
      ++n;
    }
  }
  ASSERT_GT(n, 200);
  EXPECT_NEAR(sum / n, 0.0, 2.0);
}

TEST(GaitEngine, APelvisMetricNameIsAcceptedAndAnUnknownOneIsNot) {
  EXPECT_EQ(step_metric_from_name("pelvic_drop_deg"), StepMetric::kPelvicDropDeg);
  EXPECT_EQ(step_metric_from_name("late_stance_tilt_gain_deg"), StepMetric::kLateStanceTiltGainDeg);
  EXPECT_FALSE(step_metric_from_name("pelvic_drop").has_value());
  EXPECT_EQ(default_cue_words(CueValueKind::kStep, StepMetric::kTiltMeanDeg), "Run tall");
  EXPECT_EQ(default_cue_words(CueValueKind::kStep, StepMetric::kPelvicDropDeg), "Level your hips");
}
