// The simulator's streams read through the real acquisition path over pseudo-terminals for a
// full minute: every frame arrives, none corrupted, no counter gap, at the declared rates.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "stridecue/acquisition/acquisition.hpp"
#include "stridecue/sim/scenario.hpp"

using namespace stridecue;
using namespace std::chrono_literals;

namespace {
struct Counting : acquisition::SampleSink {
  std::atomic<std::uint64_t> force{0}, imu{0}, infos{0}, gaps{0};
  std::atomic<TimeNs> first_force_ns{0}, last_force_ns{0};
  void on_force(const ForceFrame& f) override {
    if (force++ == 0) first_force_ns = f.t_ns;
    last_force_ns = f.t_ns;
  }
  void on_load_cells(const LoadCellFrame&) override {}
  void on_imu(const ImuSample&) override { ++imu; }
  void on_device_info(std::uint8_t, const acquisition::DeviceInfo&) override { ++infos; }
  void on_gap(std::uint8_t, std::uint32_t, std::uint64_t, TimeNs) override { ++gaps; }
};
}  // namespace

TEST(SimStream, SixtySecondsOfRunningArriveCompleteAndClean) {
  sim::Scenario s = sim::load_scenario(std::filesystem::path(STRIDECUE_SOURCE_DIR) /
                                       "config/scenarios/healthy.yaml");
  s.emulator.duration_s = 60;
  sim::TreadmillEmulator emu(s.emulator);
  Counting sink;
  acquisition::Acquisition acq(
      {{"plates", emu.plates_port(), 921600}, {"pelvis", emu.imu_port(), 921600}}, sink);
  acq.start();
  for (int i = 0; i < 200 && (acq.health(0).state != acquisition::LinkState::kConnected ||
                              acq.health(1).state != acquisition::LinkState::kConnected);
       ++i) {
    std::this_thread::sleep_for(5ms);
  }
  emu.start();
  while (!emu.finished()) std::this_thread::sleep_for(100ms);
  std::this_thread::sleep_for(200ms);  // the last frames in flight
  acq.stop();
  emu.stop();

  const auto st = emu.stats();
  const auto plates = acq.health(0), pelvis = acq.health(1);
  EXPECT_EQ(st.plates.frames_refused, 0u);
  EXPECT_EQ(plates.frames, st.plates.frames_written);
  EXPECT_EQ(pelvis.frames, st.imu.frames_written);
  EXPECT_EQ(plates.crc_errors + plates.other_errors, 0u);
  EXPECT_EQ(pelvis.crc_errors + pelvis.other_errors, 0u);
  EXPECT_EQ(plates.counter_gaps + pelvis.counter_gaps, 0u);
  EXPECT_EQ(sink.gaps.load(), 0u);
  EXPECT_EQ(sink.force.load(), 60'000u);  // 1 kHz
  EXPECT_EQ(sink.imu.load(), 30'000u);    // 500 Hz
  // Mapped to the host clock at the declared rate: 60 s of samples span 60 s (± 2 ms).
  EXPECT_NEAR(ns_to_s(sink.last_force_ns.load() - sink.first_force_ns.load()), 59.999, 0.002);
}
