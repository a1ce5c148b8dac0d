// The dashboard's trace model, the symmetry panel fed a tracker's snapshot, and the live window
// end to end under Qt's offscreen platform: the window must show the cue and both force traces
// (checked on its own screenshot).
#include <gtest/gtest.h>

#include <QApplication>
#include <QColor>
#include <QImage>
#include <QPushButton>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>

#include "../../display/src/force_trace_model.hpp"
#include "../../display/src/symmetry_panel.hpp"
#include "stridecue/demo/demo_rig.hpp"
#include "stridecue/display/live_window.hpp"

using namespace stridecue;

TEST(ForceTraceModel, KeepsTheLastWindowDecimatedAndRelativeToTheNewest) {
  display::ForceTraceModel model(/*window_s=*/1.0, /*decimate=*/2);
  DropOldestQueue<station::ForcePoint> q(8192);
  for (int i = 0; i < 3000; ++i) {  // 3 s at 1 kHz
    q.push({i * kNsPerMs, 2, {static_cast<float>(i), static_cast<float>(-i)}});
  }
  EXPECT_EQ(model.feed(q), 3000u);
  const auto left = model.points(0);
  const auto right = model.points(1);
  ASSERT_EQ(left.size(), 501);  // 1 s at 500 Hz, both ends included
  EXPECT_DOUBLE_EQ(left.back().x(), 0.0);
  EXPECT_NEAR(left.front().x(), -1.0, 1e-9);
  EXPECT_DOUBLE_EQ(left.back().y(), 2998.0);
  EXPECT_DOUBLE_EQ(right.back().y(), -2998.0);
  EXPECT_TRUE(model.points(2).isEmpty());
}

namespace {
/// A plate step with the values the tracker compares.
processing::StepResult step(Side side, double contact_ms, double peak_bw) {
  processing::StepResult s;
  s.side = side;
  s.contact_ms = contact_ms;
  s.flight_ms = 120;
  s.step_ms = 350;
  s.peak_vgrf_bw = peak_bw;
  s.impact_peak_bw = std::numeric_limits<double>::quiet_NaN();  // a forefoot striker
  s.valr_bw_s = 40;
  s.vilr_bw_s = 50;
  std::strcpy(s.loading_rate_method.data(), "fixed_3_12pct");
  s.impulse_bw_s = 0.3;
  s.braking_impulse_bw_s = 0.02;
  s.propulsive_impulse_bw_s = 0.02;
  return s;
}
}  // namespace

