// The processing thread: takes samples from the acquisition queue, runs the force and pelvis
// pipelines and publishes steps, cues and traces. It blocks on the queue without spinning or
// timed waits and ends when acquisition closes the queue (EndOfStream).
//
// Joining the pelvis to the steps (step_joiner.hpp, shared with analyze): with an IMU in the
// station a step waits until the IMU stream has passed its toe-off, then gets its pelvis values
// and is published; an IMU more than StepJoiner::kImuWaitNs behind the plates (unplugged,
// stalled) lets waiting steps go out without pelvis values (flag kPelvisNoImu). Cues from the
// force pipeline never wait. With an IMU and no force device, steps come from the IMU
// alone (PelvisPipeline's fallback, flag kPelvisImuEvents).
//
// Symmetry (issue 5). After every plate step the force pipeline's SymmetryTracker snapshot is
// published (LiveOutputs::symmetry) at once, whether or not the step itself waits for the IMU.
// A baseline block is begun and ended on request from any thread, or by data time from
// BaselineBlockConfig; each begin, end or refusal is published (LiveOutputs::baseline_events).
// Steps found by the IMU alone carry no forces and do not enter the tracker.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <thread>

#include "stridecue/acquisition/sample_queue.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/processing/pelvis_pipeline.hpp"
#include "stridecue/runtime/live_outputs.hpp"
#include "stridecue/runtime/step_joiner.hpp"

namespace stridecue::runtime {

/// A baseline block recorded automatically, by data time: "the first block is the baseline"
/// (station file processing.baseline, `stridecue demo --baseline`).
struct BaselineBlockConfig {
  double start_s = 0;     ///< from the session's first sample, s; ≥ 0
  double duration_s = 0;  ///< 0 = no automatic block

  bool enabled() const { return duration_s > 0; }
};

class ProcessingLoop final : private processing::StepSink {
 public:
  /// Without any force device, IMU-only steps start after this much IMU data.
  static constexpr TimeNs kImuOnlyAfterNs = 2 * kNsPerS;

  ProcessingLoop(acquisition::SampleQueue& input, const processing::ForcePipelineConfig& config,
                 LiveOutputs& outputs, const processing::PelvisPipelineConfig& pelvis = {},
                 const BaselineBlockConfig& baseline = {});
  ~ProcessingLoop();

  void start();
  /// Waits for the thread to finish; the producer must have closed the queue.
  void join();

  /// Zero the plates from the next `duration_ns` of data (the treadmill unloaded and still);
  /// the result arrives in LiveOutputs::tares. Any thread.
  void request_tare(TimeNs duration_ns) { pending_tare_ns_.store(duration_ns); }
  /// Start a static pelvis calibration (the runner standing still on the belt); the result
  /// arrives in LiveOutputs::calibrations. Any thread.
  void request_calibration() { pending_calibration_.store(true); }
  /// Start a baseline block: the following plate steps are averaged per side (SymmetryTracker;
  /// an open block is discarded and restarted, the current baseline stays until the block
  /// ends). Applied at the next item; the event arrives in LiveOutputs::baseline_events. A
  /// request cancels what remains of the automatic block. Any thread; non-blocking.
  void begin_baseline() { pending_begin_baseline_.store(true); }
  /// End the open block and make it the baseline; refused (event with the reason) when no
  /// block is open or it has no left or no right step. Requested together with
  /// begin_baseline() before the next item: the begin is applied first. Any thread.
  void end_baseline() { pending_end_baseline_.store(true); }

  /// Any thread.
  std::uint64_t samples_processed() const { return samples_.load(std::memory_order_relaxed); }
  std::uint64_t steps() const { return steps_.load(std::memory_order_relaxed); }
  /// Why the configured force low-pass is not applied (static text), or "" (applied or off).
  /// Any thread.
  const char* filter_problem() const { return filter_problem_.load(std::memory_order_relaxed); }
  /// The oldest plate zero, in seconds of data since it was set (ForcePipeline::zero_age_s).
  /// Any thread.
  double zero_age_s() const { return zero_age_s_.load(std::memory_order_relaxed); }
  /// A zero older than this is an alarm: without flight phases (walking on a single belt) the
  /// drift correction never runs, and only a tare with the belt empty refreshes it.
  static constexpr double kZeroStaleS = 300.0;

  /// Processes one item on the caller's thread (what the thread does per item; used by tests
  /// and by replay). Returns false at EndOfStream. No allocation.
  bool process(const SampleItem& item);

 private:
  void on_step(const processing::StepResult& step) override;
  void on_cue(const processing::Cue& cue) override;
  void on_imu(const ImuSample& s);
  void note_zero_age(std::size_t n_plates) {
    double age = 0;
    for (std::size_t i = 0; i < n_plates && i < kMaxPlates; ++i) {
      age = std::max(age, force_.zero_age_s(i));
    }
    zero_age_s_.store(age, std::memory_order_relaxed);
  }
  void note_filter_problem() {
    const char* problem = force_.filter_problem();
    if (*problem && filter_problem_.load(std::memory_order_relaxed) != problem) {
      filter_problem_.store(problem, std::memory_order_relaxed);
    }
  }
  /// Keeps a step until the IMU has passed it (or publishes it at once without an IMU).
  void hold(const processing::StepResult& step);
  /// Applies baseline requests and the automatic block at data time t_ns (-1: no time).
  void update_baseline(TimeNs t_ns);
  void begin_block(TimeNs t_ns, bool automatic);
  void end_block(TimeNs t_ns, bool automatic);
  /// Publishes waiting steps the IMU has passed; with plate time `force_now_ns` (or
  /// StepJoiner::kEndOfData), also those the IMU is more than StepJoiner::kImuWaitNs behind.
  void flush_pending(TimeNs force_now_ns);
  void publish(const processing::StepResult& step);

  acquisition::SampleQueue& input_;
  processing::ForcePipeline force_;
  processing::PelvisPipeline pelvis_;
  LiveOutputs& out_;
  std::atomic<TimeNs> pending_tare_ns_{0};
  std::atomic<bool> pending_calibration_{false};
  std::atomic<bool> pending_begin_baseline_{false};
  std::atomic<bool> pending_end_baseline_{false};
  enum class AutoBaseline : std::uint8_t { kWaiting, kRecording, kDone };
  AutoBaseline auto_baseline_ = AutoBaseline::kDone;
  TimeNs auto_begin_ns_ = 0, auto_end_ns_ = 0;  // from first_sample_ns_
  TimeNs first_sample_ns_ = -1, last_sample_ns_ = 0;
  std::array<std::uint32_t, 2> block_steps_{};  // per side, in the open block
  std::uint64_t force_devices_ = 0;             // bit per device index that sent force frames
  std::uint64_t imu_devices_ = 0;               // bit per device index that sent IMU samples
  TimeNs first_imu_ns_ = -1;
  processing::ImuStepTiming imu_timing_;  // IMU-only steps: index and timing
  StepJoiner joiner_;                     // plate steps waiting for the IMU
  std::uint16_t last_confidence_flags_ = 0xffff;
  std::uint32_t trace_decimation_ = 0;
  std::thread thread_;
  std::atomic<std::uint64_t> samples_{0};
  std::atomic<std::uint64_t> steps_{0};
  std::atomic<const char*> filter_problem_{""};
  std::atomic<double> zero_age_s_{0};
};

}  // namespace stridecue::runtime
