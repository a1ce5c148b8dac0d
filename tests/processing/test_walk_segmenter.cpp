// Single-belt walking (walk_segmenter.hpp) inside the force pipeline: what a clinic does around
// the steady walk — standing still first, walking narrow, stepping off the belt — plus the
// no-allocation contract and the configuration errors. Accuracy over hundreds of steps is in
// test_force_accuracy.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "step_collector.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/sim/runner.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

using Collect = test::StepCollector;

ForcePipelineConfig single_belt() {
  ForcePipelineConfig pc;
  pc.belt = BeltLayout::kSingle;
  return pc;
}

/// Frames of the simulated runner at 1 kHz on one plate, from t = 0 to `seconds`.
std::vector<ForceFrame> frames_of(sim::Runner& runner, double seconds) {
  std::vector<ForceFrame> frames;
  const auto n = static_cast<long>(seconds * 1000);
  frames.reserve(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) {
    ForceFrame f;
    f.t_ns = i * kNsPerMs;
    f.counter = static_cast<std::uint32_t>(i);
    f.n_plates = 1;
    runner.plates_at(f.t_ns, std::span(f.plate.data(), 1));
    frames.push_back(f);
  }
  return frames;
}

/// Steps matched to the truth by initial contact (within 30 ms): found, wrong sides.
struct Match {
  std::size_t truth = 0, found = 0, wrong_side = 0, unmatched = 0;
  std::size_t contact_within_15ms = 0;
};
Match match(const std::vector<StepResult>& steps, const std::vector<sim::StepTruth>& truth,
            TimeNs from_ns, TimeNs to_ns) {
  Match m;
  std::vector<bool> used(steps.size(), false);
  for (const auto& t : truth) {
    if (t.t_ic_ns < from_ns || t.t_to_ns > to_ns) continue;
    ++m.truth;
    for (std::size_t k = 0; k < steps.size(); ++k) {
      if (used[k] || std::llabs(steps[k].t_ic_ns - t.t_ic_ns) > 30 * kNsPerMs) continue;
      used[k] = true;
      ++m.found;
      m.wrong_side += steps[k].side != t.side;
      m.contact_within_15ms +=
          std::fabs(steps[k].contact_ms - ns_to_ms(t.t_to_ns - t.t_ic_ns)) <= 15.0;
      break;
    }
  }
  for (std::size_t k = 0; k < steps.size(); ++k) {
    m.unmatched += !used[k] && steps[k].t_ic_ns >= from_ns && steps[k].t_to_ns <= to_ns;
  }
  return m;
}

/// `seconds` of the runner through the pipeline: the steps out and the truth.
struct Walk {
  std::vector<StepResult> steps;
  std::vector<sim::StepTruth> truth;
  TimeNs first_contact_ns = 0;
};
Walk walk_through(ForcePipeline& pipeline, const sim::RunnerConfig& rc, std::uint64_t seed,
                  double seconds) {
  sim::Runner runner(rc, seed);
  Collect out;
  for (const auto& f : frames_of(runner, seconds)) pipeline.process(f, out);
  Walk w;
  w.steps = std::move(out.steps);
  runner.take_completed_steps(s_to_ns(seconds), w.truth);
  w.first_contact_ns = runner.first_contact_ns();
  return w;
}

}  // namespace

TEST(WalkSegmenter, StandingStillThenWalkingGivesNoStandingStep) {
  // The static calibration's 5 s of standing is one long load on the belt: not a step.
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  rc.standing_s = 5.0;
  ForcePipeline pipeline(single_belt());
  const Walk w = walk_through(pipeline, rc, 21, 40);

  for (const auto& s : w.steps) EXPECT_LT(s.contact_ms, 1000.0) << "step " << s.index;
  ASSERT_FALSE(w.steps.empty());
  EXPECT_NEAR(ns_to_s(w.steps.front().t_ic_ns), ns_to_s(w.first_contact_ns), 0.03);
  // Every step after the first one off the standing start is found, on the right side.
  // A walking step is reported once the next foot has carried the belt for confirm_ns (0.1 s):
  // a step ending in the last 0.1 s of the data is not out yet.
  const Match m = match(w.steps, w.truth, w.first_contact_ns + 2 * kNsPerS, s_to_ns(39.8));
  EXPECT_GT(m.truth, 50u);
  EXPECT_EQ(m.found, m.truth);
  EXPECT_EQ(m.wrong_side, 0u);
  EXPECT_EQ(m.unmatched, 0u);
}

