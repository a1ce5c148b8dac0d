// The cue engine: judges every joined step against the rules of the preset in force, decides
// which one message (if any) the runner gets, and keeps adherence per rule (docs/cues.md).
//
//   joined step + symmetry table ─→ each rule: judged? inside the target? (k of n persistence)
//                                   └─→ schedule (continuous / bandwidth / summary / faded)
//                                       └─→ arbitration: one message, lowest priority number,
//                                           corrections before praise; min gap; per-minute cap
//
// The presets are all given at construction (a protocol's blocks name them); select() switches
// between them without allocating, so a block change on the processing thread costs nothing.
// The engine keeps the runner's per-step baseline (StepBaseline) over the baseline block too.
//
// Contract: one thread (the gait engine's); on_step(), select() and finish() allocate nothing
// and emit into the GaitSink-like CueSink passed in.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stridecue/processing/cue_preset.hpp"
#include "stridecue/processing/side_means.hpp"
#include "stridecue/processing/step.hpp"
#include "stridecue/processing/step_baseline.hpp"
#include "stridecue/processing/symmetry_tracker.hpp"

namespace stridecue::processing {

/// How one rule has gone in one block (docs/cues.md, "Adherence"). Emitted every
/// CueEngine::kAdherenceEverySteps judged steps, when the preset changes and at the end.
struct CueAdherence {
  TimeNs t_ns = 0;          ///< data time of the last step it counts
  std::int32_t block = -1;  ///< protocol block (-1: none)
  std::uint8_t rule = 0;
  std::array<char, 32> rule_name{};
  const char* metric = "";
  std::uint32_t judged = 0;  ///< steps the rule could judge (value and target known)
  std::uint32_t inside = 0;  ///< of those, inside the target
  std::uint32_t cues = 0, praises = 0;
  std::uint32_t withheld = 0;  ///< corrections held back by the schedule, gap or ceiling
  TimeNs first_cue_ns = -1;    ///< the rule's first correction in the block
  /// First time after that correction the runner was inside on k of the last n steps.
  TimeNs first_success_ns = -1;
  bool final = false;  ///< the block (or the stream) ended: these are its totals

  double inside_pct() const noexcept { return judged ? 100.0 * inside / judged : kNaN; }
  /// Seconds from the first correction to the first success; NaN when either is missing.
  double time_to_success_s() const noexcept {
    return first_cue_ns >= 0 && first_success_ns >= 0
               ? static_cast<double>(first_success_ns - first_cue_ns) / 1e9
               : kNaN;
  }
  const char* rule_c() const noexcept { return rule_name.data(); }
};

/// The cue plan put in force: which preset, in which block, with how much feedback.
struct CuePlanEvent {
  TimeNs t_ns = 0;
  std::int32_t block = -1;
  std::int32_t preset = -1;  ///< index in the engine's presets; -1 = no cues
  std::array<char, 32> preset_name{};
  ScheduleKind schedule = ScheduleKind::kBandwidth;
  double feedback_pct = 100;  ///< share of time with feedback (faded schedules), %
  /// Metronome beats per minute (the preset's % of the baseline's preferred cadence); 0 = off,
  /// NaN = the preset asks for one but no baseline cadence is known yet.
  double metronome_spm = 0;
  const char* preset_c() const noexcept { return preset_name.data(); }
};

/// Receives what the cue engine decides, on the engine's thread; must not block.
class CueSink {
 public:
  virtual ~CueSink() = default;
  virtual void on_cue(const Cue&) {}
  virtual void on_adherence(const CueAdherence&) {}
  virtual void on_cue_plan(const CuePlanEvent&) {}
};

class CueEngine {
 public:
  static constexpr std::size_t kMaxPresets = 32;
  static constexpr std::uint32_t kAdherenceEverySteps = 20;
  /// Per-step values from fewer baseline steps than this are no reference.
  static constexpr std::uint32_t kMinBaselineSteps = 5;
  static constexpr int kNoPreset = -1;

  /// Throws std::invalid_argument with preset_problems() of the first unusable preset, or when
  /// there are more than kMaxPresets. `table` is the symmetry tracker's configuration (its
  /// thresholds are what symmetry rules read by default).
  CueEngine(std::vector<CuePreset> presets, const SymmetryTrackerConfig& table);

  /// Puts preset `index` (or kNoPreset) in force from data time t_ns, for protocol block
  /// `block`, with `feedback_pct` % of feedback time for faded schedules (NaN: the preset's
  /// share for `session_number`). Emits the old selection's final adherence, then the plan.
  /// No allocation.
  void select(int index, std::int32_t block, double feedback_pct, std::uint32_t session_number,
              TimeNs t_ns, CueSink& sink) noexcept;

  /// A joined step and the symmetry table after it (nullptr: the step had no forces, so the
  /// table did not change). No allocation; O(rules).
  void on_step(const StepResult& step, const SymmetrySnapshot* table, CueSink& sink) noexcept;

