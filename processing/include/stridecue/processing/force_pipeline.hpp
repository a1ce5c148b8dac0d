// Split-belt force pipeline: one contact detector per belt plate, per-step timing and loading,
// and the uneven-loading cue. Side comes from the belt (DOMAIN.md §3, "Split belt").
#pragma once

#include <array>
#include <cstdint>

#include "stridecue/core/sample_item.hpp"
#include "stridecue/processing/contact_detector.hpp"
#include "stridecue/processing/step.hpp"
#include "stridecue/processing/symmetry_cue.hpp"

namespace stridecue::processing {

struct ForcePipelineConfig {
  double body_mass_kg = 70.0;
  ContactThresholds thresholds{};
  /// Which side each plate of the force device carries (split belt: left belt, right belt).
  std::array<Side, kMaxPlates> plate_side{Side::kLeft, Side::kRight};
  SymmetryCueConfig symmetry_cue{};
};

/// Processing thread. process() does not allocate and does not block (beyond the sink).
class ForcePipeline {
 public:
  explicit ForcePipeline(const ForcePipelineConfig& config);

  void process(const ForceFrame& frame, StepSink& sink);
  /// Data were lost: contacts in progress are abandoned rather than reported wrong.
  void on_gap(const StreamGap& gap);

  std::uint64_t steps() const { return next_index_; }
  std::uint64_t rejected_blips() const;
  double body_weight_n() const { return bw_n_; }
  const SymmetryCueRule& symmetry_rule() const { return cue_rule_; }

 private:
  struct PlateState {
    ContactDetector detector;
    double peak_n = 0;
    TimeNs t_peak_ns = 0;
    double impulse_ns_n = 0;  // ∫Fz dt in N·ns
    TimeNs prev_t_ns = 0;
    double prev_fz_n = 0;
  };
  void finish_step(std::size_t plate, StepSink& sink);

  ForcePipelineConfig cfg_;
  double bw_n_;
  std::array<PlateState, kMaxPlates> plates_;
  SymmetryCueRule cue_rule_;
  std::uint32_t next_index_ = 0;
  TimeNs last_to_ns_ = 0;
  std::array<TimeNs, 2> last_ic_by_side_{0, 0};
};

}  // namespace stridecue::processing
