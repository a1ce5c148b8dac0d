// The gait engine: one object from samples to everything StrideCue says about the gait. Live
// (the processing thread), offline (`stridecue analyze`) and replay all run this same graph,
// so they cannot differ:
//
//   ForceFrame/LoadCellFrame ─→ ForcePipeline (zero, filter, contacts, sides) ─┐
//   ImuSample ─→ PelvisPipeline (orientation, calibration, angles) ─→ IMU-only steps (no plate)
//                      │                                                     ▼
//                      └──────────── pelvis values ───────────────→ StepJoiner (waits for the IMU)
//                                                                            ▼ joined step
//                                            baseline block ─→ SymmetryTracker ─→ CueEngine
//
// Symmetry and the cues run AFTER the join, so they see every per-step value, the pelvis's
// included. With an IMU in the data a step waits in the joiner until the IMU has passed its
// toe-off (a few ms live); an IMU more than StepJoiner::kImuWaitNs behind the plates lets it go on
// without pelvis values (flag kPelvisNoImu), so cues wait at most that long. With an IMU and no
// plate (no force frame seen), steps come from the IMU alone after kImuOnlyAfterNs of IMU data
// (flag kPelvisImuEvents); they carry no forces and do not change the loading symmetry.
//
// Baseline block: begun and ended by request (begin_baseline / end_baseline, applied at the next
// item) or by data time from BaselineBlockConfig (from the first sample); a request cancels what
// remains of the automatic block. Each begin, end or refusal is emitted.
//
// Contract: one thread (the caller's) for every method; process() allocates nothing and blocks
// only as long as the sink does. Everything it emits goes to the GaitSink passed to process().
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "stridecue/core/sample_item.hpp"
#include "stridecue/processing/cue_engine.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/processing/gait_events.hpp"
#include "stridecue/processing/pelvis_pipeline.hpp"
#include "stridecue/processing/step_joiner.hpp"
#include "stridecue/processing/symmetry_cue.hpp"
#include "stridecue/processing/symmetry_tracker.hpp"

namespace stridecue::processing {

struct GaitEngineConfig {
  ForcePipelineConfig force{};
  PelvisPipelineConfig pelvis{};
  SymmetryTrackerConfig symmetry{};  ///< per-variable symmetry vs thresholds and baseline
  /// The station file's symmetry cue: the rule in force when no cue preset is given.
  SymmetryCueConfig cue{};
  /// The cue presets the run may put in force (a protocol's blocks name them); empty: the one
  /// symmetry_preset() built from `cue`.
  std::vector<CuePreset> cue_presets{};
  /// The preset in force from the first sample (index in cue_presets, or CueEngine::kNoPreset:
  /// no cues until select_cues()).
  int initial_cue_preset = 0;
  /// The subject's session number in a programme (1-based): a faded schedule's share.
  std::uint32_t session_number = 1;
  BaselineBlockConfig baseline{};
  /// A baseline in force from the start: the runner's reference from an earlier session.
  std::optional<SymmetryBaseline> initial_baseline{};
  std::optional<StepBaseline> initial_step_baseline{};
};

class GaitEngine {
 public:
  /// Without any force frame, IMU-only steps start after this much IMU data.
  static constexpr TimeNs kImuOnlyAfterNs = 2 * kNsPerS;
  /// A plate zero older than this raises GaitAlarm::kZeroStale: without flight phases (walking
  /// on a single belt) the drift correction never runs, and only a tare refreshes it.
  static constexpr double kZeroStaleS = 300.0;

  /// Throws std::invalid_argument naming the setting and its valid range.
  explicit GaitEngine(const GaitEngineConfig& config);
  GaitEngine(const GaitEngine&) = delete;
  GaitEngine& operator=(const GaitEngine&) = delete;

  /// One item, in arrival order. At EndOfStream everything still waiting (a split-belt piece, a
  /// step waiting for the IMU) goes out and false is returned; true otherwise. No allocation.
  bool process(const SampleItem& item, GaitSink& sink);

