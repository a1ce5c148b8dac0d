// Helpers shared by the simulated-runner tests: quiet configs, sampling, small rotations
// written independently of the model (so a sign slip in the model cannot cancel in the test).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

#include "stridecue/sim/runner.hpp"

namespace stridecue::sim::test {

inline constexpr double kG = 9.80665;
inline constexpr double kDeg = std::numbers::pi / 180.0;

/// Defaults with every noise source off (forces, IMU noise, gyro bias and its walk).
inline RunnerConfig quiet(RunnerConfig c = {}) {
  c.force_noise_n = 0.0;
  c.acc_noise_mps2 = 0.0;
  c.gyro_noise_rads = 0.0;
  c.gyro_bias_rads = {0.0, 0.0, 0.0};
  c.gyro_bias_walk_rads_per_sqrt_s = 0.0;
  return c;
}

inline double weight_n(const RunnerConfig& c) {
  return c.body_mass_kg * kG;
}

/// Truth of every step completed by t_end.
inline std::vector<StepTruth> steps_until(Runner& r, TimeNs t_end) {
  std::vector<StepTruth> out;
  r.take_completed_steps(t_end, out);
  return out;
}

/// Noise-free Fz of one plate at t.
inline double fz_truth(Runner& r, TimeNs t, int plate) {
  std::array<PlateTruth, 2> p{};
  r.plates_truth_at(t, std::span<PlateTruth>(p.data(), static_cast<std::size_t>(r.plate_count())));
  return p[static_cast<std::size_t>(plate)].fz_n;
}

/// Sum of Fz over the plates at t (noise-free).
inline double fz_total(Runner& r, TimeNs t) {
  double s = 0;
  for (int p = 0; p < r.plate_count(); ++p) s += fz_truth(r, t, p);
  return s;
}

// ---- Rotations written out by hand (row-major 3×3) ----------------------------------------
using M3 = std::array<double, 9>;
using V3 = std::array<double, 3>;

inline M3 mul(const M3& a, const M3& b) {
  M3 c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return c;
}
inline M3 transpose(const M3& a) {
  return {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
}
inline V3 apply(const M3& a, const V3& v) {
  return {a[0] * v[0] + a[1] * v[1] + a[2] * v[2], a[3] * v[0] + a[4] * v[1] + a[5] * v[2],
          a[6] * v[0] + a[7] * v[1] + a[8] * v[2]};
}
inline M3 rot_x(double rad) {
  const double c = std::cos(rad), s = std::sin(rad);
  return {1, 0, 0, 0, c, -s, 0, s, c};
}
inline M3 rot_y(double rad) {
  const double c = std::cos(rad), s = std::sin(rad);
  return {c, 0, s, 0, 1, 0, -s, 0, c};
}
inline M3 rot_z(double rad) {
  const double c = std::cos(rad), s = std::sin(rad);
  return {c, -s, 0, s, c, 0, 0, 0, 1};
}
/// The documented pelvis orientation: R = Rz(−rotation)·Ry(tilt)·Rx(−obliquity).
inline M3 pelvis_r(const PelvisState& p) {
  return mul(rot_z(-p.rotation_deg * kDeg),
             mul(rot_y(p.tilt_deg * kDeg), rot_x(-p.obliquity_deg * kDeg)));
}
/// Rotation angle of a rotation matrix, degrees.
inline double angle_deg(const M3& r) {
  const double c = std::clamp((r[0] + r[4] + r[8] - 1.0) / 2.0, -1.0, 1.0);
  return std::acos(c) / kDeg;
}
/// exp of a rotation vector (Rodrigues).
inline M3 expmap(const V3& w) {
  const double th = std::sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
  if (th < 1e-300) return {1, 0, 0, 0, 1, 0, 0, 0, 1};
  const V3 k{w[0] / th, w[1] / th, w[2] / th};
  const M3 kx{0, -k[2], k[1], k[2], 0, -k[0], -k[1], k[0], 0};
  const M3 kx2 = mul(kx, kx);
  M3 r{1, 0, 0, 0, 1, 0, 0, 0, 1};
  for (int i = 0; i < 9; ++i) r[i] += std::sin(th) * kx[i] + (1 - std::cos(th)) * kx2[i];
  return r;
}

}  // namespace stridecue::sim::test
