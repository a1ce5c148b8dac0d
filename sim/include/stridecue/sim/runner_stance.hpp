// Ground reaction of one foot contact of the simulated runner, as a function of the stance
// fraction u = (t − IC) / (TO − IC). Units: body weights (BW).
//
// Vertical, running (after the two-mass idea of Clark, Ryan & Weyand 2017, J Exp Biol 220:247:
// a slow "active" bell plus a short impact bump for rearfoot strikers):
//   fz(u) = A · g(u) + h · b(u)
//   g(u)  = (u/u*)^p · ((1 − u)/(1 − u*))^q,  p = 1.5, q = 1.8, u* = p/(p+q) ≈ 0.455
//   b(u)  = (1 − cos(π u / u_i)) / 2              for 0 < u ≤ u_i   (raised-cosine rise)
//         = (1 + cos(π (u − u_i) / w)) / 2        for u_i < u < u_i + w, w = 0.6 u_i (fall)
//         = 0 elsewhere                          (C1 everywhere)
// A = active peak. u_i = impact_time_frac. The fall is faster than the rise, which gives the
// dip after the impact peak seen in rearfoot recordings; the local maximum lands slightly after
// u_i (≈ 0.13 for u_i = 0.12) because the active curve is still rising. h is solved (bisection) so
// that the first local maximum of fz equals the requested impact peak; h = 0 for forefoot strikes
// (no local maximum before the active peak). fz is C1 at IC (zero slope), exactly 0 at u ≤ 0 and u
// ≥ 1 and > 0 inside. The true active peak and impact peak are the numerically located maxima of
// fz.
//
// Vertical, walking (the classic double hump):
//   fz(u) = A · (s − k s³) / P0,  s = sin(π u), k = 0.68, P0 = (2/3)/√(3k)
// peaks of exactly A at u ≈ 0.25 and 0.75, valley A·(1 − k)/P0 ≈ 0.69 A at u = 0.5.
//
// Anteroposterior (braking then propulsion, zero net impulse — steady speed on a treadmill):
//   fx(u) = −μ0 · (cos(π u) − r) · fz(u),  r = ∫cos(πu) fz du / ∫fz du
// μ0 chosen so that the braking peak (max of −fx) equals the requested braking peak. Because fx
// is proportional to fz the shear/vertical ratio stays bounded (≤ μ0·(1 + |r|)) near IC and TO.
#pragma once

namespace stridecue::sim::detail {

class StanceShape {
 public:
  /// Running contact. impact_peak_bw = 0: forefoot strike (no impact bump). When the requested
  /// impact peak cannot form a local maximum (too small for the rising active curve), the bump
  /// is set to the smallest clear one (1.1 × the threshold height) and impact_peak_bw() reports
  /// what that produced: the truth always describes the curve.
  static StanceShape running(double active_peak_bw, double impact_peak_bw, double impact_time_frac,
                             double braking_peak_bw);
  /// Walking contact (double hump).
  static StanceShape walking(double peak_bw, double braking_peak_bw);
  /// Smallest impact peak (BW) that forms a clear local maximum at impact_time_frac on top of
  /// an active curve of active_peak_bw (the value the fallback above produces).
  static double min_impact_peak_bw(double active_peak_bw, double impact_time_frac);

  /// Vertical force, BW. Exactly 0 for u ≤ 0 or u ≥ 1, > 0 inside.
  double fz_bw(double u) const noexcept;
  /// d fz / du, BW per unit stance fraction (0 outside (0, 1)).
  double dfz_du(double u) const noexcept;
  /// Anteroposterior shear, BW (negative = braking). Exactly 0 outside (0, 1).
  double fx_bw(double u) const noexcept;

  double peak_bw() const noexcept { return peak_bw_; }             ///< max of fz
  double peak_u() const noexcept { return peak_u_; }               ///< where
  double impact_peak_bw() const noexcept { return impact_bw_; }    ///< 0 when none
  double impact_u() const noexcept { return impact_u_; }           ///< 0 when none
  double area_bw() const noexcept { return area_; }                ///< ∫₀¹ fz du
  double braking_peak_bw() const noexcept { return braking_bw_; }  ///< max of −fx
  bool is_walking() const noexcept { return walking_; }

 private:
  struct Extremum {
    bool found = false;
    double u = 0, value = 0;
  };
  double bump(double u) const noexcept;
  double dbump_du(double u) const noexcept;
  Extremum first_local_max(double u_end) const;
  void finish(double braking_peak_bw);

  bool walking_ = false;
  double active_bw_ = 0;    ///< A
  double bump_bw_ = 0;      ///< h
  double impact_frac_ = 0;  ///< u_i
  double mu0_ = 0, mu_r_ = 0;
  double peak_bw_ = 0, peak_u_ = 0, impact_bw_ = 0, impact_u_ = 0, area_ = 0, braking_bw_ = 0;
};

}  // namespace stridecue::sim::detail
