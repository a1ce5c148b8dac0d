// Left/right symmetry per variable, over a rolling window of strides and against the runner's
// own baseline block (docs/science.md §4, §6–7; issue 5). Reports; does not cue — a cue rule reads
// the snapshot and decides.
//
// Measures. SI = (R − L) / (0.5·(R + L)) × 100, signed, + = right larger (Robinson 1987), and
// the symmetry angle SA (Zifchock 2008), both from symmetry.hpp, computed from the per-side
// MEANS over the window (not a mean of per-stride indices).
//
// Window. The last `window_strides` steps of each side (a stride = one left + one right step),
// so an asymmetry that stops is forgotten once window_strides new strides have been seen.
// Steps with Side::kUnknown are ignored (counted). A NaN or ±Inf value — e.g. no impact peak,
// no AP shear on load-cell plates, no previous step — is not counted: each variable carries its
// own n per side. If one side stops reporting, its window holds its last steps (no aging by
// time).
//
// Loading rates (valr_bw_s, vilr_bw_s) come with a method label, and values from different
// methods are not comparable (Schmida 2022, MSSE 54:1382). The tracker keeps separate sums per
// method (up to kMaxLrMethods labels, learned as they appear; "" and "none" mean not measured)
// and never mixes them: the snapshot reports the method with the most left/right pairs in the
// window (ties: the baseline's method, then the most steps, then the first seen), names it in
// `lr_method`, and counts the window's steps measured another way in `lr_other_method_l/r`.
// The baseline keeps one method (the block's, chosen by pairs, then steps); loading-rate
// baseline values are reported and compared only when the window's method is the same.
// A left rearfoot / right forefoot striker under LoadingRatePolicy::kImpactWhenPresent has no
// same-method pairs: loading-rate SI is NaN, never a cross-method number. Use
// kAlwaysFixedWindow for such runners (stance_metrics.hpp).
//
// Flags, per variable, evaluated only when the window is full and the variable has at least
// `min_values_per_side` values on each side:
//  - abs_threshold: |SI| > abs_si_pct.
//  - delta_from_baseline: a baseline exists (with ≥ min_values_per_side values per side, same
//    loading-rate method), |SI − SI_baseline| > delta_from_baseline_si_pct AND |SI| >
//    |SI_baseline| — the asymmetry moved AWAY from symmetry by more than the threshold. A runner
//    who becomes more symmetric than at baseline (the goal of retraining) is not flagged; the
//    signed change is reported in `si_change_pct` for display.
//
// Default thresholds: a starting point the clinician sets per runner (docs/science.md §4: the
// common 10 % SI flag is not validated for running, and asymmetry did not predict injury in 836
// runners, Malisoux 2024). Each default is twice the mean asymmetry of healthy runners on an
// instrumented treadmill — Girard, Morin, Ryu, Read & Townsend 2019, Front Sports Act Living
// 1:36 (9 well-trained runners, 10–25 km/h, 5 + 5 steps, SA scores) — converted from SA to SI
// (SI = 200·(1 − r)/(1 + r) with r = L/R = tan(45° − 0.9°·SA), ≈ π·SA for small values) and
// rounded to a whole percent. The same number is used for the change from baseline: SI over a
// 10-stride window is noisy, and Girard's means (5 + 5 steps) already include step-to-step
// noise, so twice that should rarely fire from noise alone (not yet checked on recordings).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "stridecue/processing/step.hpp"

