// Pairs detected steps with the simulator's ground truth, for the demo summary and the tests.
#pragma once

#include <cstdint>
#include <vector>

#include "stridecue/processing/step.hpp"
#include "stridecue/sim/treadmill_emulator.hpp"

namespace stridecue::demo {

struct MatchedStep {
  processing::StepResult detected;
  sim::HostStepTruth truth;
  /// Event errors against the truth at the detector's own thresholds (the emulator's
  /// truth_on/off_threshold_n), since contact time depends on the threshold.
  double ic_error_ms = 0;       ///< detected − true initial contact
  double to_error_ms = 0;       ///< detected − true toe-off
  double contact_error_ms = 0;  ///< detected − true contact time
  double peak_error_pct = 0;    ///< (detected − true) / true peak × 100
};

struct TruthMatch {
  std::vector<MatchedStep> matched;
  std::vector<sim::HostStepTruth> missed;           ///< true steps with no detection
  std::vector<processing::StepResult> false_steps;  ///< detections with no true step
  std::uint64_t side_mismatches = 0;                ///< matched by time, but other side
  double max_abs_contact_error_ms = 0;
  double max_abs_peak_error_pct = 0;
};

/// A detection matches the true step with the nearest initial contact within
/// `window_ms` (a side that differs is counted in side_mismatches). True steps outside [first
/// detected IC − window, last detected TO + window] are ignored (the stream started or ended
/// there), so only the overlap is judged.
TruthMatch match_truth(const std::vector<processing::StepResult>& detected,
                       const std::vector<sim::HostStepTruth>& truth, double window_ms = 50.0);

}  // namespace stridecue::demo
