// Stance metrics: definitions and sources in stance_metrics.hpp.
#include "stridecue/processing/stance_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace stridecue::processing {
namespace {

// Fractions of the impact peak that bound the impact_20_80 window (docs/science.md §4).
constexpr double kLowFrac = 0.2;
constexpr double kHighFrac = 0.8;

bool options_ok(const StanceMetricsOptions& o) noexcept {
  return o.impact_search_end_frac > 0.0 && o.impact_search_end_frac <= 1.0 &&
         std::isfinite(o.impact_min_drop_bw) && o.impact_min_drop_bw > 0.0 &&
         o.fixed_window_start_frac >= 0.0 && o.fixed_window_start_frac < o.fixed_window_end_frac &&
         o.fixed_window_end_frac <= 1.0;
}

// The stance as a polyline in "sample time" τ (units of dt after IC): the point k = −1 is IC
// (τ = 0, F = 0), k = 0 … n−1 are the samples (τ = k + ½), k = n is TO (τ = n, F = 0).
// Segment s joins points s and s + 1, s = −1 … n−1.
class Polyline {
 public:
  explicit Polyline(std::span<const float> f) : f_(f), n_(static_cast<long>(f.size())) {}

  double tau(long k) const noexcept {
    if (k < 0) return 0.0;
    if (k >= n_) return static_cast<double>(n_);
    return static_cast<double>(k) + 0.5;
  }
  double value(long k) const noexcept {
    return (k < 0 || k >= n_) ? 0.0 : static_cast<double>(f_[static_cast<std::size_t>(k)]);
  }
  double slope(long s) const noexcept {  // per unit τ
    return (value(s + 1) - value(s)) / (tau(s + 1) - tau(s));
  }
  /// Segment holding τ, with the left end closed: [tau(s), tau(s+1)).
  long segment_from(double t) const noexcept {
    return std::clamp(static_cast<long>(std::floor(t - 0.5)), -1L, n_ - 1);
  }
  /// Segment holding τ, with the right end closed: (tau(s), tau(s+1)].
  long segment_to(double t) const noexcept {
    return std::clamp(static_cast<long>(std::ceil(t - 0.5)) - 1, -1L, n_ - 1);
  }
  double at(double t) const noexcept {
    const long s = segment_from(t);
    const double t0 = tau(s), t1 = tau(s + 1);
    const double a = std::clamp((t - t0) / (t1 - t0), 0.0, 1.0);
    return value(s) + a * (value(s + 1) - value(s));
  }
  /// τ where the polyline crosses `level` on segment (k − 1, k), given value(k−1) < level ≤
  /// value(k).
  double crossing(long k, double level) const noexcept {
    const double f0 = value(k - 1), f1 = value(k);
    const double a = f1 > f0 ? (level - f0) / (f1 - f0) : 1.0;
    return tau(k - 1) + a * (tau(k) - tau(k - 1));
  }
  double max_slope(long s_from, long s_to) const noexcept {
    double m = -std::numeric_limits<double>::infinity();
    for (long s = s_from; s <= std::max(s_from, s_to); ++s) m = std::max(m, slope(s));
    return m;
  }

 private:
  std::span<const float> f_;
  long n_;
};

// First index k ≥ from with f[k] ≥ level (the caller guarantees one exists at or before `last`).
long first_at_or_above(std::span<const float> f, long from, long last, double level) noexcept {
  for (long k = from; k <= last; ++k) {
    if (static_cast<double>(f[static_cast<std::size_t>(k)]) >= level) return k;
  }
  return last;
}

// Area of the segment (a → b) of width w, split at its zero crossing into the part below zero
// (added to `neg` as a positive number) and above (added to `pos`).
void add_signed_area(double a, double b, double w, double& neg, double& pos) noexcept {
  if (a >= 0.0 && b >= 0.0) {
    pos += 0.5 * (a + b) * w;
  } else if (a <= 0.0 && b <= 0.0) {
    neg -= 0.5 * (a + b) * w;
  } else {
    const double z = a / (a - b);  // fraction of w where the line crosses zero
    if (a < 0.0) {
      neg -= 0.5 * a * z * w;
      pos += 0.5 * b * (1.0 - z) * w;
    } else {
      pos += 0.5 * a * z * w;
      neg -= 0.5 * b * (1.0 - z) * w;
    }
  }
}

struct ImpactSearch {
  bool found = false;
  long index = 0;
  double dip_n = 0;
};

// Highest point before the first dip of at least `min_drop_n`, among samples before
// `candidate_end` (and before the active peak). One pass: the running maximum is the candidate;
// the dip is the lowest force since it was set. Then the dip is followed to its bottom.
ImpactSearch find_impact(std::span<const float> f, long peak, long candidate_end,
                         double min_drop_n) noexcept {
  auto v = [&](long k) { return static_cast<double>(f[static_cast<std::size_t>(k)]); };
  ImpactSearch r;
  long cand = 0;
  double cand_f = v(0), low = v(0);
  long j = 1;
  for (; j <= peak; ++j) {
    const double x = v(j);
    if (x > cand_f) {
      if (j >= candidate_end) return r;  // rose past the candidate outside the search window
      cand = j;
      cand_f = x;
      low = x;
    } else {
      low = std::min(low, x);
      // cand > 0: a maximum at the first sample has no rise in view; not a peak.
      if (cand > 0 && cand_f - low >= min_drop_n) break;
    }
  }
  if (j > peak) return r;
  for (++j; j <= peak && v(j) <= cand_f; ++j) low = std::min(low, v(j));
  r.found = true;
  r.index = cand;
  r.dip_n = cand_f - low;
  return r;
}

}  // namespace

