// A smooth curve through keyframes, used for the pelvis angles of the simulated runner.
#pragma once

#include <cstddef>
#include <vector>

namespace stridecue::sim::detail {

/// Value and time derivatives of a track at one instant.
struct TrackPoint {
  double value = 0;  ///< track units (degrees for the pelvis angles)
  double rate = 0;   ///< units per second
  double accel = 0;  ///< units per second², one-sided (left segment) at a keyframe
};

/// Monotone piecewise cubic Hermite interpolation (PCHIP: Fritsch & Carlson 1980, SIAM J Numer
/// Anal 17:238; interior slopes by the Fritsch–Butland weighted harmonic mean, as in SciPy's
/// PchipInterpolator). C1 everywhere. Between two keyframes the curve is monotone, so it never
/// overshoots: every local extreme of the curve is a keyframe and the range of the curve is
/// exactly the range of the keyframe values. The simulator relies on this to know its pelvic
/// truth exactly. The first keyframe has slope 0 and the curve is constant before it.
///
/// Keyframes are appended in increasing time. A keyframe's slope needs its successor, so the
/// curve is defined up to the second-to-last keyframe (defined_until_s()).
class MonotoneTrack {
 public:
  /// Appends a keyframe; t_s must be greater than the last keyframe's time (std::logic_error
  /// otherwise). Allocates (amortised).
  void push(double t_s, double value);

  /// The curve at t_s. Before the first keyframe: the first value, zero rates. Past
  /// defined_until_s(): std::logic_error. No allocation; O(log n).
  TrackPoint at(double t_s) const;

  /// The latest time at which at() is defined (the first keyframe's time with one keyframe).
  double defined_until_s() const;

  std::size_t size() const { return t_s_.size(); }

  /// Reserves room for n keyframes (allocates).
  void reserve(std::size_t n);

 private:
  std::vector<double> t_s_, value_, slope_;
};

}  // namespace stridecue::sim::detail
