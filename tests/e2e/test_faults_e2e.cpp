// Lab reality over real pseudo-terminals: unplugged cables, corrupted bytes, dropped frames,
// stalls and device clocks that drift or jump. Nothing may crash, every gap must be accounted
// for, and time must never warp.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>
#include <vector>

#include "stridecue/acquisition/acquisition.hpp"
#include "stridecue/demo/demo_rig.hpp"
#include "stridecue/demo/truth_match.hpp"

using namespace stridecue;
using namespace std::chrono_literals;

namespace {

struct Recorder : acquisition::SampleSink {
  std::mutex m;
  std::vector<ImuSample> imu;
  std::vector<StreamGap> gaps;
  void on_force(const ForceFrame&) override {}
  void on_load_cells(const LoadCellFrame&) override {}
  void on_imu(const ImuSample& s) override {
    std::lock_guard l(m);
    imu.push_back(s);
  }
  void on_device_info(std::uint8_t, const acquisition::DeviceInfo&) override {}
  void on_gap(std::uint8_t device, std::uint32_t, std::uint64_t lost, TimeNs t) override {
    std::lock_guard l(m);
    gaps.push_back({t, device, lost});
  }
};

std::vector<processing::StepResult> run_rig(demo::DemoRig& rig) {
  std::vector<processing::StepResult> steps;
  rig.start();
  while (!rig.emulator().finished()) {
    std::this_thread::sleep_for(20ms);
    processing::StepResult s;
    while (rig.outputs().steps.pop(s)) steps.push_back(s);
  }
  rig.stop();
  processing::StepResult s;
  while (rig.outputs().steps.pop(s)) steps.push_back(s);
  return steps;
}

}  // namespace

TEST(FaultsEndToEnd, TwentyUnplugCyclesReconnectWithinASecondAndMarkEveryGap) {
  sim::EmulatorConfig cfg;
  cfg.duration_s = 25;
  for (int k = 0; k < 20; ++k) cfg.imu_faults.unplug.push_back({1.0 + 1.2 * k, 0.4});
  sim::TreadmillEmulator emu(cfg);
  Recorder rec;
  acquisition::Acquisition acq({{"plates", emu.plates_port()}, {"pelvis", emu.imu_port()}}, rec);
  acq.start();
  std::this_thread::sleep_for(100ms);
  emu.start();
  while (!emu.finished()) std::this_thread::sleep_for(50ms);
  std::this_thread::sleep_for(200ms);
  acq.stop();
  emu.stop();

  EXPECT_EQ(emu.stats().imu.unplugs, 20u);
  EXPECT_EQ(acq.health(1).reconnects, 20u);
  EXPECT_EQ(acq.health(0).reconnects, 0u);
  std::lock_guard l(rec.m);
  const auto disconnects = std::count_if(rec.gaps.begin(), rec.gaps.end(), [](const StreamGap& g) {
    return g.device == 1 && g.lost_samples == 0;
  });
  EXPECT_EQ(disconnects, 20);
  // After each replug the first sample is flagged as following a gap, within 1 s of the device
  // coming back.
  std::vector<TimeNs> flagged;
  for (const auto& s : rec.imu) {
    if (s.flags & kSampleGapBefore) flagged.push_back(s.t_ns);
  }
  ASSERT_GE(flagged.size(), 20u);
  int reconnected_in_time = 0;
  for (int k = 0; k < 20; ++k) {
    const TimeNs back = emu.start_host_ns() + s_to_ns(1.0 + 1.2 * k + 0.4);
    const auto it = std::lower_bound(flagged.begin(), flagged.end(), back - 50 * kNsPerMs);
    if (it != flagged.end() && *it - back < kNsPerS) ++reconnected_in_time;
  }
  EXPECT_EQ(reconnected_in_time, 20);
  // Samples keep flowing between unplugs: ≈ 25 s − 20 × 0.4 s at 500 Hz, minus reconnect time.
  EXPECT_GT(rec.imu.size(), 500u * 14);
  // Time never runs backwards on one device, across every reconnect.
  for (std::size_t i = 1; i < rec.imu.size(); ++i) ASSERT_GE(rec.imu[i].t_ns, rec.imu[i - 1].t_ns);
}

TEST(FaultsEndToEnd, CorruptionDropsAndAStallAreCountedAndStepsStayRight) {
  demo::DemoConfig cfg;
  cfg.emulator.duration_s = 20;
  cfg.emulator.with_imu = false;
  cfg.emulator.plates_faults.corrupt_bytes_per_min = 30;
  cfg.emulator.plates_faults.drop_frames_per_min = 30;
  cfg.emulator.plates_faults.stall = {{10.0, 0.8}};
  demo::DemoRig rig(cfg);
  const auto steps = run_rig(rig);
  const auto st = rig.emulator().stats().plates;
  const auto h = rig.acquisition().health(0);

  EXPECT_GT(st.frames_corrupted, 3u);
  EXPECT_GT(st.frames_dropped, 3u);
  EXPECT_GE(h.crc_errors + h.other_errors, st.frames_corrupted);
  EXPECT_GT(h.resyncs, 0u);
  // Every sample is either received or counted lost (± a frame at the end).
  EXPECT_NEAR(static_cast<double>(h.samples + h.lost_samples), 20'000.0, 8.0);
  // Steps hit by a gap are abandoned, never reported wrong.
  const auto m = demo::match_truth(steps, rig.emulator().take_truth());
  EXPECT_TRUE(m.false_steps.empty());
  EXPECT_EQ(m.side_mismatches, 0u);
  EXPECT_GT(m.matched.size(), 40u);
  EXPECT_LE(m.max_abs_contact_error_ms, 2.0);
}

TEST(FaultsEndToEnd, DriftingAndJumpingDeviceClocksDoNotWarpTime) {
  demo::DemoConfig cfg;
  cfg.emulator.duration_s = 20;
  cfg.emulator.with_imu = false;
  cfg.emulator.plates_faults.clock_drift_ppm = 300;  // a cheap crystal, badly
  cfg.emulator.plates_faults.clock_jumps = {{8.0, 2500.0}};
  demo::DemoRig rig(cfg);
  const auto steps = run_rig(rig);
  const auto m = demo::match_truth(steps, rig.emulator().take_truth());
  EXPECT_EQ(rig.acquisition().health(0).clock_jumps, 1u);
  EXPECT_TRUE(m.false_steps.empty());
  EXPECT_GT(m.matched.size(), 45u);
  // Steps away from the jump are on the host timeline within a millisecond.
  int checked = 0;
  for (const auto& s : m.matched) {
    const double t_s = ns_to_s(s.truth.t_ic_host_ns - rig.emulator().start_host_ns());
    if (std::fabs(t_s - 8.0) < 1.0) continue;
    EXPECT_LT(std::fabs(s.ic_error_ms), 1.0) << "step at " << t_s << " s";
    ++checked;
  }
  EXPECT_GT(checked, 40);
}
