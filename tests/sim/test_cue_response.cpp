// The simulated runner answers cues (sim/cue_response.hpp), so a cue preset can be tested end to
// end without a person: a runner whose left hip drops 9° in right stance is cued "Level your
// hips" on the right stance, answers, and the drop the engine measures shrinks until the runner
// is praised; adherence rises with it.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "stridecue/processing/gait_engine.hpp"
#include "stridecue/sim/cue_response.hpp"
#include "stridecue/sim/runner.hpp"

namespace stridecue {
namespace {

using processing::Cue;
using processing::CueKind;

struct Collect final : processing::GaitSink {
  std::vector<processing::StepResult> steps;
  std::vector<Cue> cues;
  std::vector<processing::CueAdherence> adherence;
  void on_step(const processing::StepResult& s) override { steps.push_back(s); }
  void on_cue(const Cue& c) override { cues.push_back(c); }
  void on_adherence(const processing::CueAdherence& a) override { adherence.push_back(a); }
};

processing::CuePreset level_hips() {
  processing::CuePreset p;
  p.name = "level-hips";
  processing::CueRule r;
  r.name = "level-hips";
  r.metric = processing::StepMetric::kPelvicDropDeg;
  r.target.high = 6;
  r.persist_k = 3;
  r.persist_n = 4;
  r.cooldown_s = 10;
  r.priority = 1;
  r.words = "Level your hips";
  r.praise = "Hips level, good";
  p.rules.push_back(r);
  return p;
}

/// Mean right-stance drop of the steps with toe-off in [from_s, to_s).
double right_drop(const std::vector<processing::StepResult>& steps, double from_s, double to_s) {
  double sum = 0;
  int n = 0;
  for (const auto& s : steps) {
    const double t = ns_to_s(s.t_to_ns);
    if (s.side == Side::kRight && t >= from_s && t < to_s &&
        std::isfinite(s.pelvis.pelvic_drop_deg)) {
      sum += s.pelvis.pelvic_drop_deg;
      ++n;
    }
  }
  return n ? sum / n : std::nan("");
}

/// 5 s standing, 20 s baseline without cues, then `level-hips`; the runner answers each cue as
/// sim::CueResponder decides. Plates 1 kHz, IMU 500 Hz, in simulation time (no real time).
Collect run_cued(double probability, double seconds) {
  sim::RunnerConfig rc;
  rc.standing_s = 5.0;
  rc.left.pelvic_drop_deg = 4.5;
  rc.right.pelvic_drop_deg = 9.0;
  sim::Runner runner(rc, 11);
  sim::CueResponseConfig respond;
  respond.probability = probability;
  sim::CueResponder responder(respond, 11);
  processing::GaitEngineConfig cfg;
  cfg.cue_presets = {level_hips()};
  cfg.initial_cue_preset = processing::CueEngine::kNoPreset;
  auto engine = std::make_unique<processing::GaitEngine>(cfg);
  Collect out;
  std::size_t answered = 0;
  std::uint32_t n_imu = 0;
  for (TimeNs t = 0; t < s_to_ns(seconds); t += kNsPerMs) {
    if (t == s_to_ns(25.0)) engine->select_cues(0, 2, processing::kNaN);
    if (t % (2 * kNsPerMs) == 0) {
      engine->process(SampleItem{sim::to_imu_sample(runner.imu_at(t), t, n_imu++)}, out);
    }
    ForceFrame f;
    f.n_plates = 2;
    f.t_ns = t;
    runner.plates_at(t, std::span(f.plate.data(), 2));
    engine->process(SampleItem{f}, out);
    for (; answered < out.cues.size(); ++answered) {
      const Cue& c = out.cues[answered];
      if (c.kind != CueKind::kCorrection) continue;
      auto change = responder.on_cue(runner.config_at(t), c.metric, c.symmetry, c.side, ns_to_s(t));
      if (!change) continue;
      change->at_s = std::max(change->at_s, ns_to_s(runner.planned_until_ns()) + 0.001);
      runner.schedule(*change);
    }
  }
  engine->process(SampleItem{EndOfStream{}}, out);
  return out;
}

TEST(CueResponse, TheRunnerAnswersLevelYourHipsAndTheMeasuredDropShrinks) {
  const Collect out = run_cued(1.0, 90.0);
  ASSERT_FALSE(out.cues.empty());
  // No cue in the baseline: the preset is selected at 25 s.
  EXPECT_GE(out.cues.front().t_ns, s_to_ns(25.0));
  EXPECT_STREQ(out.cues.front().text_c(), "Level your hips");
  EXPECT_EQ(out.cues.front().side, Side::kRight);
  const double before = right_drop(out.steps, 15, 25);  // the baseline block
  const double after = right_drop(out.steps, 80, 90);
  EXPECT_NEAR(before, 9.0, 1.0);
  EXPECT_LT(after, 6.5);
  EXPECT_LT(after, before - 2.5);
  // Praised once back inside, and adherence rose: the block's share inside the target at the
  // end is above the share at its first report.
  bool praised = false;
  for (const Cue& c : out.cues) praised = praised || c.kind == CueKind::kPraise;
  EXPECT_TRUE(praised);
  ASSERT_GE(out.adherence.size(), 2u);
  EXPECT_TRUE(out.adherence.back().final);
  EXPECT_GT(out.adherence.back().inside_pct(), out.adherence.front().inside_pct() + 10);
  EXPECT_GT(out.adherence.back().time_to_success_s(), 0);
}

TEST(CueResponse, ARunnerWhoNeverAnswersKeepsTheirDropAndIsCuedAgain) {
  const Collect out = run_cued(0.0, 90.0);
  const double before = right_drop(out.steps, 25, 35);
  const double after = right_drop(out.steps, 80, 90);
  EXPECT_NEAR(after, before, 0.7);
  std::size_t corrections = 0;
  for (const Cue& c : out.cues) corrections += c.kind == CueKind::kCorrection;
  EXPECT_GE(corrections, 5u);  // every cooldown (10 s) over 65 s
  ASSERT_FALSE(out.adherence.empty());
  EXPECT_LT(out.adherence.back().inside_pct(), 60);  // the left stances only
  EXPECT_TRUE(std::isnan(out.adherence.back().time_to_success_s()));
}

TEST(CueResponse, EachFaultMovesTowardHealthy) {
  sim::RunnerConfig rc;
  rc.right.pelvic_drop_deg = 9;
  rc.left.active_peak_bw = 2.3;
  rc.right.active_peak_bw = 2.8;
  rc.anterior_tilt_offset_deg = 10;
  sim::CueResponseConfig c;
  c.reduction_pct = 50;
  auto drop = sim::answer_cue(rc, "pelvic_drop_deg", false, Side::kRight, 30, c);
  ASSERT_TRUE(drop.has_value());
  EXPECT_EQ(drop->field->name, "right.pelvic_drop_deg");
  EXPECT_DOUBLE_EQ(drop->value, 6.75);
  EXPECT_DOUBLE_EQ(drop->at_s, 30);
  auto peak = sim::answer_cue(rc, "peak_vgrf_bw", true, Side::kRight, 30, c);
  ASSERT_TRUE(peak.has_value());
  EXPECT_EQ(peak->field->name, "right.active_peak_bw");
  EXPECT_DOUBLE_EQ(peak->value, 2.55);
  auto tilt = sim::answer_cue(rc, "tilt_mean_deg", false, Side::kLeft, 30, c);
  ASSERT_TRUE(tilt.has_value());
  EXPECT_DOUBLE_EQ(tilt->value, 6.0);
  EXPECT_FALSE(sim::answer_cue(rc, "flight_ms", false, Side::kLeft, 30, c).has_value());
  EXPECT_FALSE(sim::answer_cue(rc, "pelvic_drop_deg", false, Side::kUnknown, 30, c));
  sim::CueResponseConfig bad;
  bad.probability = 1.5;
  EXPECT_THROW(sim::validate(bad), std::invalid_argument);
}

}  // namespace
}  // namespace stridecue
