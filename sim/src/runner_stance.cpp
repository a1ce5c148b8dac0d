// Force shapes of one contact (equations and sources in runner_stance.hpp).
#include "stridecue/sim/runner_stance.hpp"

#include <cmath>
#include <numbers>
#include <utility>

namespace stridecue::sim::detail {
namespace {

constexpr double kPi = std::numbers::pi;

// Running active bell g(u) = K u^p (1 − u)^q, peak 1 at u* = p / (p + q) ≈ 0.455 (the simulator's
// assumed shape: active peak at 40–50 % of stance). With p + q = 3.3 the area is ≈ 0.57, so the
// default 2.5 BW × 0.24 s contact has an impulse of ≈ 0.34 BW·s (docs/science.md §2: 0.30–0.34).
constexpr double kRiseExp = 1.5;
constexpr double kFallExp = 1.8;
constexpr double kPeakU = kRiseExp / (kRiseExp + kFallExp);

// The impact bump rises over [0, u_i] and falls over 0.6·u_i: a faster fall than rise gives a
// clear dip after the impact peak, as in rearfoot recordings (peak ≈ 12 % of stance, dip ≈ 19 %).
constexpr double kImpactFallRatio = 0.6;

// Walking double hump s − k s³ (s = sin πu): peaks where s = 1/√(3k), valley/peak ≈ 0.69.
constexpr double kWalkK = 0.68;

// Resolution of the numerical searches; the shapes are smooth, so these are generous.
constexpr int kLocalMaxGrid = 512;
constexpr int kGlobalGrid = 1000;
constexpr int kBisections = 64;

double active_norm() {
  static const double norm = 1.0 / (std::pow(kPeakU, kRiseExp) * std::pow(1.0 - kPeakU, kFallExp));
  return norm;
}

double walk_norm() {
  static const double p0 = (2.0 / 3.0) / std::sqrt(3.0 * kWalkK);
  return p0;
}

double beta_fn(double a, double b) {
  return std::exp(std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b));
}

}  // namespace

double StanceShape::fz_bw(double u) const noexcept {
  if (!(u > 0.0 && u < 1.0)) return 0.0;
  if (walking_) {
    const double s = std::sin(kPi * u);
    return active_bw_ * (s - kWalkK * s * s * s) / walk_norm();
  }
  double f = active_bw_ * active_norm() * std::pow(u, kRiseExp) * std::pow(1.0 - u, kFallExp);
  return f + bump_bw_ * bump(u);
}

double StanceShape::dfz_du(double u) const noexcept {
  if (!(u > 0.0 && u < 1.0)) return 0.0;
  if (walking_) {
    const double s = std::sin(kPi * u);
    return active_bw_ * kPi * std::cos(kPi * u) * (1.0 - 3.0 * kWalkK * s * s) / walk_norm();
  }
  const double g = active_norm() * std::pow(u, kRiseExp) * std::pow(1.0 - u, kFallExp);
  double d = active_bw_ * g * (kRiseExp / u - kFallExp / (1.0 - u));
  return d + bump_bw_ * dbump_du(u);
}

double StanceShape::bump(double u) const noexcept {
  if (bump_bw_ <= 0.0 || u <= 0.0) return 0.0;
  if (u <= impact_frac_) return 0.5 * (1.0 - std::cos(kPi * u / impact_frac_));
  const double fall = kImpactFallRatio * impact_frac_;
  if (u < impact_frac_ + fall) return 0.5 * (1.0 + std::cos(kPi * (u - impact_frac_) / fall));
  return 0.0;
}

double StanceShape::dbump_du(double u) const noexcept {
  if (bump_bw_ <= 0.0 || u <= 0.0) return 0.0;
  if (u <= impact_frac_) return 0.5 * (kPi / impact_frac_) * std::sin(kPi * u / impact_frac_);
  const double fall = kImpactFallRatio * impact_frac_;
  if (u < impact_frac_ + fall)
    return -0.5 * (kPi / fall) * std::sin(kPi * (u - impact_frac_) / fall);
  return 0.0;
}

double StanceShape::fx_bw(double u) const noexcept {
  return -mu0_ * (std::cos(kPi * u) - mu_r_) * fz_bw(u);
}

// First point in (0, u_end] where dfz/du turns from + to −, refined by bisection.
StanceShape::Extremum StanceShape::first_local_max(double u_end) const {
  double prev_u = u_end / kLocalMaxGrid;
  double prev_d = dfz_du(prev_u);
  for (int j = 2; j <= kLocalMaxGrid; ++j) {
    const double u = u_end * j / kLocalMaxGrid;
    const double d = dfz_du(u);
    if (prev_d > 0.0 && d <= 0.0) {
      double lo = prev_u, hi = u;
      for (int k = 0; k < kBisections; ++k) {
        const double mid = 0.5 * (lo + hi);
        (dfz_du(mid) > 0.0 ? lo : hi) = mid;
      }
      const double um = 0.5 * (lo + hi);
      return {true, um, fz_bw(um)};
    }
    prev_u = u;
    prev_d = d;
  }
  return {};
}

