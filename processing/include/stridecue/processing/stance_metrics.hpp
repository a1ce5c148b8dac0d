// Per-stance force metrics (docs/science.md §4): active peak, impact peak, loading rate with its
// method named, vertical impulse, and braking/propulsive impulse from the AP shear.
//
// Frame (docs/science.md §3): GRF on the runner, Z up, X forward (running direction); Fx < 0
// brakes.
//
// Time base. The samples are uniform, from the first sample after initial contact (IC) to the
// last before toe-off (TO). With n samples of period dt, sample k stands for the time
// (k + ½)·dt after IC and the stance fraction u_k = (k + ½)/n, and the contact lasts n·dt:
// that is the mean position of samples strictly inside (IC, TO) when IC falls anywhere between
// two samples. Loading rates and impulses use the polyline through (0, 0), the samples and
// (n·dt, 0) — the force is ≈ 0 at IC and TO (the contact thresholds, ≤ 50 N, docs/science.md §3).
//
// Loading rate (docs/science.md §4; Schmida et al. 2022, MSSE 54:1382, who compared four methods
// and found the values differ by method and speed — so every result names its method):
//  - impact_20_80 (rearfoot, impact peak present): VALR = mean slope from where the rising vGRF
//    first crosses 20 % to where it first crosses 80 % of the impact-peak height (crossings
//    interpolated) = 0.6·IP / (t80 − t20); VILR = the largest sample-to-sample slope of the
//    segments that span [t20, t80].
//  - fixed_<a>_<b>pct (no impact peak, or when asked for): mean slope over a fixed fraction of
//    stance, default 3–12 % (Schmida 2022 method 4), = (F(t_b) − F(t_a)) / (t_b − t_a); and the
//    largest segment slope over that window (our extension: Schmida report the mean only).
// The two methods do not give comparable numbers: a left/right symmetry index between a step
// measured one way and a step measured the other is meaningless — use
// LoadingRatePolicy::kAlwaysFixedWindow for runners who mix strike patterns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

namespace stridecue::processing {

enum class LoadingRateMethod : std::uint8_t {
  kNone,          ///< not computed (invalid stance)
  kImpact20To80,  ///< "impact_20_80": 20–80 % of the impact peak
  kFixedWindow,   ///< "fixed_window": a fixed fraction of stance (see lr_start/end_frac)
};
/// Static string: "none", "impact_20_80", "fixed_window".
const char* loading_rate_method_name(LoadingRateMethod method) noexcept;

enum class LoadingRatePolicy : std::uint8_t {
  kImpactWhenPresent,  ///< impact_20_80 when an impact peak is found, else the fixed window
  kAlwaysFixedWindow,  ///< fixed window on every step (comparable across strike patterns)
};

struct StanceMetricsOptions {
  /// Impact-peak candidates must lie before this fraction of stance (and before the active
  /// peak). Rearfoot impact peaks fall at ≈ 5–25 % of stance; 0.5 leaves room for slow runners.
  double impact_search_end_frac = 0.5;
  /// A candidate is a real impact peak only if the force then falls by at least this much
  /// (BW) before rising above the candidate again — a right-side prominence. 0.05 BW is 34 N at
  /// 70 kg, ≈ 11 σ of 3 N plate noise (a false peak needs an 11 σ sample-to-sample swing), yet
  /// below the dips of clear rearfoot strikes: 0.07–0.54 BW for 1.4–1.9 BW impacts on the
  /// simulator's 2.35–2.7 BW active curves (0.14–0.44 BW in the shipped scenarios). A shoulder
  /// without a dip is not an impact peak. Filtering matters: a causal 50 Hz low-pass keeps
  /// 1.5 BW impacts (dip 0.16 → 0.13 BW), a 20 Hz one erases them.
  double impact_min_drop_bw = 0.05;
  /// Fixed loading-rate window, fractions of stance (Schmida 2022: 3–12 %).
  double fixed_window_start_frac = 0.03;
  double fixed_window_end_frac = 0.12;
  LoadingRatePolicy loading_rate_policy = LoadingRatePolicy::kImpactWhenPresent;
};

/// Throws std::invalid_argument naming the field, its value and the valid range. For
/// configuration time; compute_stance_metrics() itself never throws (it reports kBadOptions).
void validate(const StanceMetricsOptions& options);

enum class StanceStatus : std::uint8_t {
  kOk,
  kEmpty,            ///< no samples
  kBadSamplePeriod,  ///< sample period not finite or ≤ 0
  kBadBodyWeight,    ///< body weight not finite or ≤ 0
  kBadOptions,       ///< options fail validate()
  kNonFiniteSample,  ///< a NaN/Inf in fz
};

enum class ShearStatus : std::uint8_t {
  kAbsent,  ///< no fx given
  kOk,
  kLengthMismatch,   ///< fx.size() != fz.size(): shear metrics left NaN
  kNonFiniteSample,  ///< a NaN/Inf in fx: shear metrics left NaN
};

/// Results of one stance. Forces in body weights (BW), times as fractions of stance.
/// Fields are NaN when not defined (no impact peak, no shear, invalid input).
struct StanceMetrics {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  StanceStatus status = StanceStatus::kEmpty;
  bool valid() const noexcept { return status == StanceStatus::kOk; }
  std::size_t n_samples = 0;
  double contact_s = kNaN;  ///< n · dt

