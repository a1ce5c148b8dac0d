// A simulated runner on an instrumented treadmill, streaming our wire protocol: one stream for
// the force plates, one for the pelvis IMU. Either over pseudo-terminals at real-time pace —
// announced under stable symlink names, so a device that "unplugs" comes back at the same path,
// as /dev/serial/by-id does for USB — or into files as fast as possible. Ground truth of every
// step is kept on the simulation, device and host clocks.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <readerwriterqueue/readerwriterqueue.h>

#include "stridecue/sim/cue_response.hpp"
#include "stridecue/sim/device_nodes.hpp"
#include "stridecue/sim/link_faults.hpp"
#include "stridecue/sim/pty.hpp"
#include "stridecue/sim/runner.hpp"
#include "stridecue/sim/runner_fields.hpp"

namespace stridecue::sim {

struct EmulatorConfig {
  RunnerConfig runner{};
  std::uint64_t seed = 1;
  NodeConfig plates{1000, 4, 0, "SIM-PLATES"};
  bool load_cell_plates = false;  ///< plates of four load cells (LOADCELL) instead of 6-axis
  NodeConfig imu{500, 4, 0, "SIM-IMU"};
  bool with_imu = true;
  double hello_interval_s = 1.0;  ///< HELLO repeats so a late reader learns the scaling
  double duration_s = 0;          ///< 0 = until stop() (real-time mode only)
  LinkFaults plates_faults{}, imu_faults{};
  std::vector<ScriptedChange> script;  ///< changes of the runner over time
  /// How the runner answers cues passed to TreadmillEmulator::heed() (real-time mode).
  CueResponseConfig respond{};
  bool record_pelvis_truth = false;
  /// Real-time mode: directory for the port links (created if needed; only the links are
  /// removed at the end). Empty = a fresh /tmp/stridecue-sim-XXXXXX.
  std::string port_dir;  ///< real-time mode: keep pelvis angles for take_pelvis_truth
  /// Thresholds at which the truth also records contact and toe-off, so a threshold-based
  /// detector can be checked against the truth at its own thresholds (contact time depends on
  /// the threshold: docs/science.md §3).
  double truth_on_threshold_n = 30.0;
  double truth_off_threshold_n = 20.0;
};

/// Step truth on every clock a test may compare against.
struct HostStepTruth {
  StepTruth step;           ///< times on the simulation clock (0 = start)
  TimeNs t_ic_host_ns = 0;  ///< host steady clock (real-time mode; else = simulation)
  TimeNs t_to_host_ns = 0;
  std::uint32_t t_ic_device_us = 0;  ///< the force-plate node's clock
  std::uint32_t t_to_device_us = 0;
  /// Host times at which the noise-free force crosses truth_on_threshold_n rising and
  /// truth_off_threshold_n falling.
  TimeNs t_ic_threshold_host_ns = 0;
  TimeNs t_to_threshold_host_ns = 0;
};

/// True pelvis angles at one instant of the simulation clock.
struct PelvisTruthSample {
  TimeNs t_sim_ns = 0;
  PelvisState angles;
};

/// What the emulator wrote and what it lost, per stream.
struct StreamStats {
  std::uint64_t frames_written = 0;  ///< sample and HELLO frames
  std::uint64_t hellos_written = 0;
  std::uint64_t bytes_written = 0;
  std::uint64_t frames_refused = 0;  ///< pty buffer full (reader absent or slow)
  std::uint64_t frames_corrupted = 0;
  std::uint64_t frames_dropped = 0;   ///< by the drop fault
  std::uint64_t frames_not_sent = 0;  ///< while stalled or unplugged
  std::uint64_t unplugs = 0;
};

struct EmulatorStats {
  StreamStats plates, imu;
};

class TreadmillEmulator {
 public:
  /// Real-time mode: opens the ptys now and links them as <dir>/plates and <dir>/imu in a fresh
  /// temporary directory (removed on destruction). Throws std::invalid_argument for a bad config
  /// and std::system_error when a pty cannot be opened.
  explicit TreadmillEmulator(const EmulatorConfig& config);
  ~TreadmillEmulator();
  TreadmillEmulator(const TreadmillEmulator&) = delete;
  TreadmillEmulator& operator=(const TreadmillEmulator&) = delete;

  /// Stable path of the plate stream (a symlink to the current pty).
  std::string plates_port() const;
  /// Stable path of the IMU stream; empty when with_imu is false.
  std::string imu_port() const;

  /// Starts streaming in real time; simulation time 0 = now on the host clock.
  void start();
  /// Stops streaming and joins the thread. Idempotent.
  void stop();
  /// True once duration_s has been streamed.
  bool finished() const { return finished_.load(); }
  /// Host time of simulation time 0 (valid after start()).
  TimeNs start_host_ns() const { return start_host_ns_; }

  /// File mode: writes duration_s of both streams to plates.bin / imu.bin in `dir` as fast as
  /// possible (no ptys are used), plus steps.csv and pelvis.csv ground truth. Returns the stats.
  static EmulatorStats write_files(const EmulatorConfig& config, const std::filesystem::path& dir);

  /// A cue reaches the runner (`metric`: the cue's step metric name, `side` at fault): with
  /// respond.probability it answers after respond.delay_s (cue_response.hpp). One producer
  /// thread at a time (the processing thread's cue listener); no allocation, never blocks;
  /// false when 64 cues already wait.
  bool heed(std::string_view metric, bool symmetry, Side side);
  /// Cues the runner acted on / did not (real-time mode). Any thread.
  std::uint32_t cues_heeded() const { return heeded_.load(); }
  std::uint32_t cues_ignored() const { return ignored_.load(); }

  /// Moves out the truth of steps completed so far. Any thread.
  std::vector<HostStepTruth> take_truth();
  /// Moves out the true pelvis angles (at the IMU rate) produced so far. Any thread.
  std::vector<PelvisTruthSample> take_pelvis_truth();
  EmulatorStats stats() const;

  /// One device's stream (implementation detail, defined in treadmill_emulator.cpp).
  struct Stream;

 private:
  void run();

  EmulatorConfig config_;
  std::unique_ptr<Runner> runner_;
  std::filesystem::path link_dir_;
  bool own_link_dir_ = false;
  std::unique_ptr<Stream> plates_, imu_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> finished_{false};
  TimeNs start_host_ns_ = 0;
  mutable std::mutex mutex_;  // guards truth_ and the streams' stats
  std::vector<HostStepTruth> truth_;
  std::vector<PelvisTruthSample> pelvis_truth_;
  struct Heed {
    std::array<char, 32> metric{};
    bool symmetry = false;
    Side side = Side::kUnknown;
  };
  moodycamel::ReaderWriterQueue<Heed> heed_{64};
  std::atomic<std::uint32_t> heeded_{0}, ignored_{0};
  /// Emulator thread: schedules the answers to the cues that arrived.
  void answer_cues(TimeNs sim_now_ns);
  std::unique_ptr<CueResponder> responder_;
};

}  // namespace stridecue::sim