  /// Requests, applied at the next item (call from the engine's thread).
  /// Zero the plates from the next `duration_ns` of data (unloaded, still treadmill).
  void request_tare(TimeNs duration_ns) { force_.request_tare(duration_ns); }
  /// A static pelvis calibration from the next IMU samples (the runner standing still).
  void request_calibration() { pelvis_.request_calibration(); }
  /// Begin a baseline block (an open one is discarded and restarted).
  void begin_baseline() { begin_requested_ = true; }
  /// End the open block and make it the baseline; refused (event with the reason) when none is
  /// open or it has no left or no right step. Requested with begin_baseline() before the next
  /// item, the begin is applied first.
  void end_baseline() { end_requested_ = true; }
  /// Mark this moment (the marker's time is set to the data time at the next item, and it is
  /// emitted then). One marker waits at a time; a second before the next item replaces it.
  /// Put cue preset `preset` (or CueEngine::kNoPreset) in force for protocol block `block`,
  /// with `feedback_pct` % feedback time for faded schedules (NaN: the preset's share for the
  /// session number).
  void select_cues(int preset, std::int32_t block, double feedback_pct) {
    pending_cues_ = PendingCues{preset, block, feedback_pct};
  }
  void mark(const Marker& marker) {
    pending_marker_ = marker;
    marker_requested_ = true;
  }

  const ForcePipeline& force() const { return force_; }
  const PelvisPipeline& pelvis() const { return pelvis_; }
  const SymmetryTracker& symmetry() const { return symmetry_; }
  /// Restores a saved baseline (SymmetryTracker::set_baseline).
  SymmetryTracker& symmetry() { return symmetry_; }
  const CueEngine& cues() const { return cues_; }
  const GaitEngineConfig& config() const { return cfg_; }

  /// Data time span seen (first and last sample), ns; -1 before any sample.
  TimeNs first_sample_ns() const { return first_sample_ns_; }
  TimeNs last_sample_ns() const { return last_sample_ns_; }
  /// A force frame / an IMU sample has been seen.
  bool has_force() const { return force_devices_ != 0; }
  bool has_imu() const { return imu_devices_ != 0; }
  /// The oldest plate zero, s of data since it was set (ForcePipeline::zero_age_s).
  double zero_age_s() const { return zero_age_s_; }

 private:
  /// Adapter: the force pipeline's steps go into the joiner.
  struct ForceSteps final : StepSink {
    GaitEngine* engine = nullptr;
    void on_step(const StepResult& step) override { engine->hold(step); }
  };
  /// After a frame went through the force pipeline: its trace point, alarms, waiting steps.
  void after_force_frame(TimeNs t_ns, std::uint8_t n_plates);
  void on_imu(const ImuSample& s);
  void on_gap(const StreamGap& gap);
  void finish();
  /// Applies baseline requests and the automatic block at data time t_ns (-1: no time).
  void update_baseline(TimeNs t_ns);
  void begin_block(TimeNs t_ns, bool automatic);
  void end_block(TimeNs t_ns, bool automatic);
  /// Keeps a step until the IMU has passed it (or publishes it at once without an IMU).
  void hold(const StepResult& step);
  /// Publishes waiting steps the IMU has passed; with plate time `plates_now_ns` (or
  /// StepJoiner::kEndOfData), also those the IMU is more than StepJoiner::kImuWaitNs behind.
  void flush(TimeNs plates_now_ns);
  /// A joined step: symmetry, baseline counts, cue, and out.
  void publish(const StepResult& step);
  void note_alarms(TimeNs t_ns, std::size_t n_plates);

  GaitEngineConfig cfg_;
  ForcePipeline force_;
  PelvisPipeline pelvis_;
  SymmetryTracker symmetry_;
  CueEngine cues_;
  StepJoiner joiner_;
  ImuStepTiming imu_timing_;
  ForceSteps force_steps_;
  GaitSink* sink_ = nullptr;  // during process() only

  /// Puts the station's symmetry thresholds back, then the selected preset's own numbers.
  void apply_table_overrides();

  struct PendingCues {
    int preset = CueEngine::kNoPreset;
    std::int32_t block = -1;
    double feedback_pct = kNaN;
  };
  std::optional<PendingCues> pending_cues_;
  bool cues_started_ = false;
  bool begin_requested_ = false, end_requested_ = false, marker_requested_ = false;
  Marker pending_marker_{};
  enum class AutoBaseline : std::uint8_t { kWaiting, kRecording, kDone };
  AutoBaseline auto_baseline_ = AutoBaseline::kDone;
  TimeNs auto_begin_ns_ = 0, auto_end_ns_ = 0;  // from first_sample_ns_
  std::array<std::uint32_t, 2> block_steps_{};  // per side, in the open block

  TimeNs first_sample_ns_ = -1, last_sample_ns_ = -1;
  std::uint64_t force_devices_ = 0;  // bit per device index that sent force frames
  std::uint64_t imu_devices_ = 0;    // bit per device index that sent IMU samples
  TimeNs first_imu_ns_ = -1;
  std::uint16_t last_confidence_flags_ = 0xffff;
  double zero_age_s_ = 0;
  bool zero_stale_ = false;
  const char* filter_problem_ = "";
};

}  // namespace stridecue::processing