  /// End of data: the selection's final adherence.
  void finish(TimeNs t_ns, CueSink& sink) noexcept;

  /// The baseline block (the gait engine's begin/end). end_baseline() makes the block the
  /// reference when it has steps on both sides and returns it.
  void begin_baseline() noexcept;
  std::optional<StepBaseline> end_baseline() noexcept;
  void set_baseline(const StepBaseline& baseline) noexcept { baseline_ = baseline; }
  const std::optional<StepBaseline>& baseline() const noexcept { return baseline_; }

  /// What the selected preset's first symmetry rule last judged: its metric ("" when there is
  /// none), the SI (%, NaN until judged), its threshold and window.
  struct SymmetryView {
    const char* metric = "";
    double si_pct = kNaN;
    double threshold_pct = 0;
    std::uint32_t window_steps = 0;
  };
  SymmetryView symmetry_view() const noexcept;

  const std::vector<CuePreset>& presets() const noexcept { return presets_; }
  int selected() const noexcept { return selected_; }
  /// Symmetry-table thresholds the selected preset's rules set (abs_si_pct per variable; NaN =
  /// the station's own). The gait engine applies them to its tracker.
  const std::array<double, kSymVarCount>& table_overrides() const noexcept { return overrides_; }

 private:
  /// The last judged steps of one side (a symmetry rule uses the first only): outside or not.
  struct Persist {
    std::array<bool, preset_limits::kMaxPersistN> outside{};
    std::uint32_t head = 0, count = 0;
    void push(bool out) noexcept {
      outside[head] = out;
      head = (head + 1) % preset_limits::kMaxPersistN;
      if (count < preset_limits::kMaxPersistN) ++count;
    }
    /// Outside among the last min(n, count) judged steps.
    std::uint32_t outside_of_last(std::uint32_t n) const noexcept;
    /// At least n judged, and inside on k of the last n.
    bool inside_k_of_n(std::uint32_t k, std::uint32_t n) const noexcept {
      return count >= n && n - outside_of_last(n) >= k;
    }
  };
  struct RuleState {
    /// Per side for step rules (a one-sided fault shows only in that side's stances: "3 of
    /// the last 4 right stances"); [0] for symmetry rules.
    std::array<Persist, 2> persist{};
    std::size_t last = 0;  // the Persist the last judged step went to
    std::size_t cued = 0;  // the Persist behind the last correction
    TimeNs last_cue_ns = -1;
    std::uint32_t judged_since_cue = 0;
    bool awaiting_praise = false;
    bool was_outside = false;
    double value = kNaN, low = kNaN, high = kNaN;  // last judged
    // Summary schedule: since the last summary.
    std::uint32_t sum_judged = 0, sum_outside = 0;
    // A symmetry window of its own (metrics the table does not show).
    std::array<std::pair<Side, double>, preset_limits::kMaxWindowSteps> window{};
    std::uint32_t win_head = 0, win_count = 0;
    SideMeans means;
    CueAdherence adherence{};
    std::uint32_t since_report = 0;
  };
  struct Candidate {
    std::size_t rule = 0;
    CueKind kind = CueKind::kCorrection;
  };

  /// Judges the step for one rule; false when it cannot (no value, no target).
  bool judge(const CueRule& rule, RuleState& st, const StepResult& step,
             const SymmetrySnapshot* table) noexcept;
  bool feedback_on(TimeNs t_ns) const noexcept;
  bool may_speak(TimeNs t_ns) const noexcept;
  void deliver(const Candidate& c, const StepResult& step, CueSink& sink) noexcept;
  void report(RuleState& st, TimeNs t_ns, bool final, CueSink& sink) noexcept;

  std::vector<CuePreset> presets_;
  SymmetryTrackerConfig table_;
  std::array<double, kSymVarCount> overrides_{};
  std::vector<RuleState> rules_;  // kMaxRules, reused by every preset
  int selected_ = kNoPreset;
  std::int32_t block_ = -1;
  double feedback_pct_ = 100;
  TimeNs block_start_ns_ = -1;
  std::uint32_t steps_since_summary_ = 0;
  std::array<TimeNs, 60> spoken_{};  // times of the last messages (ring), per-minute cap
  std::size_t spoken_head_ = 0, spoken_count_ = 0;
  TimeNs last_message_ns_ = -1;
  bool baseline_open_ = false;
  StepBaselineBlock block_stats_;
  std::optional<StepBaseline> baseline_;
};

/// Why a cue was given, in one line for a clinician or a log (allocates; not for the hot path):
/// "pelvic_drop_deg 8.9 on the right stance, target <= 5 (last 4 steps)",
/// "peak_vgrf_bw symmetry +12.3 % (right larger), target |SI| <= 10",
/// "back inside: pelvic_drop_deg 4.1, target <= 5".
std::string describe_cue(const Cue& cue);

/// The symmetry-table variable a step metric is (peak_vgrf_bw, …), if the table shows it.
std::optional<SymVar> sym_var_for(StepMetric metric) noexcept;

}  // namespace stridecue::processing
