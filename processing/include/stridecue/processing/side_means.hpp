// Per-side means of one per-step value and their left/right symmetry: the one helper behind
// every "mean per side → SI" in StrideCue (the cue rule's window, analyze's summary, the
// dashboard). Symmetry definitions: symmetry.hpp.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "stridecue/core/samples.hpp"
#include "stridecue/processing/symmetry.hpp"

namespace stridecue::processing {

/// Sums of a value per side. Values that are not finite, and steps of unknown side, are not
/// counted. No allocation; any thread that owns it.
class SideMeans {
 public:
  void add(Side side, double value) noexcept { change(side, value, +1); }
  /// Takes back a value added before (a rolling window).
  void remove(Side side, double value) noexcept { change(side, value, -1); }
  void clear() noexcept { *this = SideMeans{}; }

  std::uint32_t n_left() const noexcept { return n_[0]; }
  std::uint32_t n_right() const noexcept { return n_[1]; }
  /// NaN when the side has no value.
  double left() const noexcept { return n_[0] ? sum_[0] / n_[0] : std::nan(""); }
  double right() const noexcept { return n_[1] ? sum_[1] / n_[1] : std::nan(""); }
  /// Signed symmetry index of the means, %, + = right larger; NaN until both sides have a value.
  double si_pct() const noexcept { return symmetry_index_pct(left(), right()); }
  double sa_pct() const noexcept { return symmetry_angle_pct(left(), right()); }
  bool both_sides() const noexcept { return n_[0] > 0 && n_[1] > 0; }

 private:
  void change(Side side, double value, int sign) noexcept {
    if (side == Side::kUnknown || !std::isfinite(value)) return;
    const int k = side == Side::kLeft ? 0 : 1;
    sum_[k] += sign * value;
    n_[k] = static_cast<std::uint32_t>(static_cast<int>(n_[k]) + sign);
    if (n_[k] == 0) sum_[k] = 0;  // no rounding residue once a side is empty
  }
  std::array<double, 2> sum_{};
  std::array<std::uint32_t, 2> n_{};
};

}  // namespace stridecue::processing