namespace stridecue::processing {

/// The per-step variables compared left vs right. Order = bit order in flagged_mask.
enum class SymVar : std::uint8_t {
  kContactMs,
  kFlightMs,
  kStepMs,
  kPeakVgrfBw,
  kImpactPeakBw,
  kValrBwS,
  kVilrBwS,
  kImpulseBwS,
  kBrakingImpulseBwS,
  kPropulsiveImpulseBwS,
};
inline constexpr std::size_t kSymVarCount = 10;
static_assert(static_cast<std::size_t>(SymVar::kPropulsiveImpulseBwS) + 1 == kSymVarCount);

constexpr std::size_t sym_index(SymVar var) noexcept {
  return static_cast<std::size_t>(var);
}

/// Output names (the StepResult field names, units included).
inline constexpr std::array<std::string_view, kSymVarCount> kSymVarNames = {
    "contact_ms", "flight_ms", "step_ms",      "peak_vgrf_bw",         "impact_peak_bw",
    "valr_bw_s",  "vilr_bw_s", "impulse_bw_s", "braking_impulse_bw_s", "propulsive_impulse_bw_s"};

constexpr std::string_view sym_var_name(SymVar var) noexcept {
  return kSymVarNames[sym_index(var)];
}

/// True for the variables whose values depend on the loading-rate method.
constexpr bool is_loading_rate(SymVar var) noexcept {
  return var == SymVar::kValrBwS || var == SymVar::kVilrBwS;
}

/// A threshold that never fires.
inline constexpr double kThresholdOff = std::numeric_limits<double>::infinity();

struct SymThresholds {
  double abs_si_pct = kThresholdOff;                  ///< flag when |SI| > this; > 0
  double delta_from_baseline_si_pct = kThresholdOff;  ///< flag when SI moved away by > this; > 0
};

/// 2 × the healthy mean SI (Girard 2019, SA → SI; see the file comment). "borrowed" = Girard
/// report no such variable; the nearest one is used.
inline constexpr std::array<SymThresholds, kSymVarCount> kDefaultSymThresholds = {{
    {4, 4},    // contact_ms: SA 0.6 % → SI 1.9 %
    {11, 11},  // flight_ms: aerial time SA 1.7 % → SI 5.3 %
    {4, 4},    // step_ms: step frequency SA 0.7 % → SI 2.2 % (same |SI| to first order)
    {20, 20},  // peak_vgrf_bw: SA 3.2 % → SI 10.1 %
    {20, 20},  // impact_peak_bw: borrowed from peak vertical force
    {33, 33},  // valr_bw_s: loading rate SA 5.3 % → SI 16.7 %
    {33, 33},  // vilr_bw_s: borrowed from loading rate
    {20, 20},  // impulse_bw_s: borrowed from peak vertical force
    {23, 23},  // braking_impulse_bw_s: braking impulse SA 3.7 % → SI 11.6 %
    {13, 13},  // propulsive_impulse_bw_s: push-off impulse SA 2.1 % → SI 6.6 %
}};

struct SymmetryTrackerConfig {
  /// Steps per side in the rolling window; 1..SymmetryTracker::kMaxWindowStrides.
  std::size_t window_strides = 10;
  /// Values per side a variable needs (in the window, and in the baseline) before it may be
  /// flagged; 1..window_strides, or 0 = half the window rounded up (5 for 10). SI and SA are
  /// reported from one value per side.
  std::size_t min_values_per_side = 0;
  /// Indexed by sym_index(SymVar).
  std::array<SymThresholds, kSymVarCount> thresholds = kDefaultSymThresholds;
};

/// StepResult::loading_rate_method: NUL-terminated, "" = none.
using LoadingRateLabel = decltype(StepResult::loading_rate_method);

/// Per-side means over a baseline block. Save it with the session; restore with set_baseline().
/// A mean is NaN exactly when its n is 0.
struct SymmetryBaseline {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::array<double, kSymVarCount> mean_l = {kNaN, kNaN, kNaN, kNaN, kNaN,
                                             kNaN, kNaN, kNaN, kNaN, kNaN};
  std::array<double, kSymVarCount> mean_r = mean_l;
  std::array<std::uint32_t, kSymVarCount> n_l{};
  std::array<std::uint32_t, kSymVarCount> n_r{};
  /// Method of the valr/vilr means; must be set when either has values.
  LoadingRateLabel lr_method{};
};

enum class SymFlag : std::uint8_t {
  kNone = 0,
  kAbsThreshold = 1,
  kDeltaFromBaseline = 2,
  kBoth = 3,  ///< = kAbsThreshold | kDeltaFromBaseline
};
/// "none", "abs_threshold", "delta_from_baseline", "both".
std::string_view sym_flag_name(SymFlag flag) noexcept;

/// One variable in a snapshot. NaN where a value cannot be computed; counts 0.
struct SymVarStats {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double mean_l = kNaN, mean_r = kNaN;  ///< window means, the variable's unit
  std::uint32_t n_l = 0, n_r = 0;       ///< finite values in the window
  double si_pct = kNaN;                 ///< needs n_l, n_r ≥ 1
  double sa_pct = kNaN;
  /// Baseline (NaN without one, or for loading rates measured with another method).
  double base_mean_l = kNaN, base_mean_r = kNaN, base_si_pct = kNaN;
  std::uint32_t base_n_l = 0, base_n_r = 0;
  double si_change_pct = kNaN;  ///< si_pct − base_si_pct, signed, SI points
  /// Window mean as % of the baseline mean, per side (targets as % of baseline, docs/science.md
  /// §6).
  double pct_of_base_l = kNaN, pct_of_base_r = kNaN;
  SymFlag flag = SymFlag::kNone;
};

struct SymmetrySnapshot {
  std::array<SymVarStats, kSymVarCount> vars{};
  std::uint32_t flagged_mask = 0;          ///< bit sym_index(v) set when vars[v].flag != kNone
  bool window_full = false;                ///< window_strides steps on each side
  std::uint32_t steps_l = 0, steps_r = 0;  ///< steps in the window, per side
  bool has_baseline = false;
  bool baseline_recording = false;  ///< between begin_baseline() and end_baseline()
  LoadingRateLabel lr_method{};     ///< method of the window's valr/vilr; "" when none
  LoadingRateLabel baseline_lr_method{};
  /// Window steps whose loading rate was measured with another (or an unrecognised) method.
  std::uint32_t lr_other_method_l = 0, lr_other_method_r = 0;
  std::uint64_t unknown_side_steps = 0;  ///< ignored since construction