const char* loading_rate_method_name(LoadingRateMethod method) noexcept {
  switch (method) {
    case LoadingRateMethod::kImpact20To80:
      return "impact_20_80";
    case LoadingRateMethod::kFixedWindow:
      return "fixed_window";
    case LoadingRateMethod::kNone:
      break;
  }
  return "none";
}

void validate(const StanceMetricsOptions& o) {
  auto fail = [](const char* field, double value, const char* fix) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", value);
    throw std::invalid_argument(std::string("stance metrics: ") + field + ": " + buf + " " + fix);
  };
  if (!(o.impact_search_end_frac > 0.0 && o.impact_search_end_frac <= 1.0)) {
    fail("impact_search_end_frac", o.impact_search_end_frac,
         "is outside (0, 1]; give a fraction of stance, e.g. 0.5");
  }
  if (!(std::isfinite(o.impact_min_drop_bw) && o.impact_min_drop_bw > 0.0)) {
    fail("impact_min_drop_bw", o.impact_min_drop_bw,
         "must be a positive number of body weights, e.g. 0.05");
  }
  if (!(o.fixed_window_start_frac >= 0.0 && o.fixed_window_start_frac < 1.0)) {
    fail("fixed_window_start_frac", o.fixed_window_start_frac,
         "is outside [0, 1); give a fraction of stance, e.g. 0.03");
  }
  if (!(o.fixed_window_end_frac > o.fixed_window_start_frac && o.fixed_window_end_frac <= 1.0)) {
    fail("fixed_window_end_frac", o.fixed_window_end_frac,
         "must be above fixed_window_start_frac and at most 1; e.g. 0.12");
  }
}

