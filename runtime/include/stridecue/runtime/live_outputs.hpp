// What the processing thread publishes for live consumers (console, dashboard). Every queue
// here is a display path: it keeps the newest data and counts what it drops.
#pragma once

#include <array>

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
};

}  // namespace stridecue::runtime
