// Pelvis orientation, angular velocity and sensor mounting (conventions in runner_pelvis.hpp).
#include "stridecue/sim/runner_pelvis.hpp"

#include <Eigen/Geometry>
#include <cmath>
#include <numbers>

namespace stridecue::sim {
namespace {

constexpr double kRadPerDeg = std::numbers::pi / 180.0;

Mat3 to_row_major(const Eigen::Matrix3d& m) {
  Mat3 out{};
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) out[static_cast<std::size_t>(r * 3 + c)] = m(r, c);
  }
  return out;
}

}  // namespace

Mat3 pelvis_rotation_matrix(const PelvisState& angles) {
  const double psi = -angles.rotation_deg * kRadPerDeg;
  const double theta = angles.tilt_deg * kRadPerDeg;
  const double phi = -angles.obliquity_deg * kRadPerDeg;
  const Eigen::Matrix3d r = (Eigen::AngleAxisd(psi, Eigen::Vector3d::UnitZ()) *
                             Eigen::AngleAxisd(theta, Eigen::Vector3d::UnitY()) *
                             Eigen::AngleAxisd(phi, Eigen::Vector3d::UnitX()))
                                .toRotationMatrix();
  return to_row_major(r);
}

Vec3 pelvis_angular_velocity(const PelvisState& angles, const PelvisRates& rates) {
  const double theta = angles.tilt_deg * kRadPerDeg;
  const double phi = -angles.obliquity_deg * kRadPerDeg;
  const double psi_dot = -rates.rotation_dps * kRadPerDeg;
  const double theta_dot = rates.tilt_dps * kRadPerDeg;
  const double phi_dot = -rates.obliquity_dps * kRadPerDeg;
  const double st = std::sin(theta), ct = std::cos(theta);
  const double sp = std::sin(phi), cp = std::cos(phi);
  return {phi_dot - psi_dot * st, theta_dot * cp + psi_dot * ct * sp,
          -theta_dot * sp + psi_dot * ct * cp};
}

Mat3 mount_rotation_matrix(const std::array<double, 3>& misalignment_deg) {
  const Eigen::Matrix3d m =
      (Eigen::AngleAxisd(misalignment_deg[0] * kRadPerDeg, Eigen::Vector3d::UnitX()) *
       Eigen::AngleAxisd(misalignment_deg[1] * kRadPerDeg, Eigen::Vector3d::UnitY()) *
       Eigen::AngleAxisd(misalignment_deg[2] * kRadPerDeg, Eigen::Vector3d::UnitZ()))
          .toRotationMatrix();
  return to_row_major(m);
}

Vec3 rotate(const Mat3& m, const Vec3& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}

Vec3 rotate_transposed(const Mat3& m, const Vec3& v) {
  return {m[0] * v[0] + m[3] * v[1] + m[6] * v[2], m[1] * v[0] + m[4] * v[1] + m[7] * v[2],
          m[2] * v[0] + m[5] * v[1] + m[8] * v[2]};
}

}  // namespace stridecue::sim
