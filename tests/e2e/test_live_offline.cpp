// Live and offline run one gait engine: the same samples through the processing thread (with
// its lossless recording queue) and through `analyze`'s RecordingAnalysis give identical steps,
// symmetry, baseline events and cues. And the recording queue never loses an event silently.
#include <gtest/gtest.h>

#include <cstring>
#include <span>
#include <thread>
#include <variant>
#include <vector>

#include "simulated_recording.hpp"
#include "stridecue/offline/analysis.hpp"
#include "stridecue/sim/runner.hpp"
#include "stridecue/station/gait_event_queue.hpp"
#include "stridecue/station/processing_loop.hpp"

using namespace stridecue;
using namespace stridecue::station;
using namespace stridecue::offline;

namespace {

using Recording = test_support::SimulatedRecording;

Recording record(double seconds) {
  return test_support::simulated_recording(seconds, 17);
}

processing::GaitEngineConfig engine_config() {
  processing::GaitEngineConfig c;
  c.baseline = {8.0, 8.0};
  c.cue.threshold_pct = 8.0;
  return c;
}

void expect_same_step(const processing::StepResult& a, const processing::StepResult& b) {
  // Bit for bit: the same code on the same samples in the same order.
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.side, b.side);
  EXPECT_EQ(a.t_ic_ns, b.t_ic_ns);
  EXPECT_EQ(a.t_to_ns, b.t_to_ns);
  EXPECT_EQ(a.peak_vgrf_bw, b.peak_vgrf_bw);
  EXPECT_EQ(a.valr_bw_s, b.valr_bw_s);
  EXPECT_EQ(a.impulse_bw_s, b.impulse_bw_s);
  EXPECT_EQ(a.pelvis.flags, b.pelvis.flags);
  EXPECT_TRUE(a.pelvis.pelvic_drop_deg == b.pelvis.pelvic_drop_deg ||
              (std::isnan(a.pelvis.pelvic_drop_deg) && std::isnan(b.pelvis.pelvic_drop_deg)));
  EXPECT_TRUE(a.pelvis.tilt_mean_deg == b.pelvis.tilt_mean_deg ||
              (std::isnan(a.pelvis.tilt_mean_deg) && std::isnan(b.pelvis.tilt_mean_deg)));
}

}  // namespace

TEST(LiveAndOffline, TheSameSamplesGiveTheSameStepsSymmetryAndCues) {
  const Recording rec = record(40.0);
  const processing::GaitEngineConfig cfg = engine_config();

  // Offline: `stridecue analyze`'s path.
  const AnalysisResult offline = analyze_recording(rec.frames, rec.imu, cfg);

  // Live: the processing thread, fed through its queue in the same time order (an IMU sample
  // at t before the frame at t), with the lossless recording queue attached.
  acquisition::SampleQueue queue(1024);
  LiveOutputs display;
  RecordingQueues recording(1 << 20, 1 << 14);
  ProcessingLoop loop(queue, cfg, display, &recording);
  loop.start();
  std::size_t fi = 0, ii = 0;
  while (fi < rec.frames.size() || ii < rec.imu.size()) {
    if (ii < rec.imu.size() &&
        (fi == rec.frames.size() || rec.imu[ii].t_ns <= rec.frames[fi].t_ns)) {
      queue.push_wait(SampleItem{rec.imu[ii++]});
    } else {
      queue.push_wait(SampleItem{rec.frames[fi++]});
    }
  }
  queue.close();
  loop.join();

  std::vector<processing::StepResult> steps;
  std::vector<processing::Cue> cues;
  std::vector<processing::SymmetryUpdate> updates;
  std::vector<processing::BaselineEvent> events;
  GaitEvent e;
  while (recording.events.try_pop(e)) {
    if (auto* s = std::get_if<processing::StepResult>(&e)) steps.push_back(*s);
    if (auto* c = std::get_if<processing::Cue>(&e)) cues.push_back(*c);
    if (auto* u = std::get_if<processing::SymmetryUpdate>(&e)) updates.push_back(*u);
    if (auto* b = std::get_if<processing::BaselineEvent>(&e)) events.push_back(*b);
    EXPECT_FALSE(std::holds_alternative<GaitEventsLost>(e));
  }
  EXPECT_EQ(recording.events.overflows(), 0u);

  ASSERT_GT(offline.steps.size(), 80u);
  ASSERT_EQ(steps.size(), offline.steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) expect_same_step(steps[i], offline.steps[i]);
  std::size_t with_drop = 0;
  for (const auto& s : steps) with_drop += std::isfinite(s.pelvis.pelvic_drop_deg);
  EXPECT_GT(with_drop, steps.size() / 2);  // the pelvis is joined on both paths

  ASSERT_FALSE(cues.empty());
  ASSERT_EQ(cues.size(), offline.cues.size());
  for (std::size_t i = 0; i < cues.size(); ++i) {
    EXPECT_EQ(cues[i].t_ns, offline.cues[i].t_ns);
    EXPECT_EQ(cues[i].value, offline.cues[i].value);
    EXPECT_STREQ(cues[i].text_c(), offline.cues[i].text_c());
  }

  ASSERT_EQ(events.size(), offline.baseline_events.size());
  ASSERT_EQ(events.size(), 2u);  // the automatic block: begun, ended
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].kind, offline.baseline_events[i].kind);
    EXPECT_EQ(events[i].t_ns, offline.baseline_events[i].t_ns);
    EXPECT_EQ(events[i].steps_l, offline.baseline_events[i].steps_l);
  }

  ASSERT_FALSE(updates.empty());
  ASSERT_TRUE(offline.symmetry.has_value());
  const auto& a = updates.back();
  const auto& b = *offline.symmetry;
  EXPECT_EQ(a.step_index, b.step_index);
  EXPECT_EQ(a.cue_si_pct, b.cue_si_pct);
  EXPECT_TRUE(a.snapshot.has_baseline);
  for (std::size_t v = 0; v < processing::kSymVarCount; ++v) {
    const double x = a.snapshot.vars[v].si_pct, y = b.snapshot.vars[v].si_pct;
    EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << v;
  }
}

