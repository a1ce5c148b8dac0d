// Offline analysis: the live force pipeline run over a whole recording (made by StrideCue or by
// another system), with per-step rows and a summary a lab can compare with its own tools.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "stridecue/processing/force_pipeline.hpp"

namespace stridecue::runtime {

/// Mean of one variable per side and their symmetry.
struct SideStat {
  double left = 0, right = 0;
  int n_left = 0, n_right = 0;
  double si_pct = 0;  ///< signed symmetry index, + = right larger (DOMAIN.md §4)
  double sa_pct = 0;  ///< symmetry angle
};

struct AnalysisResult {
  std::vector<processing::StepResult> steps;
  std::uint64_t rejected_contacts = 0;  ///< blips shorter than the minimum contact, ringing
  std::uint64_t rejected_zero_updates = 0;
  double duration_s = 0;
  SideStat contact_ms, peak_vgrf_bw, valr_bw_s, impulse_bw_s, step_ms;
  processing::ContactThresholds thresholds{};
};

/// Runs the pipeline over `frames` (uniformly sampled, t_ns from 0). No cues are kept.
AnalysisResult analyze_frames(const std::vector<ForceFrame>& frames,
                              const processing::ForcePipelineConfig& config);

/// The step rows, one per line, units in the column names. The first columns are
/// side,t_ic_s,t_to_s,contact_ms,flight_ms,step_ms,peak_vgrf_bw,impact_peak_bw,
/// loading_rate_bw_s,loading_rate_method,impulse_bw_s.
void write_steps_csv(std::ostream& out, const AnalysisResult& result);

/// The summary as JSON: counts per side, rejected contacts, per-side means and symmetry, the
/// thresholds and loading-rate methods used.
std::string summary_json(const AnalysisResult& result);

}  // namespace stridecue::runtime