StanceMetrics compute_stance_metrics(std::span<const float> fz_n, double sample_period_s,
                                     double body_weight_n, std::span<const float> fx_n,
                                     const StanceMetricsOptions& options) noexcept {
  StanceMetrics m;
  m.n_samples = fz_n.size();
  if (fz_n.empty()) {
    m.status = StanceStatus::kEmpty;
    return m;
  }
  if (!(std::isfinite(sample_period_s) && sample_period_s > 0.0)) {
    m.status = StanceStatus::kBadSamplePeriod;
    return m;
  }
  if (!(std::isfinite(body_weight_n) && body_weight_n > 0.0)) {
    m.status = StanceStatus::kBadBodyWeight;
    return m;
  }
  if (!options_ok(options)) {
    m.status = StanceStatus::kBadOptions;
    return m;
  }
  const long n = static_cast<long>(fz_n.size());
  const double nd = static_cast<double>(n);
  const double dt = sample_period_s;
  const double bw = body_weight_n;

  // Active peak and the finiteness check in one pass.
  long peak = 0;
  double sum = 0.0;
  for (long k = 0; k < n; ++k) {
    const double x = fz_n[static_cast<std::size_t>(k)];
    if (!std::isfinite(x)) {
      m.status = StanceStatus::kNonFiniteSample;
      return m;
    }
    sum += x;
    if (x > fz_n[static_cast<std::size_t>(peak)]) peak = k;
  }
  m.status = StanceStatus::kOk;
  m.contact_s = nd * dt;
  const Polyline line(fz_n);
  m.peak_index = static_cast<std::size_t>(peak);
  m.peak_vgrf_bw = line.value(peak) / bw;
  m.t_peak_frac = line.tau(peak) / nd;
  // Polyline trapezoid from IC (F = 0) to TO (F = 0): Σ f − (f₀ + f_{n−1})/4, times dt.
  m.impulse_bw_s = (sum - 0.25 * (line.value(0) + line.value(n - 1))) * dt / bw;

  // Impact peak: candidates at u_k = (k + ½)/n < impact_search_end_frac, before the peak.
  const long candidate_end =
      std::min(peak, static_cast<long>(std::ceil(options.impact_search_end_frac * nd - 0.5)));
  const ImpactSearch impact =
      find_impact(fz_n, peak, candidate_end, options.impact_min_drop_bw * bw);
  if (impact.found) {
    m.has_impact = true;
    m.impact_index = static_cast<std::size_t>(impact.index);
    m.impact_peak_bw = line.value(impact.index) / bw;
    m.t_impact_frac = line.tau(impact.index) / nd;
    m.impact_dip_bw = impact.dip_n / bw;
  }

  // Loading rate. Slopes are per unit τ (one sample period): × 1/(dt·bw) gives BW/s.
  const double to_bw_s = 1.0 / (dt * bw);
  if (impact.found && options.loading_rate_policy == LoadingRatePolicy::kImpactWhenPresent) {
    const double ip = line.value(impact.index);
    const double lo = kLowFrac * ip, hi = kHighFrac * ip;
    const long k_lo = first_at_or_above(fz_n, 0, impact.index, lo);
    const long k_hi = first_at_or_above(fz_n, k_lo, impact.index, hi);
    const double t_lo = line.crossing(k_lo, lo), t_hi = line.crossing(k_hi, hi);
    m.lr_method = LoadingRateMethod::kImpact20To80;
    m.lr_start_frac = t_lo / nd;
    m.lr_end_frac = t_hi / nd;
    m.valr_bw_s =
        t_hi > t_lo ? (hi - lo) / (t_hi - t_lo) * to_bw_s : line.slope(k_hi - 1) * to_bw_s;
    m.vilr_bw_s = line.max_slope(k_lo - 1, k_hi - 1) * to_bw_s;
  } else {
    const double t_a = options.fixed_window_start_frac * nd;
    const double t_b = options.fixed_window_end_frac * nd;
    m.lr_method = LoadingRateMethod::kFixedWindow;
    m.lr_start_frac = options.fixed_window_start_frac;
    m.lr_end_frac = options.fixed_window_end_frac;
    m.valr_bw_s = (line.at(t_b) - line.at(t_a)) / (t_b - t_a) * to_bw_s;
    m.vilr_bw_s = line.max_slope(line.segment_from(t_a), line.segment_to(t_b)) * to_bw_s;
  }

  // AP shear: the same polyline, each segment split at its zero crossing.
  if (fx_n.empty()) return m;
  if (fx_n.size() != fz_n.size()) {
    m.shear = ShearStatus::kLengthMismatch;
    return m;
  }
  const Polyline shear(fx_n);
  double braking = 0.0, propulsive = 0.0, min_fx = 0.0, max_fx = 0.0;
  for (long s = -1; s < n; ++s) {
    const double a = shear.value(s), b = shear.value(s + 1);
    if (!std::isfinite(b)) {
      m.shear = ShearStatus::kNonFiniteSample;
      return m;
    }
    add_signed_area(a, b, shear.tau(s + 1) - shear.tau(s), braking, propulsive);
    min_fx = std::min(min_fx, b);
    max_fx = std::max(max_fx, b);
  }
  m.shear = ShearStatus::kOk;
  m.braking_impulse_bw_s = braking * dt / bw;
  m.propulsive_impulse_bw_s = propulsive * dt / bw;
  m.braking_peak_bw = -min_fx / bw;
  m.propulsive_peak_bw = max_fx / bw;
  return m;
}

std::string_view loading_rate_label(const StanceMetrics& metrics, std::span<char> out) noexcept {
  if (out.empty()) return {};
  int len = 0;
  if (metrics.lr_method == LoadingRateMethod::kFixedWindow) {
    len = std::snprintf(out.data(), out.size(), "fixed_%.3g_%.3gpct", metrics.lr_start_frac * 100.0,
                        metrics.lr_end_frac * 100.0);
  } else {
    len = std::snprintf(out.data(), out.size(), "%s", loading_rate_method_name(metrics.lr_method));
  }
  if (len < 0) return {};
  return {out.data(), std::min(static_cast<std::size_t>(len), out.size() - 1)};
}

}  // namespace stridecue::processing
