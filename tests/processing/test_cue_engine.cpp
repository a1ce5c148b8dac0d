// The cue engine driven by simulated step streams: when each schedule cues and when it holds
// back, arbitration between two faults, fading by block and by session, praise, targets
// relative to the baseline, and adherence that matches what the steps did.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "alloc_counter.hpp"
#include "stridecue/processing/cue_engine.hpp"

namespace stridecue::processing {
namespace {

constexpr TimeNs kStepNs = 350 * kNsPerMs;  // ≈ 171 steps/min

struct Sink final : CueSink {
  std::vector<Cue> cues;
  std::vector<CueAdherence> adherence;
  std::vector<CuePlanEvent> plans;
  void on_cue(const Cue& c) override { cues.push_back(c); }
  void on_adherence(const CueAdherence& a) override { adherence.push_back(a); }
  void on_cue_plan(const CuePlanEvent& p) override { plans.push_back(p); }
  std::size_t corrections() const {
    std::size_t n = 0;
    for (const Cue& c : cues) n += c.kind == CueKind::kCorrection;
    return n;
  }
  /// The last adherence report of a rule.
  CueAdherence last(std::uint8_t rule) const {
    CueAdherence a;
    for (const CueAdherence& x : adherence) {
      if (x.rule == rule) a = x;
    }
    return a;
  }
};

/// Step i of a run: sides alternate (even = left), toe-off every kStepNs.
StepResult step(std::uint32_t i) {
  StepResult s;
  s.index = i;
  s.side = i % 2 ? Side::kRight : Side::kLeft;
  s.t_ic_ns = static_cast<TimeNs>(i) * kStepNs;
  s.t_to_ns = s.t_ic_ns + 250 * kNsPerMs;
  s.cadence_spm = 171;
  s.peak_vgrf_bw = 2.5;
  s.valr_bw_s = 80;
  s.pelvis.flags = 0;
  return s;
}

CueRule drop_rule(double max_deg = 6) {
  CueRule r;
  r.name = "level-hips";
  r.metric = StepMetric::kPelvicDropDeg;
  r.target.high = max_deg;
  r.persist_k = 3;
  r.persist_n = 4;
  r.cooldown_s = 10;
  r.priority = 1;
  r.words = "Level your hips";
  return r;
}

CuePreset preset_of(std::vector<CueRule> rules, ScheduleKind kind = ScheduleKind::kBandwidth) {
  CuePreset p;
  p.name = "test";
  p.rules = std::move(rules);
  p.schedule.kind = kind;
  p.min_gap_s = 0;
  p.max_per_minute = 60;
  return p;
}

/// Feeds steps [from, to) with pelvic drop left/right, symmetric loading otherwise.
void run_drop(CueEngine& e, Sink& sink, std::uint32_t from, std::uint32_t to, double left_deg,
              double right_deg) {
  for (std::uint32_t i = from; i < to; ++i) {
    StepResult s = step(i);
    s.pelvis.pelvic_drop_deg = s.side == Side::kLeft ? left_deg : right_deg;
    e.on_step(s, nullptr, sink);
  }
}

TEST(CueEngine, BandwidthCuesAPersistentFaultOnceThenWaitsOutItsCooldown) {
  // Weak right glute: 9° drop in right stance. A rule for the right side judges right steps
  // only, so 3 of 4 are outside at the third right step.
  CueRule r = drop_rule();
  r.sides = CueSides::kRight;
  CueEngine e({preset_of({r})}, {});
  Sink sink;
  e.select(0, 3, kNaN, 1, 0, sink);
  run_drop(e, sink, 0, 120, 4, 9);  // 42 s
  ASSERT_FALSE(sink.cues.empty());
  const Cue& first = sink.cues.front();
  EXPECT_EQ(first.t_ns, step(5).t_to_ns);  // right steps 1, 3, 5
  EXPECT_STREQ(first.text_c(), "Level your hips");
  EXPECT_STREQ(first.metric, "pelvic_drop_deg");
  EXPECT_EQ(first.side, Side::kRight);
  EXPECT_EQ(first.block, 3);
  EXPECT_DOUBLE_EQ(first.value, 9.0);
  EXPECT_DOUBLE_EQ(first.target_high, 6.0);
  for (std::size_t i = 1; i < sink.cues.size(); ++i) {
    EXPECT_GE(sink.cues[i].t_ns - sink.cues[i - 1].t_ns, 10 * kNsPerS);
    EXPECT_LT(sink.cues[i].t_ns - sink.cues[i - 1].t_ns, 10 * kNsPerS + 2 * kStepNs);
  }
  EXPECT_EQ(sink.cues.size(), 4u);  // at ≈ 2, 12, 22, 32 s
}

TEST(CueEngine, BothSidesNameTheSideWhoseStanceDropsAndAnEvenRunnerIsNeverCued) {
  // A one-sided fault is outside on every other step: persistence counts each side's own
  // stances, so 3 of the last 4 right stances cue it.
  CueEngine e({preset_of({drop_rule()})}, {});
  Sink sink;
  e.select(0, -1, kNaN, 1, 0, sink);
  run_drop(e, sink, 0, 40, 4, 9);
  ASSERT_FALSE(sink.cues.empty());
  EXPECT_EQ(sink.cues.front().t_ns, step(5).t_to_ns);
  EXPECT_EQ(sink.cues.front().side, Side::kRight);
  CueRule r = drop_rule();

  CueEngine even({preset_of({r})}, {});
  Sink quiet;
  even.select(0, -1, kNaN, 1, 0, quiet);
  run_drop(even, quiet, 0, 200, 4, 5);
  EXPECT_TRUE(quiet.cues.empty());
  even.finish(step(200).t_to_ns, quiet);
  const CueAdherence a = quiet.last(0);
  EXPECT_TRUE(a.final);
  EXPECT_EQ(a.judged, 200u);
  EXPECT_EQ(a.inside, 200u);
  EXPECT_DOUBLE_EQ(a.inside_pct(), 100.0);
  EXPECT_TRUE(std::isnan(a.time_to_success_s()));  // never cued
}

TEST(CueEngine, StepsWithoutAValueAreNotJudged) {
  CueEngine e({preset_of({drop_rule()})}, {});
  Sink sink;
  e.select(0, -1, kNaN, 1, 0, sink);
  for (std::uint32_t i = 0; i < 40; ++i) {
    StepResult s = step(i);  // no IMU: pelvic drop NaN
    if (i % 4 == 0) s.side = Side::kUnknown;
    e.on_step(s, nullptr, sink);
  }
  e.finish(step(40).t_to_ns, sink);
  EXPECT_TRUE(sink.cues.empty());
  EXPECT_EQ(sink.last(0).judged, 0u);
}

TEST(CueEngine, ContinuousCuesEveryStepOutsideUpToTheCeiling) {
  CueRule r = drop_rule();
  r.cooldown_s = 30;  // ignored by the continuous schedule
  CuePreset p = preset_of({r}, ScheduleKind::kContinuous);
  p.max_per_minute = 10;
  CueEngine e({p}, {});
  Sink sink;
  e.select(0, -1, kNaN, 1, 0, sink);
  run_drop(e, sink, 0, 171, 9, 9);  // a minute, every step outside
  ASSERT_EQ(sink.cues.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(sink.cues[i].t_ns, step(i).t_to_ns);
  EXPECT_EQ(sink.cues.front().window_steps, 1u);
  // The next minute opens when the first cue is a minute old.
  run_drop(e, sink, 171, 200, 9, 9);
  ASSERT_GT(sink.cues.size(), 10u);
  EXPECT_GE(sink.cues[10].t_ns - sink.cues[0].t_ns, 60 * kNsPerS);
}

TEST(CueEngine, SummaryGivesOneMessageEveryNStridesAboutThatStretch) {
  CueRule r = drop_rule();
  r.praise = "Hips level, good";
  CuePreset p = preset_of({r}, ScheduleKind::kSummary);
  p.schedule.summary_strides = 5;  // every 10 steps
  CueEngine e({p}, {});
  Sink sink;
  e.select(0, -1, kNaN, 1, 0, sink);
  run_drop(e, sink, 0, 30, 9, 9);   // three stretches outside
  run_drop(e, sink, 30, 50, 4, 4);  // two inside
  ASSERT_EQ(sink.cues.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(sink.cues[i].t_ns, step(static_cast<std::uint32_t>(10 * i + 9)).t_to_ns) << i;
    EXPECT_EQ(sink.cues[i].kind, i < 3 ? CueKind::kCorrection : CueKind::kPraise) << i;
  }
  EXPECT_STREQ(sink.cues[3].text_c(), "Hips level, good");
}

TEST(CueEngine, TheHigherPriorityFaultSpeaksFirstAndTheOtherAfterTheGap) {
  CueRule hips = drop_rule();
  hips.priority = 1;
  CueRule soft;
  soft.name = "soft-landing";
  soft.metric = StepMetric::kValrBwS;
  soft.target.high = 60;
  soft.persist_k = 3;
  soft.persist_n = 4;
  soft.cooldown_s = 10;
  soft.priority = 2;
  soft.words = "Land softer";
  CuePreset p = preset_of({soft, hips});  // order in the file does not decide
  p.min_gap_s = 4;
  CueEngine e({p}, {});
  Sink sink;
  e.select(0, -1, kNaN, 1, 0, sink);
  run_drop(e, sink, 0, 40, 9, 9);  // both outside (VALR 80 BW/s > 60)
  ASSERT_GE(sink.cues.size(), 2u);
  EXPECT_STREQ(sink.cues[0].rule_c(), "level-hips");
  EXPECT_STREQ(sink.cues[1].rule_c(), "soft-landing");
  EXPECT_GE(sink.cues[1].t_ns - sink.cues[0].t_ns, 4 * kNsPerS);
  EXPECT_LT(sink.cues[1].t_ns - sink.cues[0].t_ns, 4 * kNsPerS + kStepNs + 1);
  // Held back meanwhile, and counted.
  e.finish(step(40).t_to_ns, sink);
  EXPECT_GT(sink.last(0).withheld, 0u);
}

TEST(CueEngine, PraiseComesOnceWhenTheRunnerIsBackInside) {
  CueRule r = drop_rule();
  r.praise = "Hips level, good";
  CueEngine e({preset_of({r})}, {});
  Sink sink;
  e.select(0, -1, kNaN, 1, 0, sink);
  // Persistence counts each side's stances: left steps 0, 2, 4 outside give the cue at step 4.
  run_drop(e, sink, 0, 6, 9, 9);
  run_drop(e, sink, 6, 60, 4, 4);  // back inside from step 6
  ASSERT_EQ(sink.cues.size(), 2u);
  EXPECT_EQ(sink.cues[0].kind, CueKind::kCorrection);
  EXPECT_EQ(sink.cues[0].side, Side::kLeft);
  EXPECT_EQ(sink.cues[1].kind, CueKind::kPraise);
  EXPECT_EQ(sink.cues[1].side, Side::kLeft);
  EXPECT_EQ(sink.cues[1].t_ns, step(10).t_to_ns);  // left steps 4..10: 3 of 4 inside
  e.finish(step(60).t_to_ns, sink);
  const CueAdherence a = sink.last(0);
  EXPECT_EQ(a.first_cue_ns, step(4).t_to_ns);
  EXPECT_EQ(a.first_success_ns, step(10).t_to_ns);
  EXPECT_NEAR(a.time_to_success_s(), 6 * 0.35, 1e-9);
  EXPECT_EQ(a.cues, 1u);
  EXPECT_EQ(a.praises, 1u);
  EXPECT_EQ(a.judged, 60u);
  EXPECT_EQ(a.inside, 54u);
}

TEST(CueEngine, FadedFeedbackIsOnForItsShareOfEachCycle) {
  CueRule r = drop_rule();
  r.cooldown_s = 0;
  r.persist_k = 1;
  r.persist_n = 1;
  CuePreset p = preset_of({r}, ScheduleKind::kFaded);
  p.schedule.fade_cycle_s = 20;
  CueEngine e({p}, {});
  Sink sink;
  e.select(0, 4, 50, 1, 0, sink);  // the block says 50 %
  ASSERT_EQ(sink.plans.size(), 1u);
  EXPECT_EQ(sink.plans[0].feedback_pct, 50);
  run_drop(e, sink, 0, 343, 9, 9);  // 120 s
  ASSERT_FALSE(sink.cues.empty());
  for (const Cue& c : sink.cues) {
    EXPECT_LT(std::fmod(static_cast<double>(c.t_ns) / 1e9, 20.0), 10.0) << c.t_ns;
  }
  // Withheld outside the share, and judged all along.
  e.finish(step(343).t_to_ns, sink);
  EXPECT_GT(sink.last(0).withheld, 100u);
  EXPECT_EQ(sink.last(0).judged, 343u);
}

TEST(CueEngine, FadedFeedbackWithdrawsAcrossSessionsOfTheProgramme) {
  CueRule r = drop_rule();
  r.cooldown_s = 1;  // about one cue a second while feedback is on
  r.persist_k = 1;
  r.persist_n = 1;
  CuePreset p = preset_of({r}, ScheduleKind::kFaded);  // default 100,100,100,100,80,60,40,20
  std::vector<std::size_t> counts;
  for (std::uint32_t session = 1; session <= 9; ++session) {
    CueEngine e({p}, {});
    Sink sink;
    e.select(0, 0, kNaN, session, 0, sink);
    EXPECT_EQ(sink.plans.back().feedback_pct, faded_feedback_pct(p.schedule, session));
    run_drop(e, sink, 0, 343, 9, 9);  // two 60-s cycles
    counts.push_back(sink.cues.size());
  }
  for (std::size_t s = 1; s < 4; ++s) EXPECT_EQ(counts[s], counts[0]);  // sessions 1–4: all
  for (std::size_t s = 4; s < 8; ++s) EXPECT_LT(counts[s], counts[s - 1]) << s + 1;
  EXPECT_NEAR(static_cast<double>(counts[7]) / counts[0], 0.2, 0.03);
  EXPECT_EQ(counts[8], counts[7]);  // later sessions keep the last share
}

TEST(CueEngine, NoPresetMeansNoCuesAndChangingBlocksClosesTheOldAdherence) {
  CueEngine e({preset_of({drop_rule()})}, {});
  Sink sink;
  e.select(CueEngine::kNoPreset, 0, kNaN, 1, 0, sink);  // baseline block: no cues
  run_drop(e, sink, 0, 40, 9, 9);
  EXPECT_TRUE(sink.cues.empty());
  EXPECT_TRUE(sink.adherence.empty());
  e.select(0, 1, kNaN, 1, step(40).t_to_ns, sink);  // retraining
  run_drop(e, sink, 40, 80, 9, 9);
  EXPECT_FALSE(sink.cues.empty());
  EXPECT_EQ(sink.cues.front().block, 1);
  e.select(CueEngine::kNoPreset, 2, kNaN, 1, step(80).t_to_ns, sink);  // post-test
  const std::size_t cues = sink.cues.size();
  run_drop(e, sink, 80, 120, 9, 9);
  EXPECT_EQ(sink.cues.size(), cues);
  const CueAdherence a = sink.last(0);
  EXPECT_TRUE(a.final);
  EXPECT_EQ(a.block, 1);
  EXPECT_EQ(a.judged, 40u);
  EXPECT_EQ(a.inside, 0u);
  ASSERT_EQ(sink.plans.size(), 3u);
  EXPECT_EQ(sink.plans[1].preset, 0);
  EXPECT_STREQ(sink.plans[1].preset_c(), "test");
  EXPECT_EQ(sink.plans[2].preset, CueEngine::kNoPreset);
}

TEST(CueEngine, TargetsRelativeToTheBaselineReadTheRunnersOwnMeanAndSpread) {
  CueRule soft;
  soft.name = "soft-landing";
  soft.metric = StepMetric::kValrBwS;
  soft.target.ref = TargetRef::kBaselinePct;
  soft.target.high = 80;  // at most 80 % of the baseline's loading rate
  soft.persist_k = 3;
  soft.persist_n = 4;
  soft.words = "Land softer";
  CueRule tilt;
  tilt.name = "run-tall";
  tilt.metric = StepMetric::kTiltMeanDeg;
  tilt.target.ref = TargetRef::kBaselineSd;
  tilt.target.high = 1;  // no more than one SD above the baseline's mean
  tilt.persist_k = 3;
  tilt.persist_n = 4;
  tilt.priority = 2;
  tilt.words = "Run tall";
  CueEngine e({preset_of({soft}), preset_of({tilt})}, {});
  Sink sink;
  // Without a baseline neither rule can judge.
  e.select(0, -1, kNaN, 1, 0, sink);
  for (std::uint32_t i = 0; i < 20; ++i) e.on_step(step(i), nullptr, sink);
  EXPECT_TRUE(sink.cues.empty());

  e.select(CueEngine::kNoPreset, 0, kNaN, 1, step(20).t_to_ns, sink);
  e.begin_baseline();
  for (std::uint32_t i = 20; i < 60; ++i) {
    StepResult s = step(i);
    s.valr_bw_s = 100;
    s.pelvis.tilt_mean_deg = i % 4 < 2 ? 9 : 11;  // mean 10, SD √(20/19) per side
    e.on_step(s, nullptr, sink);
  }
  const auto base = e.end_baseline();
  ASSERT_TRUE(base.has_value());
  EXPECT_DOUBLE_EQ(base->of(StepMetric::kValrBwS, Side::kLeft).mean, 100);
  EXPECT_NEAR(base->of(StepMetric::kTiltMeanDeg, Side::kRight).sd, std::sqrt(20.0 / 19.0), 1e-9);

  e.select(0, 1, kNaN, 1, step(60).t_to_ns, sink);
  for (std::uint32_t i = 60; i < 70; ++i) {
    StepResult s = step(i);
    s.valr_bw_s = 75;  // 75 % of baseline: inside
    e.on_step(s, nullptr, sink);
  }
  EXPECT_TRUE(sink.cues.empty());
  for (std::uint32_t i = 70; i < 80; ++i) {
    StepResult s = step(i);
    s.valr_bw_s = 90;  // 90 %: outside
    e.on_step(s, nullptr, sink);
  }
  ASSERT_EQ(sink.cues.size(), 1u);
  EXPECT_DOUBLE_EQ(sink.cues[0].target_high, 80.0);  // BW/s: 80 % of 100

  e.select(1, 2, kNaN, 1, step(80).t_to_ns, sink);
  for (std::uint32_t i = 80; i < 100; ++i) {
    StepResult s = step(i);
    s.pelvis.tilt_mean_deg = 12.5;  // 2.5 SD above
    e.on_step(s, nullptr, sink);
  }
  ASSERT_EQ(sink.cues.size(), 2u);
  EXPECT_STREQ(sink.cues[1].text_c(), "Run tall");
  EXPECT_NEAR(sink.cues[1].target_high, 10 + std::sqrt(20.0 / 19.0), 1e-9);
}

TEST(CueEngine, AnSdTargetUsesAtLeastTheMetricsResolution) {
  // A simulated runner's tilt barely varies (SD 0.05°): one SD above the mean would cue on
  // noise. The band is at least the metric's resolution (0.5° for pelvis angles).
  CueRule tilt;
  tilt.name = "run-tall";
  tilt.metric = StepMetric::kTiltMeanDeg;
  tilt.target.ref = TargetRef::kBaselineSd;
  tilt.target.high = 1;
  tilt.persist_k = tilt.persist_n = 1;
  tilt.words = "Run tall";
  CueEngine e({preset_of({tilt})}, {});
  Sink sink;
  e.begin_baseline();
  for (std::uint32_t i = 0; i < 40; ++i) {
    StepResult s = step(i);
    s.pelvis.tilt_mean_deg = 4.6 + (i % 4 < 2 ? 0.05 : -0.05);
    e.on_step(s, nullptr, sink);
  }
  ASSERT_TRUE(e.end_baseline().has_value());
  e.select(0, 1, kNaN, 1, step(40).t_to_ns, sink);
  for (std::uint32_t i = 40; i < 80; ++i) {
    StepResult s = step(i);
    s.pelvis.tilt_mean_deg = 4.6 + (i % 3 == 0 ? 0.3 : -0.2);  // noise-sized changes
    e.on_step(s, nullptr, sink);
  }
  EXPECT_TRUE(sink.cues.empty());
  StepResult s = step(80);
  s.pelvis.tilt_mean_deg = 5.3;  // 0.7° above: more than the 0.5° floor
  e.on_step(s, nullptr, sink);
  ASSERT_EQ(sink.cues.size(), 1u);
  EXPECT_NEAR(sink.cues[0].target_high, 4.6 + 0.5, 1e-9);
  EXPECT_EQ(step_metric_resolution(StepMetric::kContactMs), 2.0);
}

TEST(CueEngine, AStepBaselineNeedsBothSides) {
  CueEngine e({}, {});
  e.begin_baseline();
  Sink sink;
  for (std::uint32_t i = 0; i < 10; ++i) {
    StepResult s = step(i);
    s.side = Side::kLeft;
    e.on_step(s, nullptr, sink);
  }
  EXPECT_FALSE(e.end_baseline().has_value());
  EXPECT_FALSE(e.baseline().has_value());
}

TEST(CueEngine, TheMetronomeRunsAtItsShareOfTheBaselineCadence) {
  CuePreset p = preset_of({});
  p.metronome_pct = 105;
  CueEngine e({p}, {});
  Sink sink;
  e.select(0, 0, kNaN, 1, 0, sink);
  EXPECT_TRUE(std::isnan(sink.plans.back().metronome_spm));  // no baseline cadence yet
  e.begin_baseline();
  for (std::uint32_t i = 0; i < 20; ++i) e.on_step(step(i), nullptr, sink);
  ASSERT_TRUE(e.end_baseline().has_value());
  e.select(0, 1, kNaN, 1, step(20).t_to_ns, sink);
  EXPECT_NEAR(sink.plans.back().metronome_spm, 171 * 1.05, 1e-9);
}

TEST(CueEngine, ASymmetryRuleOnThePelvisKeepsItsOwnWindow) {
  CueRule r;
  r.name = "hips-even";
  r.value = CueValueKind::kSymmetry;
  r.metric = StepMetric::kPelvicDropDeg;
  r.target.high = 30;
  r.window_steps = 8;
  r.persist_k = 1;
  r.persist_n = 1;
  r.words = "Level your hips";
  CueEngine e({preset_of({r})}, {});
  Sink sink;
  e.select(0, -1, kNaN, 1, 0, sink);
  run_drop(e, sink, 0, 20, 4, 9);  // SI = 5 / 6.5 = +77 %
  ASSERT_FALSE(sink.cues.empty());
  EXPECT_EQ(sink.cues.front().t_ns, step(7).t_to_ns);  // the 8th step fills the window
  EXPECT_TRUE(sink.cues.front().symmetry);
  EXPECT_EQ(sink.cues.front().side, Side::kRight);
  EXPECT_NEAR(sink.cues.front().value, 5.0 / 6.5 * 100, 1e-9);
  EXPECT_EQ(describe_cue(sink.cues.front()),
            "pelvic_drop_deg symmetry +76.9 % (right larger), target |SI| <= 30.0 (last 1 step)");
}

TEST(CueEngine, JudgingAndSwitchingPresetsAllocateNothing) {
  CueRule hips = drop_rule();
  hips.praise = "Good";
  CueRule sym;
  sym.name = "even";
  sym.value = CueValueKind::kSymmetry;
  sym.metric = StepMetric::kPelvicDropDeg;
  sym.target.high = 10;
  sym.words = "Even out your steps";
  CueEngine e({preset_of({hips, sym}), preset_of({hips}, ScheduleKind::kSummary)}, {});
  Sink sink;
  sink.cues.reserve(10000);
  sink.adherence.reserve(10000);
  sink.plans.reserve(100);
  test::AllocationScope scope;
  for (std::uint32_t block = 0; block < 6; ++block) {
    e.select(static_cast<int>(block % 3) - 1, static_cast<std::int32_t>(block), kNaN, 1,
             step(block * 200).t_to_ns, sink);
    if (block == 1) e.begin_baseline();
    if (block == 2) (void)e.end_baseline();
    run_drop(e, sink, block * 200, block * 200 + 200, 4 + block, 9);
  }
  e.finish(step(1200).t_to_ns, sink);
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_FALSE(sink.cues.empty());
}

TEST(CuePreset, ProblemsNameTheFieldAndTheRange) {
  CueRule r = drop_rule();
  r.persist_k = 5;
  r.words = "";
  CuePreset p = preset_of({r, r});
  p.max_per_minute = 0;
  const std::string problems = preset_problems(p);
  EXPECT_NE(problems.find("rules[0].persist: k 5 is more than n 4"), std::string::npos) << problems;
  EXPECT_NE(problems.find("rules[0].words"), std::string::npos) << problems;
  EXPECT_NE(problems.find("rules[1].name: 'level-hips' names two rules"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find("max_per_minute: use 1 .. 60"), std::string::npos) << problems;
  EXPECT_THROW(CueEngine({p}, {}), std::invalid_argument);
  EXPECT_EQ(preset_problems(preset_of({drop_rule()})), "");
}

}  // namespace
}  // namespace stridecue::processing
