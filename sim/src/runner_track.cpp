// Monotone cubic Hermite keyframe track (see runner_track.hpp for the contract and sources).
#include "stridecue/sim/runner_track.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace stridecue::sim::detail {
namespace {

// Fritsch–Butland slope at an interior keyframe from the secants before (d0 over h0) and after
// (d1 over h1): 0 at a local extreme or a flat neighbour, else the weighted harmonic mean. It
// keeps each cubic segment monotone (Fritsch & Carlson's sufficient condition α, β ≤ 3).
double pchip_slope(double h0, double d0, double h1, double d1) {
  if (d0 * d1 <= 0.0) return 0.0;
  const double w0 = 2.0 * h1 + h0;
  const double w1 = h1 + 2.0 * h0;
  return (w0 + w1) / (w0 / d0 + w1 / d1);
}

}  // namespace

void MonotoneTrack::push(double t_s, double value) {
  if (!t_s_.empty() && !(t_s > t_s_.back())) {
    throw std::logic_error("MonotoneTrack::push: keyframe time " + std::to_string(t_s) +
                           " s is not after the previous one (" + std::to_string(t_s_.back()) +
                           " s)");
  }
  t_s_.push_back(t_s);
  value_.push_back(value);
  slope_.push_back(0.0);  // known once the next keyframe arrives
  const std::size_t n = t_s_.size();
  if (n >= 3) {
    const std::size_t i = n - 2;
    const double h0 = t_s_[i] - t_s_[i - 1];
    const double h1 = t_s_[i + 1] - t_s_[i];
    slope_[i] =
        pchip_slope(h0, (value_[i] - value_[i - 1]) / h0, h1, (value_[i + 1] - value_[i]) / h1);
  }
}

void MonotoneTrack::reserve(std::size_t n) {
  t_s_.reserve(n);
  value_.reserve(n);
  slope_.reserve(n);
}

double MonotoneTrack::defined_until_s() const {
  if (t_s_.empty()) return -std::numeric_limits<double>::infinity();
  if (t_s_.size() == 1) return t_s_.front();
  return t_s_[t_s_.size() - 2];
}

TrackPoint MonotoneTrack::at(double t_s) const {
  if (t_s_.empty()) throw std::logic_error("MonotoneTrack::at: no keyframes");
  if (t_s <= t_s_.front()) return {value_.front(), 0.0, 0.0};
  if (t_s > defined_until_s()) {
    throw std::logic_error("MonotoneTrack::at: " + std::to_string(t_s) +
                           " s is past the planned keyframes (" +
                           std::to_string(defined_until_s()) + " s)");
  }
  // Segment i with t_i < t <= t_{i+1}.
  const auto it = std::lower_bound(t_s_.begin(), t_s_.end(), t_s);
  const auto i = static_cast<std::size_t>(it - t_s_.begin()) - 1;
  const double h = t_s_[i + 1] - t_s_[i];
  const double s = (t_s - t_s_[i]) / h;
  const double v0 = value_[i], v1 = value_[i + 1];
  const double m0 = slope_[i] * h, m1 = slope_[i + 1] * h;  // slopes per unit s
  const double s2 = s * s, s3 = s2 * s;
  TrackPoint p;
  p.value = (2 * s3 - 3 * s2 + 1) * v0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * v1 +
            (s3 - s2) * m1;
  p.rate = ((6 * s2 - 6 * s) * v0 + (3 * s2 - 4 * s + 1) * m0 + (-6 * s2 + 6 * s) * v1 +
            (3 * s2 - 2 * s) * m1) /
           h;
  p.accel =
      ((12 * s - 6) * v0 + (6 * s - 4) * m0 + (-12 * s + 6) * v1 + (6 * s - 2) * m1) / (h * h);
  return p;
}

}  // namespace stridecue::sim::detail
