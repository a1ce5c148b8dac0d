// Replay of recorded wire streams through the real decoders and processing, as fast as possible
// and in real time.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "stridecue/sim/treadmill_emulator.hpp"
#include "stridecue/station/station.hpp"

using namespace stridecue;
using namespace std::chrono_literals;

namespace {

struct TruthRow {
  char side;
  double peak_bw;
};

std::vector<TruthRow> read_truth(const std::filesystem::path& csv) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  std::vector<TruthRow> rows;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back({cells[1][0], std::stod(cells[9])});
  }
  return rows;
}

std::filesystem::path record(double seconds, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("stridecue-replay-" + name);
  std::filesystem::remove_all(dir);
  sim::EmulatorConfig c;
  c.duration_s = seconds;
  c.runner.right.active_peak_bw = 2.8;
  sim::TreadmillEmulator::write_files(c, dir);
  return dir;
}

std::vector<processing::StepResult> replay(const std::filesystem::path& dir, double speed) {
  config::StationConfig cfg;
  cfg.replay = {{"plates", dir / "plates.bin"}, {"imu", dir / "imu.bin"}};
  cfg.replay_speed = speed;
  station::Station station(cfg);
  station.start();
  while (!station.replay()->finished()) std::this_thread::sleep_for(5ms);
  station.stop();
  std::vector<processing::StepResult> steps;
  processing::StepResult s;
  while (station.outputs().steps.pop(s)) steps.push_back(s);
  EXPECT_EQ(station.queue_drops(), 0u);
  EXPECT_EQ(station.device_health(0).crc_errors + station.device_health(0).counter_gaps, 0u);
  return steps;
}

}  // namespace

TEST(Replay, AsFastAsPossibleFindsEveryRecordedStepWithoutDroppingASample) {
  const auto dir = record(120, "fast");
  const auto truth = read_truth(dir / "steps.csv");
  const auto t0 = std::chrono::steady_clock::now();
  const auto steps = replay(dir, 0.0);
  const double took_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(took_s, 10.0);  // 120 s of data; far faster than real time even under sanitizers
  ASSERT_EQ(steps.size(), truth.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(side_name(steps[i].side)[0], truth[i].side) << i;
    EXPECT_NEAR(steps[i].peak_vgrf_bw, truth[i].peak_bw, 0.01 * truth[i].peak_bw) << i;
  }
}

TEST(Replay, RealTimeReplayTakesTheRecordedTime) {
  const auto dir = record(3, "realtime");
  const auto t0 = std::chrono::steady_clock::now();
  const auto steps = replay(dir, 1.0);
  const double took_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_NEAR(took_s, 3.0, 0.3);
  EXPECT_GE(steps.size(), 6u);
}

TEST(Replay, AMissingRecordingIsNamedInTheError) {
  config::StationConfig cfg;
  cfg.replay = {{"plates", "/nonexistent/plates.bin"}};
  try {
    station::Station station(cfg);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/plates.bin"), std::string::npos);
  }
}

TEST(Replay, ADeviceClockJumpingHalfAnHourAheadDoesNotKeepARealTimeReplayFromStopping) {
  const auto dir = std::filesystem::temp_directory_path() / "stridecue-replay-clock-jump";
  std::filesystem::remove_all(dir);
  sim::EmulatorConfig c;
  c.duration_s = 4;
  c.plates_faults.clock_jumps.push_back({1.0, 1.8e6});  // half an hour ahead, 1 s in
  sim::TreadmillEmulator::write_files(c, dir);

  config::StationConfig cfg;
  cfg.replay = {{"plates", dir / "plates.bin"}};  // alone: nothing else to feed meanwhile
  cfg.replay_speed = 1.0;
  station::Station station(cfg);
  station.start();
  std::this_thread::sleep_for(1500ms);  // now waiting for the frame half an hour later
  EXPECT_FALSE(station.replay()->finished());
  const auto t0 = std::chrono::steady_clock::now();
  station.stop();
  const double took_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(took_s, 1.0) << "stop() waited for the recording's clock";
  std::filesystem::remove_all(dir);
}
