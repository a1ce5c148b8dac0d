// Cue presets: the rules a retraining block cues by, and the schedule that delivers them
// (docs/cues.md; DOMAIN-level science in docs/science.md §6). Plain values, built by the preset
// loader (config/preset_file.hpp) or in code, checked by validate_preset() and run by CueEngine.
//
// A rule watches one value of each step — a per-step metric (pelvic drop of the stance side,
// tilt above standing, peak vGRF, loading rate, contact time, cadence, …) or the left/right
// symmetry index of one — and judges it against a target: absolute (in the metric's unit), a
// percentage of the runner's baseline mean, or a number of baseline standard deviations. It cues
// when the value was outside the target on k of the last n judged steps, then waits out its
// cooldown. Symmetry rules on the variables the symmetry table shows read the table's own
// symmetry index and threshold, so the screen never shows a cue for a value the table calls fine.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/processing/step_metric.hpp"

namespace stridecue::processing {

/// What a rule judges on each step.
enum class CueValueKind : std::uint8_t {
  kStep,      ///< the step's own value of the metric (its stance side)
  kSymmetry,  ///< the left/right symmetry index of the metric, %, + = right larger
};

/// Which steps a per-step rule judges.
enum class CueSides : std::uint8_t { kBoth, kLeft, kRight };

/// How a target's numbers are read.
enum class TargetRef : std::uint8_t {
  kAbsolute,     ///< in the metric's unit (a symmetry rule: |SI| in %)
  kBaselinePct,  ///< % of the runner's baseline mean of that side (80 = 20 % below it)
  kBaselineSd,   ///< standard deviations from the baseline mean of that side (+ = above)
};

inline constexpr double kNoBound = std::numeric_limits<double>::infinity();

/// Inside the target: low ≤ value ≤ high (either may be ±kNoBound, not both).
struct CueTarget {
  TargetRef ref = TargetRef::kAbsolute;
  double low = -kNoBound;
  double high = kNoBound;
  /// A symmetry rule with no number of its own reads the symmetry table's threshold.
  bool from_table = false;
};

/// Bits of CueRule::modalities.
enum CueModality : std::uint8_t { kCueText = 1, kCueTone = 2, kCueSpeech = 4 };

/// Runner-facing words: short, so they fit a screen read from the belt and a spoken phrase.
inline constexpr std::size_t kMaxCueWords = 40;  ///< bytes
inline constexpr std::size_t kMaxRuleName = 31;  ///< bytes

struct CueRule {
  std::string name;  ///< unique in its preset ("level-hips-left")
  CueValueKind value = CueValueKind::kStep;
  StepMetric metric = StepMetric::kPeakVgrfBw;
  CueSides sides = CueSides::kBoth;
  CueTarget target{};
  /// Persistence: cue when the value was outside on `persist_k` of the last `persist_n` judged
  /// steps (1 ≤ k ≤ n ≤ kMaxPersistN).
  std::uint32_t persist_k = 3, persist_n = 4;
  /// After a cue, this rule stays quiet for this long (data time) and this many judged steps.
  double cooldown_s = 10;
  std::uint32_t cooldown_steps = 0;
  std::uint8_t priority = 5;  ///< 1 = most important; arbitration picks the lowest number
  std::string words;          ///< "Level your hips"
  std::string praise;         ///< "" = no praise; said when the runner is back inside
  std::uint8_t modalities = kCueText | kCueSpeech;
  /// Symmetry rules on metrics the table does not show (pelvis, cadence): steps per window.
  std::uint32_t window_steps = 20;
};

enum class ScheduleKind : std::uint8_t {
  kContinuous,  ///< every judged step outside the target may cue (the ceiling still applies)
  kBandwidth,   ///< cue only when persistently outside the band (k of n)
  kSummary,     ///< one message every `summary_strides` strides about that stretch
  kFaded,       ///< bandwidth, with feedback on only a share of the time (per block / session)
};

struct CueSchedule {
  ScheduleKind kind = ScheduleKind::kBandwidth;
  std::uint32_t summary_strides = 10;  ///< kSummary
  /// kFaded: feedback is on for the first feedback_pct % of every cycle (data time from the
  /// block's start). The share comes from the session's place in the programme
  /// (feedback_pct_by_session) unless the protocol block sets its own.
  double fade_cycle_s = 60;
  /// kFaded: % of feedback time by the subject's session number (1-based; the last entry holds
  /// for later sessions). The 8-session protocol: 100 % in 1–4, then withdrawn step by step.
  std::vector<double> feedback_pct_by_session{100, 100, 100, 100, 80, 60, 40, 20};
};

struct CuePreset {
  std::string name;         ///< "level-hips"; the file's stem when it gives none
  std::string description;  ///< what it treats, for the clinician
  std::vector<CueRule> rules;
  CueSchedule schedule{};
  /// Ceiling on messages (cues and praise) per minute, all rules together; 1..60.
  std::uint32_t max_per_minute = 6;
  /// No message within this long of the previous one (so speech never overlaps), s.
  double min_gap_s = 3;
  /// Metronome at this % of the runner's preferred cadence (measured in the baseline block);
  /// 0 = off.
  double metronome_pct = 0;
  std::string source;  ///< the file it came from ("" when built in code)
};

/// Limits of a preset (docs/cues.md).
namespace preset_limits {
inline constexpr std::size_t kMaxRules = 8;
inline constexpr std::uint32_t kMaxPersistN = 32;
inline constexpr double kMaxCooldownS = 600;
inline constexpr std::uint32_t kMaxCooldownSteps = 1000;
inline constexpr std::uint32_t kMinWindowSteps = 2, kMaxWindowSteps = 64;
inline constexpr std::uint32_t kMaxSummaryStrides = 200;
inline constexpr double kMinFadeCycleS = 10, kMaxFadeCycleS = 1800;
inline constexpr double kMinMetronomePct = 80, kMaxMetronomePct = 130;
inline constexpr double kMaxMinGapS = 60;
inline constexpr std::size_t kMaxSessions = 32;  ///< feedback_pct_by_session entries
}  // namespace preset_limits

/// "step", "symmetry" / "both", "left", "right" / "absolute", "baseline_pct", "baseline_sd" /
/// "continuous", "bandwidth", "summary", "faded".
std::string_view cue_value_kind_name(CueValueKind kind) noexcept;
std::string_view cue_sides_name(CueSides sides) noexcept;
std::string_view target_ref_name(TargetRef ref) noexcept;
std::string_view schedule_kind_name(ScheduleKind kind) noexcept;

/// Every mistake of a preset built in code, one per line, each naming the field and the valid
/// range ("rules[1].persist_k: 5 is more than persist_n 4"); "" when it is usable. The preset
/// loader checks the same rules with file positions.
std::string preset_problems(const CuePreset& preset);

/// The feedback share of a faded schedule in the subject's `session_number` (1-based), %.
double faded_feedback_pct(const CueSchedule& schedule, std::uint32_t session_number) noexcept;

/// The one-rule preset that stands for the station file's `processing.symmetry_cue` (a symmetry
/// rule on `metric` above `threshold_pct`, quiet for `hold_off_steps` steps after a cue): the
/// cue rule in force when no protocol block names a preset.
CuePreset symmetry_preset(StepMetric metric, double threshold_pct, std::uint32_t window_steps,
                          std::uint32_t hold_off_steps);

/// The runner-facing words for a metric when a rule gives none: "Level your hips" (pelvic drop),
/// "Run tall" (tilt, late-stance tilt gain), "Land softer" (peak force, impact, loading rates),
/// "Quick feet" (cadence, step and contact time), "Even out your steps" (a symmetry index).
std::string_view default_cue_words(CueValueKind value, StepMetric metric) noexcept;

}  // namespace stridecue::processing