  const SymVarStats& operator[](SymVar var) const& { return vars[sym_index(var)]; }
  /// By value on a temporary, so `const auto& v = tracker.snapshot()[var];` cannot dangle.
  SymVarStats operator[](SymVar var) && { return vars[sym_index(var)]; }
};

/// Not thread-safe: call every method from the processing thread and hand snapshots (plain
/// values) to other threads through the usual queues.
class SymmetryTracker {
 public:
  static constexpr std::size_t kMaxWindowStrides = 64;
  static constexpr std::size_t kMaxLrMethods = 4;

  /// Throws std::invalid_argument naming the field, its value and the valid range.
  explicit SymmetryTracker(const SymmetryTrackerConfig& config = {});

  /// Processing thread; no allocation; non-blocking; O(variables).
  void on_step(const StepResult& step) noexcept;

  /// Starts a baseline block: the following steps are averaged per side per variable. Restarts
  /// (discards) a block already open. The current baseline stays in force until end_baseline().
  /// Processing thread; no allocation.
  void begin_baseline() noexcept;
  /// Closes the block and makes it the baseline. Returns false, changing nothing but closing
  /// the block, when no block was open or it lacked a left or a right step. Processing thread; no
  /// allocation.
  bool end_baseline() noexcept;
  /// Restores a saved baseline (closes any open block). Throws std::invalid_argument naming the
  /// field when a mean and its n disagree or the loading-rate label is missing or unterminated.
  void set_baseline(const SymmetryBaseline& baseline);
  void clear_baseline() noexcept { baseline_.reset(); }
  const std::optional<SymmetryBaseline>& baseline() const noexcept { return baseline_; }
  bool baseline_recording() const noexcept { return recording_; }

  /// Processing thread; no allocation; O(variables × kMaxLrMethods).
  SymmetrySnapshot snapshot() const noexcept;

  const SymmetryTrackerConfig& config() const noexcept { return cfg_; }
  /// Changes one variable's |SI| flag threshold (a cue preset's own number, so the table flags
  /// what the cue judges). `pct` > 0 or kThresholdOff. No allocation.
  void set_abs_threshold(SymVar var, double pct) noexcept {
    cfg_.thresholds[sym_index(var)].abs_si_pct = pct;
  }

 private:
  static constexpr std::uint8_t kNoSlot = 0xFF;
  struct Acc {
    double sum = 0;
    std::uint32_t n = 0;
  };
  /// [variable][loading-rate method slot]; variables other than loading rates use slot 0.
  using AccTable = std::array<std::array<Acc, kMaxLrMethods>, kSymVarCount>;
  struct Entry {
    std::array<double, kSymVarCount> value{};
    std::uint8_t lr_slot = kNoSlot;
  };
  struct SideWindow {
    std::array<Entry, kMaxWindowStrides> ring{};
    std::size_t head = 0, size = 0;
    AccTable acc{};  ///< running sums: + on entry, − on exit, reset to 0 when n reaches 0
    std::uint32_t valr_finite = 0;  ///< window steps with a finite VALR, any method
  };

  /// Adds (add) or removes the entry's finite values; loading rates go to the entry's slot.
  static void apply(AccTable& acc, const Entry& e, bool add) noexcept;
  std::uint8_t lr_slot_for(const LoadingRateLabel& label) noexcept;
  std::size_t pick_lr_slot(const AccTable& left, const AccTable& right,
                           const LoadingRateLabel* prefer) const noexcept;

  SymmetryTrackerConfig cfg_;
  std::array<SideWindow, 2> window_{};  ///< [Side::kLeft], [Side::kRight]
  std::array<LoadingRateLabel, kMaxLrMethods> lr_labels_{};
  std::size_t lr_label_count_ = 0;
  std::uint64_t unknown_side_steps_ = 0;

  bool recording_ = false;
  std::array<AccTable, 2> block_{};  ///< baseline block sums per side
  std::array<std::uint32_t, 2> block_steps_{};
  std::optional<SymmetryBaseline> baseline_;
};

}  // namespace stridecue::processing
