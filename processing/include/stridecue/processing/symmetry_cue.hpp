// The station file's symmetry cue (processing.symmetry_cue): one rule, in force when no cue
// preset is given (`stridecue analyze`, `live` without a protocol). It fires when one per-step
// value (StepMetric) differs between sides by more than `threshold_pct` (signed symmetry index,
// docs/science.md §4), then stays quiet for `hold_off_steps` steps. It becomes the one-rule
// preset symmetry_preset() (cue_preset.hpp), so the CueEngine runs it like any preset: on the
// metrics the symmetry table shows, the rule judges the table's own index over the table's
// window and the table flags at this threshold (one threshold on the screen); on the pelvis and
// cadence it keeps a window of `window_steps` steps. The 10 % default is a starting point, not a
// validated limit for running (Malisoux 2024): the clinician sets it.
#pragma once

#include <cstddef>

#include "stridecue/processing/step_metric.hpp"

namespace stridecue::processing {

struct SymmetryCueConfig {
  static constexpr std::size_t kMaxWindow = 64;
  StepMetric metric = StepMetric::kPeakVgrfBw;
  std::size_t window_steps = 6;  ///< pelvis and cadence only; even, 2..kMaxWindow
  double threshold_pct = 10.0;   ///< |SI| above this fires; > 0
  std::size_t hold_off_steps = 6;
};

}  // namespace stridecue::processing
