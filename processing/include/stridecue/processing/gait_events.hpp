// What the gait engine emits (gait_engine.hpp), and the one interface that receives it. Plain
// values: a sink may copy them into queues for other threads (the display's drop-oldest
// queues, the session recorder's lossless queue).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"
#include "stridecue/processing/cue_engine.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/processing/pelvis_pipeline.hpp"
#include "stridecue/processing/step.hpp"
#include "stridecue/processing/symmetry_tracker.hpp"

namespace stridecue::processing {

/// Vertical force of each plate at one instant, as the contact detector sees it: calibrated,
/// zeroed (tare and drift) and low-passed when a low-pass is on. For traces.
struct ForcePoint {
  TimeNs t_ns = 0;
  std::uint8_t n_plates = 0;
  std::array<float, kMaxPlates> fz_n{};
};

/// Pelvis angles at one IMU sample (relative to the static calibration), for traces.
struct PelvisPoint {
  TimeNs t_ns = 0;
  float tilt_deg = 0, obliquity_deg = 0, rotation_deg = 0;
};

/// The symmetry tracker after one joined step.
struct SymmetryUpdate {
  TimeNs t_ns = 0;               ///< toe-off of the step that produced it
  std::uint32_t step_index = 0;  ///< StepResult::index of that step
  /// Steps per side in the open baseline block (0 when none is open).
  std::uint32_t block_steps_l = 0, block_steps_r = 0;
  /// The first symmetry rule of the cue preset in force and the symmetry index it judged, %:
  /// the number the cue judges, so a screen shows exactly what the cue saw. NaN until it has
  /// judged; metric "" when the preset has no symmetry rule.
  double cue_si_pct = kNaN;
  std::uint32_t cue_window_steps = 0;
  const char* cue_metric = "";   ///< static name of that rule's metric
  double cue_threshold_pct = 0;  ///< its |SI| threshold
  SymmetrySnapshot snapshot{};   ///< includes that step
};

/// A baseline block begun, ended (it is now the baseline) or refused, as applied.
struct BaselineEvent {
  enum class Kind : std::uint8_t { kBegun, kEnded, kRefused };
  TimeNs t_ns = 0;  ///< data time of the sample at which it was applied
  Kind kind = Kind::kBegun;
  bool automatic = false;  ///< from the configured block (BaselineBlockConfig), not a request
  /// Steps per side in the block (kEnded, kRefused; 0 for kBegun).
  std::uint32_t steps_l = 0, steps_r = 0;
  /// Static text: why it was refused, or a note ("" when there is nothing to add).
  const char* reason = "";
  /// kEnded: the runner's baseline now in force (a session saves it for the next one).
  SymmetryBaseline baseline{};
  /// kEnded: per-step means and SDs of the block, the reference of baseline-relative cue
  /// targets and of the metronome (CueEngine).
  StepBaseline step_baseline{};
};

/// "begun", "ended", "refused".
constexpr const char* baseline_event_name(BaselineEvent::Kind kind) noexcept {
  switch (kind) {
    case BaselineEvent::Kind::kBegun:
      return "begun";
    case BaselineEvent::Kind::kEnded:
      return "ended";
    case BaselineEvent::Kind::kRefused:
      return "refused";
  }
  return "?";
}

/// A baseline block recorded automatically, by data time: "the first block is the baseline"
/// (station file processing.baseline, `stridecue demo --baseline`, `analyze --baseline`).
struct BaselineBlockConfig {
  double start_s = 0;     ///< from the first sample, s; ≥ 0
  double duration_s = 0;  ///< 0 = no automatic block

  bool enabled() const { return duration_s > 0; }
};

/// A condition the operator must act on, raised or cleared.
struct GaitAlarm {
  enum class Kind : std::uint8_t {
    kZeroStale,         ///< a plate's zero is older than GaitEngine::kZeroStaleS
    kFilterNotApplied,  ///< the configured low-pass cannot run at the plates' rate
  };
  TimeNs t_ns = 0;  ///< data time at which it changed
  Kind kind = Kind::kZeroStale;
  bool active = false;    ///< raised (true) or cleared (false)
  const char* text = "";  ///< static: what is wrong and the fix
};

/// A moment the clinician marked ("runner reports pain", "shoes changed"): recorded with the
/// session at the data time it was applied. The label is copied in (no allocation).
struct Marker {
  static constexpr std::size_t kMaxLabel = 47;
  TimeNs t_ns = 0;                          ///< data time at which it was applied
  std::array<char, kMaxLabel + 1> label{};  ///< NUL-terminated, cut at kMaxLabel bytes

  /// A marker with `text` cut to kMaxLabel bytes.
  static Marker with_label(std::string_view text) noexcept {
    Marker m;
    const std::size_t n = text.size() < kMaxLabel ? text.size() : kMaxLabel;
    for (std::size_t i = 0; i < n; ++i) m.label[i] = text[i];
    return m;
  }
  std::string_view label_view() const noexcept { return {label.data()}; }
};

/// Receives everything the gait engine emits, in data order, on the engine's thread. Must not
/// block; every method has an empty default so a sink takes only what it needs.
/// Cues, adherence and cue plans come through CueSink's methods (cue_engine.hpp).
class GaitSink : public CueSink {
 public:
  /// A step with every value it will ever have (pelvis values joined, or flagged why not).
  virtual void on_step(const StepResult&) {}
  virtual void on_symmetry(const SymmetryUpdate&) {}
  virtual void on_baseline(const BaselineEvent&) {}
  virtual void on_tare(const TareResult&) {}
  virtual void on_calibration(const StaticCalibration&) {}
  /// The pelvis confidence, whenever its flags change.
  virtual void on_pelvis_status(const PelvisConfidence&) {}
  virtual void on_alarm(const GaitAlarm&) {}
  virtual void on_marker(const Marker&) {}
  /// Traces: one point per force frame, one per IMU sample with angles.
  virtual void on_force(const ForcePoint&) {}
  virtual void on_pelvis(const PelvisPoint&) {}
};

}  // namespace stridecue::processing