  // Active peak: the maximum of vGRF (first sample of a tie).
  double peak_vgrf_bw = kNaN;
  double t_peak_frac = kNaN;
  std::size_t peak_index = 0;  ///< sample index into fz

  // Impact peak (rearfoot strikers; see StanceMetricsOptions::impact_min_drop_bw).
  bool has_impact = false;
  double impact_peak_bw = kNaN;
  double t_impact_frac = kNaN;
  std::size_t impact_index = 0;
  /// Depth of the dip after the impact peak: impact − the lowest force before the force
  /// climbs back above the impact height (or reaches the active peak), BW.
  double impact_dip_bw = kNaN;

  // Loading rate, BW/s, with its method (see the file comment).
  LoadingRateMethod lr_method = LoadingRateMethod::kNone;
  double valr_bw_s = kNaN;  ///< mean slope over the window
  double vilr_bw_s = kNaN;  ///< largest segment slope over the window
  /// The window, fractions of stance: the 20 %/80 % crossings (impact_20_80) or the configured
  /// fixed window (fixed_window).
  double lr_start_frac = kNaN;
  double lr_end_frac = kNaN;

  // Impulses (polyline trapezoid, see the file comment), BW·s.
  double impulse_bw_s = kNaN;  ///< ∫Fz dt
  ShearStatus shear = ShearStatus::kAbsent;
  double braking_impulse_bw_s = kNaN;     ///< ∫ max(−Fx, 0) dt, reported positive
  double propulsive_impulse_bw_s = kNaN;  ///< ∫ max(Fx, 0) dt
  double braking_peak_bw = kNaN;          ///< max(−Fx), ≥ 0 (0 if Fx never < 0)
  double propulsive_peak_bw = kNaN;       ///< max(Fx), ≥ 0
};

/// Metrics of one stance. fz_n: vertical GRF, N; sample_period_s: dt; body_weight_n: mass·g;
/// fx_n: optional AP shear, N (same length as fz_n, X forward, negative = braking).
/// Any thread; does not allocate, does not throw, O(n). Invalid input gives a result with
/// status != kOk (and NaN metrics) rather than an exception.
StanceMetrics compute_stance_metrics(std::span<const float> fz_n, double sample_period_s,
                                     double body_weight_n, std::span<const float> fx_n = {},
                                     const StanceMetricsOptions& options = {}) noexcept;

/// The loading-rate method as a column-ready label: "impact_20_80", "fixed_3_12pct" (the fixed
/// window in % of stance) or "none". Writes into `out` (32 chars always suffice; shorter
/// buffers are truncated) and returns a view of it. Does not allocate.
std::string_view loading_rate_label(const StanceMetrics& metrics, std::span<char> out) noexcept;

}  // namespace stridecue::processing
