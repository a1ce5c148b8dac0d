// Left/right symmetry measures (docs/science.md §4).
#pragma once

#include <cmath>
#include <numbers>

namespace stridecue::processing {

/// Signed symmetry index, %: SI = (R − L) / (0.5·(R + L)) × 100; + means right larger.
/// Robinson, Herzog & Nigg 1987 (J Manipulative Physiol Ther 10:172). NaN when R + L = 0.
inline double symmetry_index_pct(double left, double right) {
  const double mean = 0.5 * (left + right);
  return mean == 0.0 ? std::nan("") : (right - left) / mean * 100.0;
}

/// Symmetry angle, %: SA = (45° − atan(L/R)) / 90° × 100; Zifchock et al. 2008 (Gait Posture
/// 27:622). + means right larger, bounded to ±50 % for positive inputs. NaN when R = 0.
inline double symmetry_angle_pct(double left, double right) {
  if (right == 0.0) return std::nan("");
  const double deg = std::atan(left / right) * 180.0 / std::numbers::pi;
  return (45.0 - deg) / 90.0 * 100.0;
}

}  // namespace stridecue::processing