namespace {

// Golden-section search for the maximum of f on [lo, hi] (unimodal there by construction).
template <typename F>
double golden_argmax(F f, double lo, double hi) {
  const double r = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = lo, b = hi;
  double c = b - r * (b - a), d = a + r * (b - a);
  double fc = f(c), fd = f(d);
  for (int k = 0; k < kBisections; ++k) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return 0.5 * (a + b);
}

// Maximum of f over (0, 1): the best of a uniform grid, refined by golden section around it.
template <typename F>
std::pair<double, double> grid_max(F f) {
  int best = 1;
  double best_f = f(1.0 / kGlobalGrid);
  for (int j = 2; j < kGlobalGrid; ++j) {
    const double v = f(static_cast<double>(j) / kGlobalGrid);
    if (v > best_f) {
      best_f = v;
      best = j;
    }
  }
  const double u = golden_argmax(f, static_cast<double>(best - 1) / kGlobalGrid,
                                 static_cast<double>(best + 1) / kGlobalGrid);
  const double v = f(u);
  return v >= best_f ? std::pair{u, v} : std::pair{static_cast<double>(best) / kGlobalGrid, best_f};
}

}  // namespace

void StanceShape::finish(double braking_peak_bw) {
  const auto [u_peak, f_peak] = grid_max([this](double u) { return fz_bw(u); });
  peak_bw_ = f_peak;
  peak_u_ = u_peak;
  if (walking_) {
    area_ = active_bw_ * (2.0 / kPi - kWalkK * 4.0 / (3.0 * kPi)) / walk_norm();
  } else {
    area_ = active_bw_ * active_norm() * beta_fn(kRiseExp + 1.0, kFallExp + 1.0) +
            bump_bw_ * 0.5 * (1.0 + kImpactFallRatio) * impact_frac_;
  }
  // r = ∫cos(πu) fz du / ∫fz du by composite Simpson (fz is C1, so this converges fast).
  double num = 0.0, den = 0.0;
  for (int j = 0; j <= kGlobalGrid; ++j) {
    const double u = static_cast<double>(j) / kGlobalGrid;
    const double w = (j == 0 || j == kGlobalGrid) ? 1.0 : (j % 2 == 1 ? 4.0 : 2.0);
    const double f = fz_bw(u);
    num += w * std::cos(kPi * u) * f;
    den += w * f;
  }
  mu_r_ = den > 0.0 ? num / den : 0.0;
  // Braking magnitude per unit μ0: max over u of (cos πu − r)·fz(u).
  const double c =
      grid_max([this](double u) { return (std::cos(kPi * u) - mu_r_) * fz_bw(u); }).second;
  mu0_ = c > 0.0 ? braking_peak_bw / c : 0.0;
  braking_bw_ = c > 0.0 ? grid_max([this](double u) { return -fx_bw(u); }).second : 0.0;
}

StanceShape StanceShape::walking(double peak_bw, double braking_peak_bw) {
  StanceShape s;
  s.walking_ = true;
  s.active_bw_ = peak_bw;
  s.finish(braking_peak_bw);
  return s;
}

namespace {

// Smallest bump height at which fz has a local maximum before u_end (bisection on existence).
template <typename HasMax>
double threshold_bump(HasMax has_max, double active_peak_bw) {
  double lo = 0.0, hi = active_peak_bw;
  for (int k = 0; k < 20 && !has_max(hi); ++k) {
    lo = hi;
    hi *= 2.0;
  }
  for (int k = 0; k < kBisections; ++k) {
    const double mid = 0.5 * (lo + hi);
    (has_max(mid) ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace

StanceShape StanceShape::running(double active_peak_bw, double impact_peak_bw,
                                 double impact_time_frac, double braking_peak_bw) {
  StanceShape s;
  s.active_bw_ = active_peak_bw;
  s.impact_frac_ = impact_time_frac;
  if (impact_peak_bw > 0.0) {
    const double u_end = std::fmin((1.0 + kImpactFallRatio) * impact_time_frac, 0.9 * kPeakU);
    auto local_max = [&](double h) {
      s.bump_bw_ = h;
      return s.first_local_max(u_end);
    };
    auto has_max = [&](double h) { return local_max(h).found; };
    const double h_threshold = threshold_bump(has_max, active_peak_bw);
    // The local maximum grows with h once it exists (envelope theorem: ∂value/∂h = b(u) > 0).
    auto reaches = [&](double h) {
      const Extremum m = local_max(h);
      return m.found && m.value >= impact_peak_bw;
    };
    double lo = h_threshold, hi = std::fmax(2.0 * h_threshold, impact_peak_bw);
    for (int k = 0; k < 20 && !reaches(hi); ++k) {
      lo = hi;
      hi *= 2.0;
    }
    double h = 1.1 * h_threshold;
    if (reaches(hi) && !reaches(1.1 * h_threshold)) {
      for (int k = 0; k < kBisections; ++k) {
        const double mid = 0.5 * (lo + hi);
        (reaches(mid) ? hi : lo) = mid;
      }
      h = hi;
    }
    const Extremum m = local_max(h);
    s.impact_bw_ = m.value;
    s.impact_u_ = m.u;
  }
  s.finish(braking_peak_bw);
  return s;
}

double StanceShape::min_impact_peak_bw(double active_peak_bw, double impact_time_frac) {
  // A request of "just above zero" always falls back to the smallest clear bump.
  return running(active_peak_bw, 1e-9, impact_time_frac, 0.0).impact_peak_bw();
}

}  // namespace stridecue::sim::detail
