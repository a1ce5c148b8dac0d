// The first cue rule: uneven loading. Fires "Even out your steps" when the peak vertical force
// of the last `window_steps` steps differs between sides by more than `threshold_pct` (signed
// symmetry index, DOMAIN.md §4), then stays quiet for `hold_off_steps` steps (bandwidth
// feedback, DOMAIN.md §6). The 10 % default is a starting point, not a validated limit for
// running (Malisoux 2024): the clinician sets it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "stridecue/processing/step.hpp"

namespace stridecue::processing {

struct SymmetryCueConfig {
  std::size_t window_steps = 6;  ///< must be even, 2..kMaxWindow
  double threshold_pct = 10.0;
  std::size_t hold_off_steps = 6;
};

/// Processing thread; no allocation; O(window) per step.
class SymmetryCueRule {
 public:
  static constexpr std::size_t kMaxWindow = 64;
  explicit SymmetryCueRule(const SymmetryCueConfig& config = {});

  /// Feeds a completed step; returns a cue when the rule fires.
  std::optional<Cue> on_step(const StepResult& step);
  /// Symmetry index of peak force over the current window, % (NaN until both sides are seen).
  double current_si_pct() const { return si_pct_; }

 private:
  SymmetryCueConfig cfg_;
  std::array<StepResult, kMaxWindow> ring_{};
  std::size_t count_ = 0, head_ = 0;
  std::size_t since_cue_ = 0;
  double si_pct_ = 0;
};

}  // namespace stridecue::processing
