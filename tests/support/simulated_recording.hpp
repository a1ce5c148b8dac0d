// A simulated runner's samples for tests that feed the processing path directly (no ports): a
// runner loading the right leg harder (2.8 vs 2.4 BW) and dropping the left hip in right stance
// (8 deg), on a split belt with a pelvis IMU — plates at 1 kHz, IMU at 500 Hz, 5 s standing.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "stridecue/sim/runner.hpp"

namespace stridecue::test_support {

struct SimulatedRecording {
  std::vector<ForceFrame> frames;
  std::vector<ImuSample> imu;
};

inline SimulatedRecording simulated_recording(double seconds, std::uint64_t seed) {
  sim::RunnerConfig rc;
  rc.standing_s = 5.0;
  rc.left.active_peak_bw = 2.4;
  rc.right.active_peak_bw = 2.8;
  rc.right.pelvic_drop_deg = 8.0;
  sim::Runner runner(rc, seed);
  SimulatedRecording r;
  std::uint32_t n_imu = 0;
  for (TimeNs t = 0; t < s_to_ns(seconds); t += kNsPerMs) {
    if (t % (2 * kNsPerMs) == 0) r.imu.push_back(sim::to_imu_sample(runner.imu_at(t), t, n_imu++));
    ForceFrame f;
    f.n_plates = 2;
    f.t_ns = t;
    f.counter = static_cast<std::uint32_t>(r.frames.size());
    runner.plates_at(t, std::span(f.plate.data(), 2));
    r.frames.push_back(f);
  }
  return r;
}

}  // namespace stridecue::test_support
