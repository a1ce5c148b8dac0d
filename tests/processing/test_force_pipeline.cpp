// ForcePipeline on synthetic split-belt running: steps, sides, metrics, and the no-allocation
// contract of the hot path; the uneven-loading cue through the GaitEngine that runs it.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

#include "alloc_counter.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/processing/gait_engine.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

struct Collect : StepSink {
  std::vector<StepResult> steps;
  void on_step(const StepResult& s) override { steps.push_back(s); }
};

struct EngineCollect : GaitSink {
  std::vector<StepResult> steps;
  std::vector<Cue> cues;
  void on_step(const StepResult& s) override { steps.push_back(s); }
  void on_cue(const Cue& c) override { cues.push_back(c); }
};

// Alternating L/R half-sine contacts on two belts at 1 kHz: step 0.35 s, contact 0.24 s.
struct SyntheticRun {
  double mass_kg = 70;
  double left_peak_bw = 2.5, right_peak_bw = 2.5;
  double step_s = 0.35, contact_s = 0.24;

  ForceFrame frame(long i) const {
    const double t = i / 1000.0;
    ForceFrame f;
    f.t_ns = s_to_ns(t);
    f.counter = static_cast<std::uint32_t>(i);
    f.n_plates = 2;
    const long k = static_cast<long>(std::floor((t - 0.05) / step_s));
    const double u = (t - 0.05 - k * step_s) / contact_s;
    const double bw = mass_kg * kGravity_mps2;
    if (k >= 0 && u > 0 && u < 1) {
      const bool left = k % 2 == 0;
      const double peak = (left ? left_peak_bw : right_peak_bw) * bw;
      f.plate[left ? 0 : 1].fz_n = static_cast<float>(peak * std::sin(std::numbers::pi * u));
    }
    return f;
  }
};

}  // namespace

TEST(ForcePipeline, SplitBeltStepsHaveSidesTimesAndPeaks) {
  SyntheticRun run;
  run.left_peak_bw = 2.4;
  run.right_peak_bw = 2.6;
  ForcePipeline p(ForcePipelineConfig{});
  Collect c;
  for (long i = 0; i < 10'000; ++i) p.process(run.frame(i), c);
  ASSERT_EQ(c.steps.size(), 28u);  // contacts starting at 0.05 + 0.35k, k = 0..27
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const StepResult& s = c.steps[i];
    EXPECT_EQ(s.side, i % 2 == 0 ? Side::kLeft : Side::kRight) << i;
    EXPECT_NEAR(s.contact_ms, 240.0 - 1.3 - 0.9, 0.3) << i;  // 30 N on, 20 N off
    EXPECT_NEAR(s.peak_vgrf_bw, i % 2 == 0 ? 2.4 : 2.6, 0.005) << i;
    // ∫ peak·sin = peak·2T/π
    EXPECT_NEAR(s.impulse_bw_s, (i % 2 == 0 ? 2.4 : 2.6) * 2 * 0.24 / std::numbers::pi, 0.003);
    if (i > 0) {
      EXPECT_NEAR(s.step_ms, 350.0, 0.3) << i;
      EXPECT_NEAR(s.flight_ms, 110.0 + 1.3 + 0.9, 0.3) << i;
    } else {
      EXPECT_TRUE(std::isnan(s.step_ms));
    }
  }
}