TEST(WalkSegmenter, NarrowGaitIsSplitByTheForwardCopJump) {
  // Feet 3 cm apart (± 1 cm placement jitter, 1 cm medial COP drift in stance): often too close
  // to split the force by COPy, so those transfers are split by COPx (counted as narrow). Every
  // step is still found and timed. Sides are another matter at this width: the COP moves across
  // by less than it drifts under one foot, so the COP cannot be trusted to name them — the
  // pelvis IMU can (test_single_belt_sides.cpp, test_processing_loop_pelvis.cpp).
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  rc.foot_y_m = 0.015;
  ForcePipeline pipeline(single_belt());
  const Walk w = walk_through(pipeline, rc, 22, 60);

  const Match m = match(w.steps, w.truth, 2 * kNsPerS, 60 * kNsPerS);
  EXPECT_GT(m.truth, 90u);
  EXPECT_EQ(m.found, m.truth);
  EXPECT_EQ(m.unmatched, 0u);
  EXPECT_GT(pipeline.walk().narrow_transfers(), 0u);
  EXPECT_GE(m.contact_within_15ms, m.found * 95 / 100);
}

TEST(WalkSegmenter, SteppingOffTheBeltEndsTheLastStepAtTheUnload) {
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  // Stepping off mid single support: the last stance ends at the unload. Stepping off within
  // the 100 ms that confirm a transfer (14.94 s here): the old foot's stance ends at that
  // transfer, and the new foot's, cut short, is dropped (counted).
  for (const double off_s : {15.25, 15.0}) {
    sim::Runner runner(rc, 23);
    ForcePipeline pipeline(single_belt());
    Collect out;
    auto frames = frames_of(runner, 20);
    for (auto& f : frames) {
      if (f.t_ns >= s_to_ns(off_s)) f.plate[0] = PlateWrench{};  // nothing on the belt
      pipeline.process(f, out);
    }
    ASSERT_GT(out.steps.size(), 20u);
    const StepResult& last = out.steps.back();
    if (off_s == 15.25) {
      EXPECT_NEAR(ns_to_s(last.t_to_ns), off_s, 0.002);  // cut by the unload
      EXPECT_EQ(pipeline.walk().dropped_stances(), 0u);
    } else {
      EXPECT_NEAR(ns_to_s(last.t_to_ns), 14.94, 0.01);  // the transfer before stepping off
      EXPECT_EQ(pipeline.walk().dropped_stances(), 1u);
      EXPECT_GT(last.contact_ms, 600.0);  // a whole stance
    }
    EXPECT_LT(last.contact_ms, 1000.0);
  }
  sim::Runner runner(rc, 23);
  ForcePipeline pipeline(single_belt());
  Collect out;
  for (auto& f : frames_of(runner, 20)) {
    if (f.t_ns >= s_to_ns(15.25)) f.plate[0] = PlateWrench{};
    pipeline.process(f, out);
  }
  for (std::size_t k = 1; k + 1 < out.steps.size(); ++k) {
    EXPECT_LT(out.steps[k].flight_ms, 0.0) << "walking steps overlap (double support)";
  }
  // Walking has no impact transient: no impact peak, and one loading-rate method for every step
  // (the first hump is sometimes above the second and sometimes below).
  for (const auto& st : out.steps) {
    EXPECT_TRUE(std::isnan(st.impact_peak_bw)) << st.index;
    EXPECT_STREQ(st.loading_rate_method.data(), "fixed_3_12pct") << st.index;
  }
}

