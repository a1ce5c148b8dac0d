// The simulated runner answers cues: with a set probability, after a delay, it moves the cued
// fault part of the way toward a healthy value (over a ramp), so schedules, praise and adherence
// can be tested end to end without a person (docs/simulator.md, "Answering cues").
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

#include "stridecue/core/samples.hpp"
#include "stridecue/sim/runner.hpp"
#include "stridecue/sim/runner_fields.hpp"

namespace stridecue::sim {

struct CueResponseConfig {
  double probability = 0;     ///< chance the runner acts on a cue, 0..1 (0: never)
  double delay_s = 2;         ///< from the cue to the start of the change, s
  double ramp_s = 3;          ///< the change takes this long, s
  double reduction_pct = 30;  ///< share of the way to the healthy value each time, %
};

/// Throws std::invalid_argument naming the field and its range.
void validate(const CueResponseConfig& config);

/// The change a runner heeding a cue makes: `metric` is the cue's step metric name
/// ("pelvic_drop_deg", "peak_vgrf_bw", …), `symmetry` whether it was about a left/right
/// difference, `side` the side at fault. From the config in effect `now`, the fault's field moves
/// reduction_pct of the way toward healthy: pelvic drop of that stance toward 4.5°, tilt toward
/// 2°, late-stance tilt gain toward 1°, a loading or contact asymmetry toward the other side's
/// value, the impact peak (loading rate) toward none, cadence toward 3 % quicker.
/// Nothing for a metric the model cannot change.
std::optional<ScriptedChange> answer_cue(const RunnerConfig& now, std::string_view metric,
                                         bool symmetry, Side side, double at_s,
                                         const CueResponseConfig& config);

/// Decides whether the runner heeds each cue (its own random stream). One thread.
class CueResponder {
 public:
  CueResponder(const CueResponseConfig& config, std::uint64_t seed);
  /// The change to schedule for a cue given at sim time `cue_s`, if the runner heeds it.
  std::optional<ScriptedChange> on_cue(const RunnerConfig& now, std::string_view metric,
                                       bool symmetry, Side side, double cue_s);
  std::uint32_t heeded() const { return heeded_; }
  std::uint32_t ignored() const { return ignored_; }

 private:
  CueResponseConfig cfg_;
  std::mt19937_64 rng_;
  std::uint32_t heeded_ = 0, ignored_ = 0;
};

}  // namespace stridecue::sim