TEST(GaitEngine, UnevenLoadingCueFiresOnlyAboveThresholdAndNamesTheSide) {
  GaitEngineConfig cfg;
  cfg.cue.threshold_pct = 10.0;
  {
    SyntheticRun even;  // SI 0
    even.right_peak_bw = 2.6;
    even.left_peak_bw = 2.5;  // SI 3.9 %: below threshold
    auto e = std::make_unique<GaitEngine>(cfg);
    EngineCollect c;
    for (long i = 0; i < 20'000; ++i) e->process(even.frame(i), c);
    EXPECT_TRUE(c.cues.empty());
  }
  {
    SyntheticRun uneven;
    uneven.left_peak_bw = 2.3;
    uneven.right_peak_bw = 2.7;  // SI +16 %
    auto e = std::make_unique<GaitEngine>(cfg);
    EngineCollect c;
    for (long i = 0; i < 20'000; ++i) e->process(uneven.frame(i), c);
    ASSERT_FALSE(c.cues.empty());
    EXPECT_STREQ(c.cues.front().text_c(), "Even out your steps");
    EXPECT_STREQ(c.cues.front().metric, "peak_vgrf_bw");
    EXPECT_EQ(c.cues.front().side, Side::kRight);
    EXPECT_NEAR(c.cues.front().value, 16.0, 0.1);
    // The symmetry table's window (10 strides: 10 steps a side), then six steps of hold-off
    // between cues.
    EXPECT_EQ(c.cues.front().t_ns, c.steps[19].t_to_ns);
    for (std::size_t i = 1; i < c.cues.size(); ++i) {
      EXPECT_GE(c.cues[i].t_ns - c.cues[i - 1].t_ns, s_to_ns(6 * 0.35) - kNsPerMs);
    }
  }
}

TEST(ForcePipeline, GapAbandonsTheContactInProgress) {
  SyntheticRun run;
  ForcePipeline p(ForcePipelineConfig{});
  Collect c;
  for (long i = 0; i < 3000; ++i) {
    ForceFrame f = run.frame(i);
    if (i >= 1200 && i < 1250) continue;  // 50 ms lost mid-contact (contact 3: 1.10–1.34 s)
    if (i == 1250) f.flags |= kSampleGapBefore;
    p.process(f, c);
  }
  // Contacts k = 0..7 end before 3 s; k = 3 was cut by the gap and is not reported.
  EXPECT_EQ(c.steps.size(), 7u);
  for (const auto& s : c.steps) EXPECT_NEAR(s.contact_ms, 240.0 - 2.2, 0.3);
}

TEST(GaitEngine, HotPathDoesNotAllocate) {
  SyntheticRun run;
  run.left_peak_bw = 2.2;
  run.right_peak_bw = 2.8;
  auto e = std::make_unique<GaitEngine>(GaitEngineConfig{});
  struct CountOnly : GaitSink {
    int steps = 0, cues = 0;
    void on_step(const StepResult&) override { ++steps; }
    void on_cue(const Cue&) override { ++cues; }
  } sink;
  std::vector<SampleItem> frames;
  for (long i = 0; i < 20'000; ++i) frames.push_back(run.frame(i));
  test::AllocationScope scope;
  for (const auto& f : frames) e->process(f, sink);
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_GT(sink.steps, 50);
  EXPECT_GT(sink.cues, 0);
}

TEST(ForcePipeline, RejectsImplausibleBodyMass) {
  ForcePipelineConfig cfg;
  cfg.body_mass_kg = 0;
  try {
    ForcePipeline p(cfg);
    FAIL() << "accepted a body mass of 0";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("body_mass_kg"), std::string::npos);
  }
}

namespace {
ForceFrame still_frame(long i, double fz, double wobble) {
  ForceFrame f;
  f.t_ns = i * kNsPerMs;
  f.n_plates = 2;
  for (int p = 0; p < 2; ++p) {
    f.plate[p].fz_n = static_cast<float>(fz + wobble * std::sin(i * 0.7 + p));
    f.plate[p].fx_n = 3.0f;
  }
  return f;
}
}  // namespace

TEST(ForcePipelineTare, AnUnloadedStillTreadmillIsZeroed) {
  ForcePipeline p(ForcePipelineConfig{});
  Collect c;
  p.request_tare(500 * kNsPerMs);
  for (long i = 0; i < 600; ++i) p.process(still_frame(i, 42.0, 2.0), c);
  const auto r = p.take_tare_result();
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->ok) << r->reason;
  EXPECT_NEAR(r->fz_offset_n[0], 42.0, 0.2);
  EXPECT_NEAR(p.zero_offset_n(1), 42.0, 0.2);
  EXPECT_FALSE(p.take_tare_result().has_value());  // reported once
  // With the offset removed, a 1000 N contact on top of it peaks at 1000 N, not 1042 N.
  for (long i = 600; i < 1400; ++i) {
    ForceFrame f = still_frame(i, 42.0, 2.0);
    const double u = (i - 800) / 300.0;
    if (u > 0 && u < 1)
      f.plate[0].fz_n += static_cast<float>(1000 * std::sin(std::numbers::pi * u));
    p.process(f, c);
  }
  ASSERT_EQ(c.steps.size(), 1u);
  EXPECT_NEAR(c.steps[0].peak_vgrf_bw * p.body_weight_n(), 1000.0, 3.0);
}

TEST(ForcePipelineTare, RefusedWhenSomeoneStandsOnTheBeltOrItMoves) {
  {
    ForcePipeline p(ForcePipelineConfig{});
    Collect c;
    p.request_tare(300 * kNsPerMs);
    for (long i = 0; i < 400; ++i) p.process(still_frame(i, 690.0, 1.0), c);  // standing
    const auto r = p.take_tare_result();
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->ok);
    EXPECT_NE(std::string(r->reason).find("loaded"), std::string::npos);
    EXPECT_EQ(p.zero_offset_n(0), 0.0);  // offsets unchanged
  }
  {
    ForcePipeline p(ForcePipelineConfig{});
    Collect c;
    p.request_tare(300 * kNsPerMs);
    for (long i = 0; i < 400; ++i) p.process(still_frame(i, 20.0, 40.0), c);  // belt vibrating
    const auto r = p.take_tare_result();
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->ok);
    EXPECT_NE(std::string(r->reason).find("not still"), std::string::npos);
  }
}