TEST(GaitEventQueue, AFullQueueCountsWhatItLosesAndMarksWhere) {
  GaitEventQueue q(8);
  processing::StepResult s;
  std::size_t pushed = 0;
  for (; pushed < 100; ++pushed) {
    s.index = static_cast<std::uint32_t>(pushed);
    s.t_to_ns = static_cast<TimeNs>(pushed);
    q.on_step(s);
  }
  ASSERT_GT(q.overflows(), 0u);
  // Drain, then the next event is preceded by the marker with the count.
  GaitEvent e;
  std::size_t kept = 0;
  while (q.try_pop(e)) ++kept;
  EXPECT_EQ(kept + q.overflows(), pushed);
  s.index = 1000;
  s.t_to_ns = 1000;
  q.on_step(s);
  ASSERT_TRUE(q.try_pop(e));
  ASSERT_TRUE(std::holds_alternative<GaitEventsLost>(e));
  EXPECT_EQ(std::get<GaitEventsLost>(e).count, q.overflows());
  EXPECT_EQ(std::get<GaitEventsLost>(e).t_ns, 1000);
  ASSERT_TRUE(q.try_pop(e));
  EXPECT_EQ(std::get<processing::StepResult>(e).index, 1000u);
}

TEST(Markers, AClinicianMarkIsAppliedAtTheNextSampleAndRecorded) {
  acquisition::SampleQueue queue(16);
  LiveOutputs display;
  RecordingQueues recording(64, 64);
  ProcessingLoop loop(queue, processing::GaitEngineConfig{}, display, &recording);
  ForceFrame f;
  f.n_plates = 2;
  for (int i = 0; i < 10; ++i) {
    f.t_ns = s_to_ns(100.0) + i * kNsPerMs;
    if (i == 4) {
      EXPECT_TRUE(loop.mark("runner reports pain in the right knee, sharp, 4/10"));
    }
    loop.process(SampleItem{f});
  }
  processing::Marker shown;
  ASSERT_TRUE(display.markers.pop(shown));
  EXPECT_EQ(shown.t_ns, s_to_ns(100.0) + 4 * kNsPerMs);
  // Cut to Marker::kMaxLabel bytes, never overflowing.
  EXPECT_EQ(shown.label_view(),
            std::string_view("runner reports pain in the right knee, sharp, 4/10")
                .substr(0, processing::Marker::kMaxLabel));
  GaitEvent e;
  bool recorded = false;
  while (recording.events.try_pop(e)) {
    if (const auto* m = std::get_if<processing::Marker>(&e)) {
      recorded = true;
      EXPECT_EQ(m->t_ns, shown.t_ns);
    }
  }
  EXPECT_TRUE(recorded);
}
