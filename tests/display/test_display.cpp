// The dashboard's trace model, and the live window end to end under Qt's offscreen platform:
// the window must show the cue and both force traces (checked on its own screenshot).
#include <gtest/gtest.h>

#include <QColor>
#include <QImage>
#include <cstdlib>
#include <filesystem>

#include "../../display/src/force_trace_model.hpp"
#include "stridecue/display/live_window.hpp"
#include "stridecue/runtime/demo_rig.hpp"

using namespace stridecue;

TEST(ForceTraceModel, KeepsTheLastWindowDecimatedAndRelativeToTheNewest) {
  display::ForceTraceModel model(/*window_s=*/1.0, /*decimate=*/2);
  DropOldestQueue<runtime::ForcePoint> q(8192);
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

TEST(LiveWindow, ShowsTheCueAndBothTracesOffscreen) {
  setenv("QT_QPA_PLATFORM", "offscreen", 1);
  const auto shot = std::filesystem::temp_directory_path() / "stridecue-live-window-test.png";
  std::filesystem::remove(shot);
  setenv("STRIDECUE_SCREENSHOT", shot.c_str(), 1);

  runtime::DemoConfig cfg;
  cfg.emulator.duration_s = 4.0;
  cfg.emulator.runner.left.active_peak_bw = 2.2;
  cfg.emulator.runner.right.active_peak_bw = 2.8;
  runtime::DemoRig rig(cfg);
  rig.start();
  EXPECT_EQ(display::run_live_window(
                rig.station(), [&rig] { return rig.emulator().finished(); }, "test"),
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
