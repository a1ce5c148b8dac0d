// One detected step and what processing publishes about it.
#pragma once

#include <cstdint>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"

namespace stridecue::processing {

/// Standard gravity, m/s² — body weight (BW) = mass · g.
inline constexpr double kGravity_mps2 = 9.80665;

/// One foot contact, complete at toe-off. Times on the host steady clock.
struct StepResult {
  std::uint32_t index = 0;  ///< 0, 1, 2, … in order of reporting
  Side side = Side::kUnknown;
  std::uint8_t plate = 0;
  TimeNs t_ic_ns = 0;  ///< initial contact (on-threshold crossing)
  TimeNs t_to_ns = 0;  ///< toe-off (off-threshold crossing)
  double contact_ms = 0;
  /// Previous toe-off (either side) to this contact. Negative = double support (walking).
  /// NaN when there is no previous step.
  double flight_ms = 0;
  /// Previous contralateral initial contact to this one; NaN when there is none.
  double step_ms = 0;
  double peak_vgrf_bw = 0;  ///< maximum vertical GRF in stance, body weights
  TimeNs t_peak_ns = 0;
  double impulse_bw_s = 0;  ///< ∫Fz dt over stance (trapezoid), BW·s
};

/// Runner-facing cue (DOMAIN.md §6: short and positive).
enum class CueKind : std::uint8_t { kEvenOutSteps };

struct Cue {
  TimeNs t_ns = 0;  ///< time of the data that triggered it (toe-off of the last step)
  CueKind kind = CueKind::kEvenOutSteps;
  const char* text = "";  ///< static string, safe to keep
  double value = 0;       ///< the metric that fired (e.g. symmetry index, %)
  Side heavier = Side::kUnknown;
};

/// Receives steps and cues. Called on the processing thread; must not block.
class StepSink {
 public:
  virtual ~StepSink() = default;
  virtual void on_step(const StepResult& step) = 0;
  virtual void on_cue(const Cue& cue) = 0;
};

}  // namespace stridecue::processing
