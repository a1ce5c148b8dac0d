// The symmetry cue rule: fires when one per-step value (StepMetric — loading, timing or a pelvis
// angle) differs between sides by more than `threshold_pct` (signed symmetry index of the per-side
// means over the last `window_steps` steps, docs/science.md §4), then stays quiet for
// `hold_off_steps` steps (bandwidth feedback, docs/science.md §6). It runs on joined steps
// (GaitEngine), so a pelvis metric has its values. The 10 % default is a starting point, not a
// validated limit for running (Malisoux 2024): the clinician sets it. The words follow the
// metric: loading and timing "Even out your steps", pelvic drop "Level your hips", tilt
// "Run tall".
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "stridecue/processing/side_means.hpp"
#include "stridecue/processing/step.hpp"
#include "stridecue/processing/step_metric.hpp"

namespace stridecue::processing {

struct SymmetryCueConfig {
  StepMetric metric = StepMetric::kPeakVgrfBw;
  std::size_t window_steps = 6;  ///< must be even, 2..kMaxWindow
  double threshold_pct = 10.0;   ///< |SI| above this fires; > 0
  std::size_t hold_off_steps = 6;
};

/// The cue's kind and words for a metric.
CueKind cue_kind_for(StepMetric metric) noexcept;
const char* cue_text(CueKind kind) noexcept;

/// Processing thread; no allocation; O(1) per step.
class SymmetryCueRule {
 public:
  static constexpr std::size_t kMaxWindow = 64;
  /// Throws std::invalid_argument naming the setting and the valid range.
  explicit SymmetryCueRule(const SymmetryCueConfig& config = {});

  /// Feeds a completed (joined) step; returns a cue when the rule fires.
  std::optional<Cue> on_step(const StepResult& step);
  /// Symmetry index of the metric over the current window, % (NaN until both sides have a
  /// value). This is the number the rule judges: publish it rather than recompute it.
  double current_si_pct() const { return si_pct_; }
  const SymmetryCueConfig& config() const { return cfg_; }

 private:
  struct Entry {
    Side side = Side::kUnknown;
    double value = 0;
  };
  SymmetryCueConfig cfg_;
  std::array<Entry, kMaxWindow> ring_{};
  std::size_t count_ = 0, head_ = 0;
  std::size_t since_cue_ = 0;
  SideMeans means_;
  double si_pct_ = 0;
};

}  // namespace stridecue::processing