TEST(WalkSegmenter, AGapWhileWalkingLosesOnlyTheStepsItCuts) {
  // Regression: after a gap the contact detector waits to see the plate unloaded before it
  // trusts a contact — which a walker on a single belt never does, so no step came out until
  // the runner stepped off, and the loaded samples were averaged into the plate's "zero".
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  rc.force_noise_n = 2.0;
  sim::Runner runner(rc, 26);
  ForcePipeline pipeline(single_belt());
  Collect out;
  auto frames = frames_of(runner, 60);
  const TimeNs gap_from = s_to_ns(20.0), gap_to = s_to_ns(20.08);  // 80 ms lost
  for (auto& f : frames) {
    if (f.t_ns >= gap_from && f.t_ns < gap_to) continue;
    if (f.t_ns == gap_to) f.flags |= kSampleGapBefore;
    pipeline.process(f, out);
  }
  std::vector<sim::StepTruth> truth;
  runner.take_completed_steps(s_to_ns(60), truth);
  const Match after = match(out.steps, truth, gap_to + 2 * kNsPerS, s_to_ns(59.8));
  EXPECT_GT(after.truth, 60u);
  EXPECT_EQ(after.found, after.truth);  // steps resume after the gap
  EXPECT_EQ(after.wrong_side, 0u);
  EXPECT_EQ(after.unmatched, 0u);
  for (const auto& s : out.steps) {
    // No step spans the gap: the stances it cut are not reported.
    EXPECT_FALSE(s.t_ic_ns < gap_from && s.t_to_ns > gap_to) << s.index;
    EXPECT_LT(s.contact_ms, 1000.0) << s.index;
  }
  EXPECT_NEAR(pipeline.zero_offset_n(0), 0.0, 1.0);  // no loaded sample taken for a zero
}

TEST(WalkSegmenter, RunningOnASingleBeltHasNoTransfers) {
  // A running contact's COP moves back with the belt: nothing for the walking separator.
  sim::RunnerConfig rc;
  rc.belt = sim::Belt::kSingle;
  rc.force_noise_n = 2.0;
  sim::Runner runner(rc, 24);
  ForcePipeline pipeline(single_belt());
  Collect out;
  for (const auto& f : frames_of(runner, 30)) pipeline.process(f, out);
  EXPECT_GT(out.steps.size(), 70u);
  EXPECT_EQ(pipeline.walk().transfers(), 0u);
  for (const auto& s : out.steps) EXPECT_FALSE(s.flight_ms < 0) << "step " << s.index;
}

TEST(WalkSegmenter, WalkingAndFilteringDoNotAllocate) {
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  sim::Runner runner(rc, 25);
  const auto frames = frames_of(runner, 20);
  ForcePipelineConfig pc = single_belt();
  pc.filter.cutoff_hz = 50;  // the filters are designed on the hot path, once
  ForcePipeline pipeline(pc);
  struct CountOnly : StepSink {
    int steps = 0;
    void on_step(const StepResult&) override { ++steps; }
  } sink;
  test::AllocationScope scope;
  for (const auto& f : frames) pipeline.process(f, sink);
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_GT(sink.steps, 30);
}

