// Z-Y-X Cardan decomposition of the pelvis orientation (conventions in pelvis_angles.hpp).
#include "stridecue/processing/pelvis_angles.hpp"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace stridecue::processing {
namespace {
constexpr double kDegPerRad = 180.0 / std::numbers::pi;
}  // namespace

PelvisAngles pelvis_angles_from_rotation(const Eigen::Matrix3d& r) {
  // R = Rz(ψ)Ry(θ)Rx(φ): R(2,0) = −sin θ, R(2,1) = cos θ sin φ, R(2,2) = cos θ cos φ,
  // R(1,0) = sin ψ cos θ, R(0,0) = cos ψ cos θ.
  const double theta = std::asin(std::clamp(-r(2, 0), -1.0, 1.0));
  const double phi = std::atan2(r(2, 1), r(2, 2));
  const double psi = std::atan2(r(1, 0), r(0, 0));
  return {theta * kDegPerRad, -phi * kDegPerRad, -psi * kDegPerRad};
}

Eigen::Matrix3d rotation_from_pelvis_angles(const PelvisAngles& a) {
  const double psi = -a.rotation_deg / kDegPerRad;
  const double theta = a.tilt_deg / kDegPerRad;
  const double phi = -a.obliquity_deg / kDegPerRad;
  return (Eigen::AngleAxisd(psi, Eigen::Vector3d::UnitZ()) *
          Eigen::AngleAxisd(theta, Eigen::Vector3d::UnitY()) *
          Eigen::AngleAxisd(phi, Eigen::Vector3d::UnitX()))
      .toRotationMatrix();
}

}  // namespace stridecue::processing