TEST(SymmetryPanel, ShowsASnapshotItsFlagsAndTheBaselineEvents) {
  setenv("QT_QPA_PLATFORM", "offscreen", 1);
  int argc = 1;
  char name[] = "test_display";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  using processing::SymVar;

  // Baseline: L 2.5 BW, R 2.5 BW; then the right side loads 2.9 BW: SI = 0.4 / 2.7 = +14.8 %,
  // 14.8 points further from the baseline than the 5 allowed (the |SI| threshold is off).
  processing::SymmetryTrackerConfig cfg;
  cfg.thresholds[processing::sym_index(SymVar::kPeakVgrfBw)] = {processing::kThresholdOff, 5};
  processing::SymmetryTracker tracker(cfg);
  tracker.begin_baseline();
  for (int i = 0; i < 10; ++i) {
    tracker.on_step(step(Side::kLeft, 230, 2.5));
    tracker.on_step(step(Side::kRight, 230, 2.5));
  }
  ASSERT_TRUE(tracker.end_baseline());
  for (int i = 0; i < 10; ++i) {
    tracker.on_step(step(Side::kLeft, 220, 2.5));
    tracker.on_step(step(Side::kRight, 240, 2.9));
  }
  DropOldestQueue<station::SymmetryUpdate> updates(8);
  DropOldestQueue<station::BaselineEvent> events(8);
  station::SymmetryUpdate u;
  u.step_index = 40;
  u.snapshot = tracker.snapshot();
  updates.push(u);
  events.push({0, station::BaselineEvent::Kind::kRefused, false, 0, 0,
               "no baseline block is open; begin one first"});

  int begins = 0, ends = 0;
  display::SymmetryPanel panel(
      cfg, [&] { ++begins; }, [&] { ++ends; });
  panel.feed(updates, events);

  using C = display::SymmetryPanel;
  EXPECT_EQ(panel.cell(SymVar::kPeakVgrfBw, C::kLeft), "2.50");
  EXPECT_EQ(panel.cell(SymVar::kPeakVgrfBw, C::kRight), "2.90");
  EXPECT_EQ(panel.cell(SymVar::kPeakVgrfBw, C::kSi), "+14.8");
  EXPECT_EQ(panel.cell(SymVar::kPeakVgrfBw, C::kBaseSi), "+0.0");
  EXPECT_EQ(panel.cell(SymVar::kPeakVgrfBw, C::kChange), "+14.8");
  EXPECT_EQ(panel.cell(SymVar::kPeakVgrfBw, C::kFlag), "moved > 5 pts from baseline");
  EXPECT_TRUE(panel.row_flagged(SymVar::kPeakVgrfBw));
  // Contact time: SI = 20 / 230 = +8.7 %, over its default 4 % |SI| threshold.
  EXPECT_EQ(panel.cell(SymVar::kContactMs, C::kLeft), "220.0");
  EXPECT_EQ(panel.cell(SymVar::kContactMs, C::kSi), "+8.7");
  EXPECT_EQ(panel.cell(SymVar::kContactMs, C::kFlag).left(10), "|SI| > 4 %");
  EXPECT_FALSE(panel.row_flagged(SymVar::kStepMs));
  EXPECT_EQ(panel.cell(SymVar::kImpactPeakBw, C::kSi), "–");  // no values: a dash, not "nan"
  EXPECT_TRUE(panel.state_text().contains("Window: full, 10 L + 10 R steps"))
      << panel.state_text().toStdString();
  EXPECT_TRUE(panel.state_text().contains("Loading rate: fixed_3_12pct"));
  EXPECT_TRUE(panel.state_text().contains("Baseline: set, 10 L + 10 R steps"));
  EXPECT_TRUE(panel.event_text().contains("refused: no baseline block is open"))
      << panel.event_text().toStdString();

  // Recording: the state line counts the block's steps.
  tracker.begin_baseline();
  tracker.on_step(step(Side::kLeft, 220, 2.5));
  u.step_index = 41;
  u.block_steps_l = 1;
  u.snapshot = tracker.snapshot();
  updates.push(u);
  panel.feed(updates, events);
  EXPECT_TRUE(panel.state_text().contains("Baseline: recording, 1 L + 0 R steps"))
      << panel.state_text().toStdString();

  // The buttons reach the callbacks (the live window passes the processing loop's).
  for (QPushButton* b : panel.findChildren<QPushButton*>()) {
    b->click();
  }
  EXPECT_EQ(begins, 1);
  EXPECT_EQ(ends, 1);
}

TEST(LiveWindow, ShowsTheCueAndBothTracesOffscreen) {
  setenv("QT_QPA_PLATFORM", "offscreen", 1);
  const auto shot = std::filesystem::temp_directory_path() / "stridecue-live-window-test.png";
  std::filesystem::remove(shot);
  setenv("STRIDECUE_SCREENSHOT", shot.c_str(), 1);

  demo::DemoConfig cfg;
  cfg.emulator.duration_s = 4.0;
  cfg.engine.symmetry.window_strides = 3;  // a cue within the 4 s
  cfg.emulator.runner.left.active_peak_bw = 2.2;
  cfg.emulator.runner.right.active_peak_bw = 2.8;
  demo::DemoRig rig(cfg);
  rig.start();
  EXPECT_EQ(display::run_live_window(rig.station().live_view(),
                                     [&rig] { return rig.emulator().finished(); }),
            0);
  rig.stop();

  QImage img(QString::fromStdString(shot.string()));
  ASSERT_FALSE(img.isNull()) << "no screenshot at " << shot;
  // The banner turns red (#c0392b) with a cue and green (#27ae60) 2.5 s after it; it has no
  // colour before the first cue. The traces are Qt Charts' default blue.
  int banner = 0, blue_left = 0, blue_right = 0;
  for (int y = 0; y < img.height(); ++y) {
    for (int x = 0; x < img.width(); ++x) {
      const QColor c = img.pixelColor(x, y);
      const bool red = c.red() > 170 && c.green() < 80 && c.blue() < 70;
      const bool green = c.green() > 150 && c.red() < 80 && c.blue() < 120;
      if ((red || green) && y < img.height() / 4) ++banner;
      if (c.blue() > 150 && c.red() < 90 && y > img.height() / 4) {
        (x < img.width() / 2 ? blue_left : blue_right)++;
      }
    }
  }
  EXPECT_GT(banner, 5000) << "cue banner never coloured: no cue reached the window";
  EXPECT_GT(blue_left, 500) << "left-belt trace empty";
  EXPECT_GT(blue_right, 500) << "right-belt trace empty";
}