TEST(WalkSegmenter, ConfigurationErrorsNameTheFieldAndTheRange) {
  const auto message = [](auto mutate) {
    ForcePipelineConfig pc = single_belt();
    mutate(pc);
    try {
      ForcePipeline p(pc);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message([](ForcePipelineConfig& c) {
              c.walk.transfer_rise_m = 1.0;
            }).find("walk.transfer_rise_m"),
            std::string::npos);
  EXPECT_NE(
      message([](ForcePipelineConfig& c) { c.walk.min_step_width_m = 0; }).find("0.01..0.2 m"),
      std::string::npos);
  EXPECT_NE(
      message([](ForcePipelineConfig& c) { c.filter.cutoff_hz = -5; }).find("filter.cutoff_hz"),
      std::string::npos);
  EXPECT_NE(message([](ForcePipelineConfig& c) { c.filter.order = 3; }).find("2, 4 or 6"),
            std::string::npos);
}

TEST(ForceFilter, TheSampleRateIsMeasuredOverUnbrokenData) {
  // Regression: a gap inside the first frames was counted as sample time (1 kHz with a 100 ms
  // gap read as ≈ 390 Hz), so the filter was designed for the wrong rate.
  ForcePipelineConfig pc;
  pc.filter.cutoff_hz = 50;
  ForcePipeline pipeline(pc);
  Collect out;
  ForceFrame f;
  f.n_plates = 2;
  for (long i = 0; i < 300; ++i) {
    if (i >= 30 && i < 130) continue;  // 100 ms lost at frame 30
    f.t_ns = i * kNsPerMs;
    f.flags = i == 130 ? kSampleGapBefore : 0;
    pipeline.process(f, out);
  }
  EXPECT_NEAR(pipeline.filter_delay_ms(), 8.25, 0.05);  // 4th order, 50 Hz at 1 kHz
  EXPECT_STREQ(pipeline.filter_problem(), "");
}

TEST(ForceFilter, ACutOffTooHighForTheDataIsReportedNotApplied) {
  ForcePipelineConfig pc;
  pc.filter.cutoff_hz = 300;  // the data below are 500 Hz
  ForcePipeline pipeline(pc);
  Collect out;
  ForceFrame f;
  f.n_plates = 2;
  for (long i = 0; i < 200; ++i) {
    f.t_ns = i * 2 * kNsPerMs;
    pipeline.process(f, out);
  }
  EXPECT_NE(std::string(pipeline.filter_problem()).find("0.45"), std::string::npos);
  EXPECT_EQ(pipeline.filter_delay_ms(), 0.0);
}

TEST(ForceZero, WalkingOnASingleBeltNeverRefreshesTheZeroRunningDoes) {
  // Without flight phases the drift correction has no unloaded stretch to zero on: the age of
  // the zero grows with the session, and the loop raises an alarm past 5 min.
  sim::RunnerConfig walk = sim::walking_config();
  walk.belt = sim::Belt::kSingle;
  sim::Runner walker(walk, 27);
  ForcePipeline walking(single_belt());
  Collect out;
  for (const auto& f : frames_of(walker, 30)) walking.process(f, out);
  EXPECT_NEAR(walking.zero_age_s(0), 30.0, 0.01);

  sim::RunnerConfig run;
  run.belt = sim::Belt::kSingle;
  sim::Runner runner(run, 28);
  ForcePipeline running(single_belt());
  for (const auto& f : frames_of(runner, 30)) running.process(f, out);
  EXPECT_LT(running.zero_age_s(0), 1.0);  // every flight phase sets it
}

TEST(WalkSegmenter, TwoFeetMergedByAMissedTransferAreNotReportedAsOneStep) {
  // A double support whose COP jump is lost (here the belt reads 100 N for most of it: the
  // separator does not trust the COP of so light a load) merges two stances into one ≈ 1.8× as
  // long: not a step.
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  sim::Runner runner(rc, 29);
  auto frames = frames_of(runner, 40);
  std::vector<sim::StepTruth> truth;
  runner.take_completed_steps(s_to_ns(40), truth);
  // The double support between truth steps 30 and 31: 31's contact to 30's toe-off.
  const TimeNs ds_mid = (truth[31].t_ic_ns + truth[30].t_to_ns) / 2;
  for (auto& f : frames) {
    if (std::llabs(f.t_ns - ds_mid) <= 50 * kNsPerMs) f.plate[0].fz_n = 100.0f;
  }
  ForcePipeline pipeline(single_belt());
  Collect out;
  for (const auto& f : frames) pipeline.process(f, out);
  EXPECT_EQ(pipeline.walk().implausible_stances(), 1u);
  for (const auto& s : out.steps) EXPECT_LT(s.contact_ms, 900.0) << s.index;
  const Match m = match(out.steps, truth, 2 * kNsPerS, s_to_ns(39.8));
  EXPECT_EQ(m.unmatched, 0u);
  EXPECT_GE(m.found + 2, m.truth);  // the two merged feet are the only ones missing
}
