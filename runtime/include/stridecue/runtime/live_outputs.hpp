// What the processing thread publishes for live consumers (console, dashboard). Every queue
// here is a display path: it keeps the newest data and counts what it drops.
#pragma once

#include <array>

#include "stridecue/core/drop_oldest_queue.hpp"
#include "stridecue/core/samples.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/processing/step.hpp"

namespace stridecue::runtime {

/// Vertical force of each plate at one instant, for traces.
struct ForcePoint {
  TimeNs t_ns = 0;
  std::uint8_t n_plates = 0;
  std::array<float, kMaxPlates> fz_n{};
};

struct LiveOutputs {
  DropOldestQueue<processing::StepResult> steps{1024};
  DropOldestQueue<processing::Cue> cues{256};
  DropOldestQueue<ForcePoint> force_trace{16384};  ///< ≥ 8 s at 2 kHz
  DropOldestQueue<processing::TareResult> tares{16};
};

}  // namespace stridecue::runtime
