// What the processing thread publishes for live consumers (console, dashboard). Every queue
// here is a display path: it keeps the newest data and counts what it drops.
#pragma once

#include <array>
#include <cstdint>

#include "stridecue/core/drop_oldest_queue.hpp"
#include "stridecue/core/samples.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/processing/pelvis_pipeline.hpp"
#include "stridecue/processing/step.hpp"

namespace stridecue::runtime {

/// Vertical force of each plate at one instant, for traces.
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

/// The symmetry tracker after one plate step (processing::SymmetryTracker, issue 5).
struct SymmetryUpdate {
  TimeNs t_ns = 0;               ///< toe-off of the step that produced it
  std::uint32_t step_index = 0;  ///< StepResult::index of that step
  /// Steps per side in the open baseline block (0 when none is open).
  std::uint32_t block_steps_l = 0, block_steps_r = 0;
  processing::SymmetrySnapshot snapshot{};  ///< includes that step
};

/// A baseline block begun, ended (it is now the baseline) or refused, as applied on the
/// processing thread.
struct BaselineEvent {
  enum class Kind : std::uint8_t { kBegun, kEnded, kRefused };
  TimeNs t_ns = 0;  ///< data time of the sample at which it was applied
  Kind kind = Kind::kBegun;
  bool automatic = false;  ///< from the station's baseline setting, not a request
  /// Steps per side in the block (kEnded, kRefused; 0 for kBegun).
  std::uint32_t steps_l = 0, steps_r = 0;
  /// Static text: why it was refused, or a note ("" when there is nothing to add).
  const char* reason = "";
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

struct LiveOutputs {
  DropOldestQueue<processing::StepResult> steps{1024};
  DropOldestQueue<processing::Cue> cues{256};
  DropOldestQueue<ForcePoint> force_trace{16384};  ///< ≥ 8 s at 2 kHz
  DropOldestQueue<processing::TareResult> tares{16};
  DropOldestQueue<PelvisPoint> pelvis_trace{8192};  ///< ≥ 8 s at 1 kHz
  /// Every static trial's result (accepted, or refused with the reason).
  DropOldestQueue<processing::StaticCalibration> calibrations{16};
  /// The pelvis confidence, pushed whenever its flags change.
  DropOldestQueue<processing::PelvisConfidence> pelvis_status{64};
  /// One per plate step (≈ 20 s at 170 steps/min); a reader that wants only the state keeps
  /// the last.
  DropOldestQueue<SymmetryUpdate> symmetry{64};
  /// Every baseline block begun, ended or refused.
  DropOldestQueue<BaselineEvent> baseline_events{16};
};

}  // namespace stridecue::runtime
