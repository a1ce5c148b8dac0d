// Plate faults of the simulated runner: zero drift and flight-phase ringing (docs/science.md §3).
// Both are added to the noisy output of plates_at only; the truth (plates_truth_at, the step truth,
// contact_crossing_ns) never sees them, so they add no contact and move no event.
//
// Zero drift, per plate p (what the plate reads with nothing on it; 0 at t = 0, when the plates
// were zeroed unloaded before the session):
//   z_p(t) = s_p · (1/60) ∫₀ᵗ zero_drift_n_per_min(τ) dτ + W_p(t)           (Fz, N)
//   s_p = ±1, drawn per plate. The integral is exact under scripted changes (the rate is
//   piecewise linear in time), so a change of rate bends the drift without a jump.
//   W_p is a random walk on a 1 s grid: W_p(0) = 0, W_p(j+1) = W_p(j) + σ_j·√(1 s)·n_{j,p},
//   n ~ N(0, 1), σ_j = zero_drift_walk_n_per_sqrt_s at the interval's midpoint; linear between
//   knots (so its SD after t seconds is σ·√t).
//   Fx = a_p·0.1·z_p, Fy = b_p·0.1·z_p (a_p, b_p = ±1 per plate): shear channels drift an
//   order of magnitude less than Fz. Moments: none — the offset acts at the plate origin, so the
//   COP formula of runner.hpp sees it only through Fx·dz and Fz.
//   Randomness: its own stream (signs first, then two normals per 1 s knot, always both
//   plates), drawn in grid order, so the offset at t depends only on the seed and the config.
//
// Ringing (the plate/belt structure rings when a foot leaves it). After the toe-off of every
// contact, on each plate that carried it, for τ = t − TO in [0, 10 T):
//   r(τ) = share · A · e^(−τ/T) · sin(2π f τ)                              (Fz only, N)
//   A = flight_ringing_n, f = ringing_hz, T = ringing_decay_s, from the config in effect at the
//   step's initial contact; share = the fraction of the contact on that plate (1, or the
//   across-belts split). r(0) = 0: no jump at toe-off. The first lobe is positive, with its
//   maximum A·e^(−τ*/T)·sin(2π f τ*) at τ* = atan(2π f T)/(2π f): ≈ 0.80·A 6.5 ms after toe-off
//   for 35 Hz and 30 ms, so A = 80 N crosses a 50 N contact threshold (docs/science.md §3: ringing
//   crosses 5 % BW in real recordings). Cut at 10 T (< 5·10⁻⁵ A). Deterministic: no draws.
//   Sampled at 1 kHz, ringing_hz must stay below 500 Hz (validate() enforces ≤ 500 Hz).
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "stridecue/sim/runner.hpp"

namespace stridecue::sim {
namespace {

constexpr double kShearDriftRatio = 0.1;
constexpr std::size_t kReserveDriftKnots = 1024;  // ≈ 17 minutes before the first reallocation

}  // namespace

void Runner::init_faults(std::uint64_t seed) {
  drift_rng_ = detail::RandomStream(detail::splitmix64(seed ^ 0x64726674ULL));
  for (auto& plate : drift_sign_) {
    for (double& s : plate) s = drift_rng_.uniform() < 0.5 ? -1.0 : 1.0;
  }
  drift_walk_n_.reserve(kReserveDriftKnots);
  drift_walk_n_.push_back({});
  ring_window_s_ = kRingingDecays * config_.ringing_decay_s;
}

void Runner::extend_drift_until(TimeNs t_ns) {
  const auto needed = static_cast<std::size_t>((t_ns + kDriftKnotNs - 1) / kDriftKnotNs) + 1;
  const double dt_s = ns_to_s(kDriftKnotNs);
  while (drift_walk_n_.size() < needed) {
    const TimeNs mid =
        static_cast<TimeNs>(drift_walk_n_.size() - 1) * kDriftKnotNs + kDriftKnotNs / 2;
    const double sigma =
        script_.value_at(config_, config_.zero_drift_walk_n_per_sqrt_s, mid) * std::sqrt(dt_s);
    std::array<double, kMaxPlates> next = drift_walk_n_.back();
    for (double& w : next) w += sigma * drift_rng_.gaussian();
    drift_walk_n_.push_back(next);
  }
}

ZeroOffset Runner::zero_offset_at(int plate, TimeNs t_ns) {
  if (plate < 0 || plate >= plate_count()) {
    throw std::invalid_argument("Runner::zero_offset_at: plate " + std::to_string(plate) +
                                " does not exist; this belt has " + std::to_string(plate_count()) +
                                " (plate_count())");
  }
  const TimeNs t = std::max<TimeNs>(t_ns, 0);
  extend_drift_until(t);
  const auto p = static_cast<std::size_t>(plate);
  const auto j = static_cast<std::size_t>(t / kDriftKnotNs);
  const double frac = static_cast<double>(t - static_cast<TimeNs>(j) * kDriftKnotNs) /
                      static_cast<double>(kDriftKnotNs);
  double walk = drift_walk_n_[j][p];
  if (frac > 0.0) walk += (drift_walk_n_[j + 1][p] - walk) * frac;
  const double linear = script_.integral_s(config_, config_.zero_drift_n_per_min, t) / 60.0;
  const std::array<double, 3>& sign = drift_sign_[p];
  ZeroOffset z;
  z.fz_n = sign[0] * linear + walk;
  z.fx_n = sign[1] * kShearDriftRatio * z.fz_n;
  z.fy_n = sign[2] * kShearDriftRatio * z.fz_n;
  return z;
}

double Runner::ringing_n(int plate, TimeNs t_ns) const {
  const auto after =
      std::upper_bound(plan_.begin(), plan_.end(), t_ns,
                       [](TimeNs t, const PlannedStep& p) { return t < p.truth.t_ic_ns; });
  const bool split = config_.belt == Belt::kSplit;
  double sum = 0.0;
  for (auto it = after; it != plan_.begin();) {
    const PlannedStep& s = *--it;
    if (s.truth.t_to_ns > t_ns) continue;  // still in contact
    const double tau_s = ns_to_s(t_ns - s.truth.t_to_ns);
    if (tau_s >= ring_window_s_) break;  // toe-offs come in order: every earlier one is older
    if (s.ring_amp_n == 0.0 || tau_s >= kRingingDecays * s.ring_decay_s) continue;
    const int own = split && s.truth.side == Side::kRight ? 1 : 0;
    double share = own == plate ? s.truth.own_belt_share : 0.0;
    if (s.truth.across_belts && 1 - own == plate) share += 1.0 - s.truth.own_belt_share;
    sum += share * s.ring_amp_n * std::exp(-tau_s / s.ring_decay_s) *
           std::sin(2.0 * std::numbers::pi * s.ring_hz * tau_s);
  }
  return sum;
}

}  // namespace stridecue::sim
